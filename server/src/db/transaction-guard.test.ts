import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../test/database.ts';
import { type Database, queryRows } from './client.ts';
import { RootQueryInTransactionError } from './transaction-guard.ts';

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database.close());

const one = async (executor: Pick<Database['db'], 'execute'>) =>
  queryRows<{ n: number }>(executor as Database['db'], sql`select 1 as n`);

/** The guard's error, whether drizzle passed it on as is or wrapped it as the cause of a query error. */
const guardError = (error: unknown) =>
  error instanceof RootQueryInTransactionError ? error : (error as { cause?: unknown }).cause;

/** A promise and the function that resolves it, to hold a transaction open at a known point. */
function gate() {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

describe('the root database inside a transaction callback', () => {
  it('refuses a root query, a root raw statement and a root transaction, naming the problem', async () => {
    const outcomes = await database.db.transaction(async (tx) => {
      const query = await database.db.execute(sql`select 1`).catch((error: unknown) => error);
      const select = await database.db
        .select({ n: sql`1` })
        .from(sql`(select 1) as t`)
        .catch((error: unknown) => error);
      const nested = await database.db.transaction(async () => 1).catch((error: unknown) => error);
      return { query, select, nested, own: await one(tx) };
    });
    for (const error of [outcomes.query, outcomes.select, outcomes.nested]) {
      expect(guardError(error)).toBeInstanceOf(RootQueryInTransactionError);
      expect((guardError(error) as Error).message).toMatch(
        /inside a transaction callback: pass the transaction \(tx\)/,
      );
    }
    expect(outcomes.own).toEqual([{ n: 1 }]);
  });

  it('lets other callers queue for the database while a transaction is open', async () => {
    const entered = gate();
    const release = gate();
    const transaction = database.db.transaction(async (tx) => {
      entered.open();
      await release.promise;
      return one(tx);
    });
    await entered.promise;
    const outside = one(database.db);
    release.open();
    expect(await transaction).toEqual([{ n: 1 }]);
    expect(await outside).toEqual([{ n: 1 }]);
  });

  it('does not refuse work a callback left to run after its transaction ended', async () => {
    const later = gate();
    let afterwards: Promise<unknown> | undefined;
    await database.db.transaction(async () => {
      afterwards = later.promise.then(() => one(database.db));
    });
    later.open();
    expect(await afterwards).toEqual([{ n: 1 }]);
  });

  it('still refuses after the transaction rolled back, then serves the root database again', async () => {
    const failure = await database.db
      .transaction(async () => {
        await database.db.execute(sql`select 1`);
      })
      .catch((error: unknown) => error);
    expect(guardError(failure)).toBeInstanceOf(RootQueryInTransactionError);
    expect(await one(database.db)).toEqual([{ n: 1 }]);
  });
});
