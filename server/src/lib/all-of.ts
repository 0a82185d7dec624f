import { PgTransaction } from 'drizzle-orm/pg-core';
import type { Executor } from '../db/client.ts';

/**
 * Runs independent reads at once on the database (each takes its own pool connection), and one
 * after another on a transaction: a transaction has one connection, and queries sent on it at
 * once only queue there (node-postgres warns about it now; pg 9 refuses it).
 */
export async function allOf<T extends readonly unknown[]>(
  db: Executor,
  tasks: { [K in keyof T]: () => Promise<T[K]> },
): Promise<T> {
  if (!(db instanceof PgTransaction))
    return Promise.all(tasks.map((task) => task())) as unknown as Promise<T>;
  const results: unknown[] = [];
  for (const task of tasks) results.push(await task());
  return results as unknown as T;
}
