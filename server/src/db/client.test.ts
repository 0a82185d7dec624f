import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../test/database.ts';
import { type Database, openDatabase, postgresSessionOptionsWith, queryRows } from './client.ts';

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database.close());

/** Polls until `check` holds, failing after `ms`. */
async function eventually(check: () => Promise<boolean>, ms = 15_000) {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not true within ${ms} ms`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

describe('PostgreSQL time limits', () => {
  it('puts the statement and idle-in-transaction limits in every session', async () => {
    expect(postgresSessionOptionsWith({ statementMs: 30_000, idleInTransactionMs: 60_000 })).toMatch(
      /-c statement_timeout=30000 -c idle_in_transaction_session_timeout=60000$/,
    );
    if (database.driver !== 'postgres') return; // PGlite has one session and no pool to exhaust
    const [settings] = await queryRows<{ statement: string; idle: string }>(
      database.db,
      sql`select current_setting('statement_timeout') as statement, current_setting('idle_in_transaction_session_timeout') as idle`,
    );
    expect(settings).toEqual({ statement: '30s', idle: '1min' });
  });

  it('ends a session left idle in a transaction, and fails a wait for a connection instead of queueing for ever', async () => {
    if (database.driver !== 'postgres') return;
    const small = await openDatabase({
      driver: 'postgres',
      url: database.url!,
      poolSize: 1,
      timeouts: { idleInTransactionMs: 1_000, connectMs: 200 },
    });
    let release!: () => void;
    try {
      const held = new Promise<void>((resolve) => {
        release = resolve;
      });
      let started!: (pid: number) => void;
      const inside = new Promise<number>((resolve) => {
        started = resolve;
      });
      const transaction = small.db
        .transaction(async (tx) => {
          const [row] = await queryRows<{ pid: number }>(tx, sql`select pg_backend_pid() as pid`);
          started(row!.pid);
          await held;
          await tx.execute(sql`select 1`);
        })
        .catch((error: unknown) => error);
      const pid = await inside;
      // The one connection is taken: another caller gets an error, not an endless wait.
      const waited = await small.db.execute(sql`select 1`).catch((error: { cause?: Error }) => error.cause);
      expect(waited).toBeInstanceOf(Error);
      expect((waited as Error).message).toBe('timeout exceeded when trying to connect');
      // The server ends the session that sits idle inside its transaction (and the process survives it).
      await eventually(
        async () =>
          (await queryRows(database.db, sql`select 1 from pg_stat_activity where pid = ${pid}`)).length === 0,
      );
      release();
      expect(await transaction).toBeInstanceOf(Error);
      // The pool replaces the lost connection.
      expect(await queryRows(small.db, sql`select 1 as n`)).toEqual([{ n: 1 }]);
    } finally {
      release();
      await small.close();
    }
  });
});
