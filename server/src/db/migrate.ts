import { fileURLToPath } from 'node:url';
import { drizzle as drizzleNodePg } from 'drizzle-orm/node-postgres';
import { migrate as migrateNodePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import { type Database, defaultPostgresTimeouts, postgresSessionOptionsWith } from './client.ts';
import { buildIndexesConcurrently } from './concurrent-indexes.ts';

export const migrationsFolder = fileURLToPath(new URL('./migrations', import.meta.url));

/** Applies every committed migration not yet applied, then refreshes statistics. */
export async function migrateDatabase(database: Database): Promise<void> {
  if (database.driver === 'postgres') {
    // A connection of its own without the statement time limit: a migration may rewrite or
    // index a large table for longer than any request should take.
    const client = new pg.Client({
      connectionString: database.url,
      options: postgresSessionOptionsWith({ ...defaultPostgresTimeouts, statementMs: 0 }),
    });
    await client.connect();
    try {
      await buildIndexesConcurrently(client, migrationsFolder);
      await migrateNodePg(drizzleNodePg(client), { migrationsFolder });
    } finally {
      await client.end();
    }
  } else {
    await migratePglite(database.db as unknown as PgliteDatabase, { migrationsFolder });
  }
  await database.analyze();
}
