import path from 'node:path';
import { sql } from 'drizzle-orm';
import { drizzle as drizzleNodePg } from 'drizzle-orm/node-postgres';
import { migrate as migrateNodePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import { repositoryRoot } from '../lib/root.ts';
import { type Database, defaultPostgresTimeouts, postgresSessionOptionsWith } from './client.ts';
import { buildIndexesConcurrently } from './concurrent-indexes.ts';

/** The committed SQL migrations (read at run time, from the sources also when the server runs compiled). */
export const migrationsFolder = path.join(repositoryRoot, 'server/src/db/migrations');

/** How many migrations the database records as applied (0 before the first). */
async function appliedMigrations(query: (text: string) => Promise<{ rows: unknown[] }>): Promise<number> {
  const table = await query("SELECT to_regclass('drizzle.__drizzle_migrations') IS NOT NULL AS present");
  if (!(table.rows[0] as { present: boolean }).present) return 0;
  const count = await query('SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations');
  return (count.rows[0] as { n: number }).n;
}

/**
 * Applies every committed migration not yet applied (of `folder`: a test may pass an earlier
 * release's set), then refreshes statistics if any was: an
 * up-to-date database keeps its statistics, and a start is not held up by a needless ANALYZE.
 */
export async function migrateDatabase(database: Database, folder = migrationsFolder): Promise<void> {
  let before: number;
  let after: number;
  if (database.driver === 'postgres') {
    // A connection of its own without the statement time limit: a migration may rewrite or
    // index a large table for longer than any request should take.
    const client = new pg.Client({
      connectionString: database.url,
      options: postgresSessionOptionsWith({ ...defaultPostgresTimeouts, statementMs: 0 }),
    });
    await client.connect();
    try {
      const query = (text: string) => client.query(text);
      before = await appliedMigrations(query);
      await buildIndexesConcurrently(client, folder);
      await migrateNodePg(drizzleNodePg(client), { migrationsFolder: folder });
      after = await appliedMigrations(query);
    } finally {
      await client.end();
    }
  } else {
    const query = async (text: string) =>
      (await database.db.execute(sql.raw(text))) as unknown as { rows: unknown[] };
    before = await appliedMigrations(query);
    await migratePglite(database.db as unknown as PgliteDatabase, { migrationsFolder: folder });
    after = await appliedMigrations(query);
  }
  if (after !== before) await database.analyze();
}
