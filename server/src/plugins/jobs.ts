import fp from 'fastify-plugin';
import type { Config } from '../config.ts';
import { rapportJobs } from '../jobs/definitions.ts';
import { InProcessQueue } from '../jobs/in-process-queue.ts';
import { PgBossQueue } from '../jobs/pg-boss-queue.ts';
import type { JobQueue } from '../jobs/queue.ts';
import { createMailer } from '../modules/notifications/mailer.ts';

declare module 'fastify' {
  interface FastifyInstance {
    jobs: JobQueue;
  }
}

export type JobsOptions = {
  config: Config;
  /** Run the jobs in this process (roles `worker` and `all`); otherwise only send them. */
  work: boolean;
  /** pg-boss on PostgreSQL (the default there), or the in-process runner. */
  queue?: 'auto' | 'in-process';
};

/** The background job queue: pg-boss on PostgreSQL, an in-process runner on PGlite. */
export const jobsPlugin = fp<JobsOptions>(async (app, options) => {
  const { database } = app;
  const usePgBoss = (options.queue ?? 'auto') === 'auto' && database.driver === 'postgres' && database.url;
  const queue: JobQueue = usePgBoss ? new PgBossQueue(database.url!, app.log) : new InProcessQueue(app.log);
  const mailer = createMailer(options.config.smtp);
  const baseUrl = (options.config.publicUrl ?? `http://localhost:${options.config.port}`).replace(/\/$/, '');
  app.decorate('jobs', queue);
  await queue.start(rapportJobs({ db: database.db, mailer, baseUrl, jobs: queue }), { work: options.work });
  app.addHook('onClose', async () => {
    await queue.stop();
    mailer?.close();
  });
});
