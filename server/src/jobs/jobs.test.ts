import { setImmediate } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/client.ts';
import { openTestDatabase } from '../test/database.ts';
import { testDriver } from '../test/driver.ts';
import { InProcessQueue } from './in-process-queue.ts';
import { PgBossQueue } from './pg-boss-queue.ts';
import type { JobDefinition, JobQueue } from './queue.ts';

const quiet = { warn: () => {}, error: () => {} };
const driver = testDriver().kind;

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database.close());

/** A latch the test opens: a job held on it stays running until then. */
function latch() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { open, opened };
}

/**
 * A job that records each run (and which worker ran it). With `hold`, a run says it has
 * started and then waits for the test to release it, so triggers can arrive while it runs.
 */
function probe(
  log: string[],
  worker: string,
  name: string,
  hold?: { started: () => void; release: Promise<void> },
): JobDefinition {
  return {
    name,
    cron: '0 0 1 1 *', // once a year: only triggers run it during the test
    run: async () => {
      log.push(worker);
      hold?.started();
      await hold?.release;
    },
  };
}

const worker = (): JobQueue =>
  driver === 'postgres' ? new PgBossQueue(database.url!, quiet, 0.5) : new InProcessQueue(quiet);

describe(`background jobs (${driver === 'postgres' ? 'pg-boss on PostgreSQL' : 'in-process on PGlite'})`, () => {
  it('runs a triggered job once, with two workers running', async () => {
    const log: string[] = [];
    if (driver === 'postgres') {
      // Two worker instances and a web instance that only sends, all on the same database.
      const workers = [worker(), worker()];
      const web = new PgBossQueue(database.url!, quiet);
      await Promise.all(workers.map((w, i) => w.start([probe(log, `worker-${i}`, 'probe')], { work: true })));
      await web.start([probe(log, 'web', 'probe')], { work: false });
      await web.trigger('probe');
      await web.drain();
      await Promise.all([...workers, web].map((q) => q.stop()));
      expect(log).toHaveLength(1);
      expect(log[0]).toMatch(/^worker-/);
    } else {
      const queue = worker();
      await queue.start([probe(log, 'in-process', 'probe')], { work: true });
      await queue.trigger('probe');
      await queue.drain();
      expect(log).toEqual(['in-process']);
      await queue.stop();
    }
  });

  it('coalesces triggers: one run at a time, and one more for all the triggers during it', async () => {
    const log: string[] = [];
    const started = latch();
    const release = latch();
    const queue = worker();
    await queue.start([probe(log, 'w', 'burst', { started: started.open, release: release.opened })], {
      work: true,
    });
    await queue.trigger('burst');
    await started.opened;
    for (let i = 0; i < 9; i++) await queue.trigger('burst');
    expect(log).toEqual(['w']); // held: the second run has not started alongside the first
    release.open();
    await queue.drain();
    expect(log).toEqual(['w', 'w']);
    await queue.stop();
  });

  it('waits in drain for a job that a running job triggers', async () => {
    const log: string[] = [];
    const queue = worker();
    const first: JobDefinition = {
      name: 'first',
      cron: '0 0 1 1 *',
      run: async () => {
        log.push('first');
        await setImmediate(); // so that the second is triggered after drain has begun waiting
        await queue.trigger('second');
      },
    };
    const second: JobDefinition = {
      name: 'second',
      cron: '0 0 1 1 *',
      run: async () => {
        await setImmediate(); // yields to the event loop, as I/O would: it ends after the first
        log.push('second');
      },
    };
    await queue.start([first, second], { work: true });
    await queue.trigger('first');
    await queue.drain();
    expect(log).toEqual(['first', 'second']); // before stop, which would wait for running jobs itself
    await queue.stop();
  });

  it('a queue that only sends never runs jobs itself', async () => {
    const log: string[] = [];
    const sender = driver === 'postgres' ? new PgBossQueue(database.url!, quiet) : new InProcessQueue(quiet);
    await sender.start([probe(log, 'sender', 'only-sent')], { work: false });
    await sender.trigger('only-sent');
    if (driver === 'postgres') {
      // The job waits in the database for a worker, which runs it.
      const later = worker();
      await later.start([probe(log, 'worker', 'only-sent')], { work: true });
      await sender.drain();
      await later.stop();
    } else {
      // One process by design: with no worker here, a trigger is dropped (the schedule catches up).
      await sender.drain();
    }
    await sender.stop();
    expect(log).toEqual(driver === 'postgres' ? ['worker'] : []);
  });
});
