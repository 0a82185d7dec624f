import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/client.ts';
import { openTestDatabase } from '../test/database.ts';
import { testDriver } from '../test/driver.ts';
import { InProcessQueue } from './in-process-queue.ts';
import { PgBossQueue } from './pg-boss-queue.ts';
import type { JobDefinition } from './queue.ts';

const quiet = { warn: () => {}, error: () => {} };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const driver = testDriver().kind;

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database.close());

/** A job that counts its runs (and which worker ran it), taking a little while each time. */
function probe(log: string[], worker: string, name = 'probe'): JobDefinition {
  return {
    name,
    cron: '0 0 1 1 *', // once a year: only triggers run it during the test
    run: async () => {
      log.push(worker);
      await sleep(300);
    },
  };
}

describe(`background jobs (${driver === 'postgres' ? 'pg-boss on PostgreSQL' : 'in-process on PGlite'})`, () => {
  it('runs a triggered job once, with two workers running', async () => {
    const log: string[] = [];
    if (driver === 'postgres') {
      // Two worker instances and a web instance that only sends, all on the same database.
      const workers = [
        new PgBossQueue(database.url!, quiet, 0.5),
        new PgBossQueue(database.url!, quiet, 0.5),
      ];
      const web = new PgBossQueue(database.url!, quiet);
      await Promise.all(workers.map((w, i) => w.start([probe(log, `worker-${i}`)], { work: true })));
      await web.start([probe(log, 'web')], { work: false });
      await web.trigger('probe');
      const until = Date.now() + 15_000;
      while (log.length === 0 && Date.now() < until) await sleep(100);
      await sleep(2_500); // several polling rounds of both workers
      await Promise.all([...workers, web].map((q) => q.stop()));
      expect(log).toHaveLength(1);
      expect(log[0]).toMatch(/^worker-/);
    } else {
      const queue = new InProcessQueue(quiet);
      await queue.start([probe(log, 'in-process')], { work: true });
      await queue.trigger('probe');
      await queue.idle('probe');
      await queue.stop();
      expect(log).toEqual(['in-process']);
    }
  });

  it('coalesces triggers: one run at a time, at most one more waiting', async () => {
    const log: string[] = [];
    const queue =
      driver === 'postgres' ? new PgBossQueue(database.url!, quiet, 0.5) : new InProcessQueue(quiet);
    await queue.start([probe(log, 'w', 'burst')], { work: true });
    for (let i = 0; i < 10; i++) await queue.trigger('burst');
    await sleep(driver === 'postgres' ? 4_000 : 1_000);
    await queue.stop();
    expect(log.length).toBeGreaterThanOrEqual(1);
    expect(log.length).toBeLessThanOrEqual(2);
  });

  it('a queue that only sends never runs jobs itself', async () => {
    const log: string[] = [];
    const queue = driver === 'postgres' ? new PgBossQueue(database.url!, quiet) : new InProcessQueue(quiet);
    await queue.start([probe(log, 'sender', 'only-sent')], { work: false });
    await queue.trigger('only-sent');
    await sleep(500);
    await queue.stop();
    expect(log).toEqual([]);
  });
});
