import pg from 'pg';
import { afterAll, expect } from 'vitest';

/**
 * A transaction has one connection, and node-postgres queues a query sent on a connection still
 * busy with another (it warns now; pg 9 will refuse): `Promise.all` over a transaction's queries.
 * Outside a transaction each query takes its own pool connection, so a query sent on a busy one
 * is always that mistake. Any in a test file fails it, with where the query was sent from;
 * `allOf(tx, [...])` runs them one after another on a transaction and at once on the pool.
 */
const busy: string[] = [];
type Internals = { _activeQuery?: unknown; _queryQueue?: unknown[] };
const send = pg.Client.prototype.query;
pg.Client.prototype.query = function (this: pg.Client & Internals, ...args: unknown[]) {
  if (this._activeQuery || (this._queryQueue?.length ?? 0) > 0)
    busy.push(new Error('A query was sent on a connection busy with another').stack ?? '');
  return (send as (...a: unknown[]) => unknown).apply(this, args);
} as typeof send;

afterAll(() => {
  expect(busy, 'queries sent at once on one connection (a transaction): use allOf(tx, [...])').toEqual([]);
});
