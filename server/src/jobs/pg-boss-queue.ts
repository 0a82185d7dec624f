import { setTimeout as delay } from 'node:timers/promises';
import PgBoss from 'pg-boss';
import type { JobDefinition, JobQueue } from './queue.ts';

type Log = { warn(obj: object, msg: string): void; error(obj: object, msg: string): void };

/**
 * Creates the queue unless it exists. "stately": at most one job waiting and one running per
 * name, so triggers coalesce. Instances starting together can deadlock creating the same
 * queue; the loser waits a moment and finds it made.
 */
async function ensureQueue(boss: PgBoss, name: string) {
  for (let attempt = 0; ; attempt++) {
    if (await boss.getQueue(name)) return;
    try {
      await boss.createQueue(name, { name, policy: 'stately', retryLimit: 3, retryDelay: 30 });
      return;
    } catch (error) {
      if (attempt >= 5) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100 + Math.random() * 400));
    }
  }
}

/** The PostgreSQL queue: pg-boss in its own schema, one job at a time per name across all instances. */
export class PgBossQueue implements JobQueue {
  readonly kind = 'pg-boss' as const;
  private boss: PgBoss | undefined;
  private readonly names = new Set<string>();

  constructor(
    private readonly url: string,
    private readonly log: Log,
    private readonly pollingIntervalSeconds = 2,
  ) {}

  async start(definitions: JobDefinition[], options: { work: boolean }) {
    const boss = new PgBoss({
      connectionString: this.url,
      schema: 'pgboss',
      max: 3,
      application_name: 'rapport-jobs',
      // Only workers keep time and tidy up; the web role just sends.
      supervise: options.work,
      schedule: options.work,
    });
    boss.on('error', (err) => this.log.error({ err }, 'job queue error'));
    await boss.start();
    this.boss = boss;
    for (const job of definitions) {
      await ensureQueue(boss, job.name);
      this.names.add(job.name);
      if (!options.work) continue;
      await boss.work(job.name, { pollingIntervalSeconds: this.pollingIntervalSeconds }, async () => {
        await job.run();
      });
      await boss.schedule(job.name, job.cron, {}, { tz: job.timeZone ?? 'UTC' });
    }
  }

  async trigger(name: string) {
    if (!this.boss || !this.names.has(name)) return;
    try {
      await this.boss.send(name, {});
    } catch (err) {
      // A missed trigger is caught by the job's schedule; the request that asked must not fail.
      this.log.warn({ err, job: name }, 'could not trigger a job');
    }
  }

  /**
   * pg-boss signals no completion across instances, so this reads the queue's own state: it
   * resolves when none of our jobs is created, waiting for a retry or active, on any instance.
   */
  async drain({ timeoutMs = 60_000 }: { timeoutMs?: number } = {}) {
    const boss = this.boss;
    if (!boss) return;
    const until = Date.now() + timeoutMs;
    for (;;) {
      const waiting: string[] = [];
      for (const name of this.names) {
        const count = await boss.getQueueSize(name, { before: 'completed' });
        if (count) waiting.push(`${name} (${count})`);
      }
      if (waiting.length === 0) return;
      if (Date.now() > until)
        throw new Error(`jobs still waiting or running after ${timeoutMs} ms: ${waiting}`);
      await delay(100);
    }
  }

  async stop() {
    await this.boss?.stop({ graceful: true, wait: true, timeout: 10_000 });
    this.boss = undefined;
  }
}
