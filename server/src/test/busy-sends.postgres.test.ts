import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, queryRows } from '../db/client.ts';
import { users } from '../db/schema/index.ts';
import { allOf } from '../lib/all-of.ts';
import { busySendCount, describeBusySends, takeBusySends } from './busy-sends-detector.ts';
import { openTestDatabase } from './database.ts';
import { testDriver } from './driver.ts';

/*
 * The detector itself, on real connections: it must see a query sent while another is in flight,
 * name where it came from, and see nothing in sequential sends. Each test takes what it provoked
 * out of the record, so the setup file (when on) does not fail it for them.
 */

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await database?.close();
});

const thisFile = 'server/src/test/busy-sends.postgres.test.ts';

describe('the busy-send detector', () => {
  it('records a query sent on a pg client busy with another, and names both', async () => {
    const driver = testDriver();
    if (driver.kind !== 'postgres') throw new Error('this file runs on PostgreSQL only');
    const client = new pg.Client({ connectionString: driver.url });
    await client.connect();
    try {
      const mark = busySendCount();
      const first = client.query('select pg_sleep(0.05) as first');
      const second = client.query('select 2 as second');
      await Promise.all([first, second]);
      const found = takeBusySends(mark);
      expect(found).toHaveLength(1);
      expect(found[0]?.sql).toBe('select 2 as second');
      expect(found[0]?.busyWith).toBe('select pg_sleep(0.05) as first');
      const message = describeBusySends(found, 'here') ?? '';
      expect(message).toMatch(/^1 query was sent on a connection busy with another \(here\), from 1 origin/);
      expect(message).toContain(`second send from:\n      at ${thisFile}:`);
      expect(message).toContain(`the query in flight from:\n      at ${thisFile}:`);
    } finally {
      await client.end();
    }
  });

  it('sees Promise.all over a transaction, and lists one origin however often it sends', async () => {
    const mark = busySendCount();
    for (let round = 0; round < 2; round += 1)
      await database.db.transaction(async (tx) => {
        await Promise.all([tx.execute(sql`select pg_sleep(0.02)`), tx.select().from(users).limit(1)]);
      });
    const found = takeBusySends(mark);
    expect(found).toHaveLength(2);
    expect(found.every((send) => send.sql.startsWith('select'))).toBe(true);
    const message = describeBusySends(found, 'during this test') ?? '';
    expect(message).toMatch(
      /^2 queries were sent on a connection busy with another \(during this test\), from 1 origin:/,
    );
    expect(message).toContain(`${thisFile}:`);
  });

  it('records nothing for sequential awaits, allOf on a transaction, or Promise.all on the pool', async () => {
    const mark = busySendCount();
    await database.db.transaction(async (tx) => {
      await tx.execute(sql`select pg_sleep(0.02)`);
      await tx.select().from(users).limit(1);
      const [slept, listed] = await allOf<[number, number]>(tx, [
        async () => (await queryRows(tx, sql`select pg_sleep(0.02)`)).length,
        async () => (await tx.select().from(users).limit(1)).length,
      ]);
      expect(slept).toBe(1);
      expect(listed).toBeLessThanOrEqual(1);
    });
    await Promise.all([
      database.db.execute(sql`select pg_sleep(0.02)`),
      database.db.select().from(users).limit(1),
    ]);
    expect(takeBusySends(mark)).toEqual([]);
    expect(describeBusySends([], 'anywhere')).toBeUndefined();
  });
});
