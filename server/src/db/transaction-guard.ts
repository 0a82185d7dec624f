import { AsyncLocalStorage } from 'node:async_hooks';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';

/** Thrown when code inside a transaction callback queries the root database instead of `tx`. */
export class RootQueryInTransactionError extends Error {
  override name = 'RootQueryInTransactionError';
  constructor() {
    super(
      'A query on the root database (ctx.db) ran inside a transaction callback: pass the transaction (tx) instead. ' +
        'On PGlite it would wait for ever for the one connection the transaction holds; on PostgreSQL it holds a second pool connection.',
    );
  }
}

/**
 * Which transaction callback the current code runs in (AsyncLocalStorage follows it across
 * awaits, and other requests have their own, so their root queries still queue normally).
 * `open` turns false when the callback ends, so work it left behind is not refused later.
 */
const callback = new AsyncLocalStorage<{ open: boolean }>();

/** Marks every `db.transaction(...)` callback, so root queries inside it can be refused. */
// biome-ignore lint/suspicious/noExplicitAny: wraps the database of either driver.
export function markTransactions<D extends PgDatabase<PgQueryResultHKT, any>>(db: D): D {
  const begin = db.transaction.bind(db);
  const transaction: typeof db.transaction = (run, config) =>
    begin((tx) => {
      const state = { open: true };
      return callback
        .run(state, () => run(tx))
        .finally(() => {
          state.open = false;
        });
    }, config);
  db.transaction = transaction;
  return db;
}

/**
 * Makes the driver's root entry points (PGlite's query/exec/transaction, the pg pool's
 * query/connect) throw inside a transaction callback instead of hanging or exhausting the pool.
 * The transaction's own queries go through its own client, which is not wrapped.
 */
export function refuseInsideTransactions<T extends object>(client: T, methods: (keyof T & string)[]): void {
  const target = client as Record<string, unknown>;
  for (const name of methods) {
    const original = (target[name] as (...args: unknown[]) => unknown).bind(client);
    target[name] = (...args: unknown[]) => {
      if (callback.getStore()?.open) throw new RootQueryInTransactionError();
      return original(...args);
    };
  }
}
