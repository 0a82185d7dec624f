import type { PGlite } from '@electric-sql/pglite';
import type { Logger } from 'drizzle-orm';
import { drizzle as drizzleNodePg } from 'drizzle-orm/node-postgres';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import pg from 'pg';
import type { Database, Db } from '../db/client.ts';
import * as schema from '../db/schema/index.ts';

/**
 * Records the SQL text that code sends, without changing the code: a second Drizzle handle on
 * the same database with a query logger (Drizzle calls it with each statement before sending
 * it). The handle has one connection, as PGlite does, so statements that code sends at once
 * (`Promise.all`) run, and are recorded, one after another: on PostgreSQL a pool of one, which
 * queues them itself rather than sending them on a busy connection (pg 9 refuses that).
 */
export async function openSqlCapture(database: Database) {
  const pgClient =
    database.driver === 'postgres' ? new pg.Pool({ connectionString: database.url, max: 1 }) : null;
  const pglite =
    database.driver === 'pglite' ? (database.db as unknown as { $client: PGlite }).$client : null;

  return {
    /**
     * Runs `work` on a fresh handle (so per-handle caches start empty) and returns the text of
     * each statement it sent, in order.
     */
    async capture(work: (db: Db) => Promise<unknown>): Promise<string[]> {
      const statements: string[] = [];
      const logger: Logger = { logQuery: (query) => statements.push(query) };
      const db = (pgClient
        ? drizzleNodePg(pgClient, { schema, logger })
        : drizzlePglite(pglite!, { schema, logger })) as unknown as Db;
      await work(db);
      return statements;
    },
    close: async () => {
      await pgClient?.end();
    },
  };
}
