import fp from 'fastify-plugin';
import type { Config } from '../config.ts';
import { rapportJobs } from '../jobs/definitions.ts';
import { InProcessQueue } from '../jobs/in-process-queue.ts';
import { JOB } from '../jobs/names.ts';
import { PgBossQueue } from '../jobs/pg-boss-queue.ts';
import type { JobQueue } from '../jobs/queue.ts';
import type { Storage } from '../modules/attachments/storage.ts';
import { createDispatcher, type Dispatcher, type Subscriber } from '../modules/events/dispatcher.ts';
import type { ImportDeps } from '../modules/imports/imports.service.ts';
import { rapportSubscribers } from '../subscribers.ts';

declare module 'fastify' {
  interface FastifyInstance {
    jobs: JobQueue;
    /** Delivers recorded events to the subscribers (the deliver-events job calls it). */
    events: Dispatcher;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export type JobsOptions = {
  config: Config;
  /** Run the jobs in this process (roles `worker` and `all`); otherwise only send them. */
  work: boolean;
  /** pg-boss on PostgreSQL (the default there), or the in-process runner. */
  queue?: 'auto' | 'in-process';
  /** Subscribers beyond Rapport's own (tests; later, plug-ins). */
  subscribers?: Subscriber[];
  /** Where attachments are kept (subscribers remove deleted records' files). */
  storage: Storage;
  /** What import runs need: their files' storage and the matching settings. */
  imports: ImportDeps;
};

/** The background job queue: pg-boss on PostgreSQL, an in-process runner on PGlite. */
export const jobsPlugin = fp<JobsOptions>(async (app, options) => {
  const { database } = app;
  const usePgBoss = (options.queue ?? 'auto') === 'auto' && database.driver === 'postgres' && database.url;
  const queue: JobQueue = usePgBoss ? new PgBossQueue(database.url!, app.log) : new InProcessQueue(app.log);
  const { mailer } = app;
  const baseUrl = (options.config.publicUrl ?? `http://localhost:${options.config.port}`).replace(/\/$/, '');
  const events = createDispatcher(
    database.db,
    [...rapportSubscribers({ storage: options.storage }), ...(options.subscribers ?? [])],
    app.log,
  );
  app.decorate('jobs', queue);
  app.decorate('events', events);
  const definitions = rapportJobs({
    db: database.db,
    mailer,
    baseUrl,
    jobs: queue,
    events,
    storage: options.storage,
    imports: options.imports,
    log: app.log,
  });
  await queue.start(definitions, { work: options.work });
  // An import a crash stopped half way goes on at once, not at the next minute: once the app
  // is ready (on PGlite the run would hold the one connection while the plugins still load).
  // On pg-boss the killed instance's job stays "active" until it expires, and a trigger would
  // wait behind it: this instance runs the sweep itself (batches check the position they
  // continue from, so two runners never apply a row twice).
  if (options.work)
    app.addHook('onReady', async () => {
      const resume = definitions.find((d) => d.name === JOB.runImports)!;
      if (queue.kind === 'in-process') await queue.trigger(JOB.runImports);
      else void resume.run().catch((err: unknown) => app.log.error({ err }, 'could not resume the imports'));
    });
  // A successful write has recorded events: ask for their delivery soon rather than at the next
  // minute. Asks within 50 ms make one (the job is a sweep), so a burst of writes costs one
  // trigger, not one per write.
  let asked: NodeJS.Timeout | null = null;
  app.addHook('onResponse', async (request, reply) => {
    if (SAFE_METHODS.has(request.method) || reply.statusCode >= 400 || asked) return;
    asked = setTimeout(() => {
      asked = null;
      queue
        .trigger(JOB.deliverEvents)
        .catch((err) => app.log.error({ err }, 'could not ask for event delivery'));
    }, 50);
    asked.unref();
  });
  app.addHook('onClose', async () => {
    if (asked) clearTimeout(asked);
  });
  app.addHook('onClose', async () => {
    await queue.stop();
  });
});
