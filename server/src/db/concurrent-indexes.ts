import { readMigrationFiles } from 'drizzle-orm/migrator';
import type pg from 'pg';

/**
 * A migration's `CREATE [UNIQUE] INDEX IF NOT EXISTS "name" ON "table" …` is an index for a
 * table that may already be large. drizzle's migrator runs every pending migration in one
 * transaction, where a plain CREATE INDEX blocks writes to the table until it is built and
 * CREATE INDEX CONCURRENTLY is refused. So on PostgreSQL, before the migrator runs, each such index
 * of a pending migration on a table that exists is built CONCURRENTLY on its own (writes go on
 * meanwhile); the migration's own statement then finds it and does nothing. PGlite (one
 * connection, nobody else writing) and a table the same migration creates take the plain path.
 */
const INDEX = /^\s*CREATE\s+(UNIQUE\s+)?INDEX\s+IF\s+NOT\s+EXISTS\s+"([^"]+)"\s+ON\s+"([^"]+)"/i;

/** The index statements of migrations the database has not applied yet. */
export async function pendingIndexes(client: pg.Client, migrationsFolder: string) {
  const applied = await client
    .query<{ at: string | null }>('select max(created_at)::text as at from drizzle.__drizzle_migrations')
    .then((r) => Number(r.rows[0]?.at ?? 0))
    .catch(() => 0); // no migrations table yet: every migration is pending
  return readMigrationFiles({ migrationsFolder })
    .filter((m) => m.folderMillis > applied)
    .flatMap((m) => m.sql)
    .map((statement) => ({ statement: statement.trim(), match: INDEX.exec(statement) }))
    .filter((s) => s.match !== null)
    .map((s) => ({ statement: s.statement, name: s.match![2]!, table: s.match![3]! }));
}

/** Builds the pending migrations' indexes on existing tables CONCURRENTLY (PostgreSQL, outside a transaction). */
export async function buildIndexesConcurrently(
  client: pg.Client,
  migrationsFolder: string,
): Promise<string[]> {
  const built: string[] = [];
  for (const index of await pendingIndexes(client, migrationsFolder)) {
    const { rows } = await client.query<{ exists: boolean }>('select to_regclass($1) is not null as exists', [
      `"${index.table}"`,
    ]);
    if (!rows[0]?.exists) continue;
    // A concurrent build that failed (or was cancelled) leaves an invalid index behind, which
    // IF NOT EXISTS would take for done: drop it and build again.
    const invalid = await client.query(
      'select 1 from pg_index i join pg_class c on c.oid = i.indexrelid where c.relname = $1 and not i.indisvalid',
      [index.name],
    );
    if (invalid.rowCount) await client.query(`DROP INDEX CONCURRENTLY IF EXISTS "${index.name}"`);
    await client.query(
      index.statement.replace(/\bINDEX\s+IF\s+NOT\s+EXISTS\b/i, 'INDEX CONCURRENTLY IF NOT EXISTS'),
    );
    built.push(index.name);
  }
  return built;
}
