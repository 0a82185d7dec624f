import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../test/database.ts';
import { type Database, queryRows } from './client.ts';
import { migrateDatabase } from './migrate.ts';

const INDEX = 'requests_unit_open_idx';

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database.close());

const indexState = async () =>
  queryRows<{ valid: boolean; definition: string }>(
    database.db,
    sql`select i.indisvalid as valid, pg_get_indexdef(i.indexrelid) as definition
        from pg_index i join pg_class c on c.oid = i.indexrelid where c.relname = ${INDEX}`,
  );

/** When the requests register's migration was made (drizzle records each migration by it). */
const indexMigrationMade = (
  JSON.parse(readFileSync(new URL('./migrations/meta/_journal.json', import.meta.url), 'utf8')) as {
    entries: { tag: string; when: number }[];
  }
).entries.find((entry) => entry.tag.endsWith('_requests_unit_open_index'))!.when;

/** Makes the requests register's migration (and any after it) pending again, as on a database from before it. */
async function undoLastMigration() {
  await database.db.execute(sql.raw(`drop index if exists ${INDEX}`));
  await database.db.execute(
    sql`delete from drizzle.__drizzle_migrations where created_at >= ${indexMigrationMade}`,
  );
}

describe('indexes of a pending migration on an existing table', () => {
  it('are built (concurrently on PostgreSQL) and the migration is recorded', async () => {
    await undoLastMigration();
    expect(await indexState()).toEqual([]);
    await migrateDatabase(database);
    const [state] = await indexState();
    expect(state?.valid).toBe(true);
    expect(state?.definition).toContain('(unit_id, created_at DESC, id DESC) WHERE (status <> ALL');
    // Migrating again changes nothing.
    await migrateDatabase(database);
    expect(await indexState()).toEqual([state]);
  });

  it('replace an invalid index a failed concurrent build left behind', async () => {
    if (database.driver !== 'postgres') return; // PGlite builds in the migration's transaction
    await undoLastMigration();
    // What a cancelled CREATE INDEX CONCURRENTLY leaves: the index, marked invalid.
    await database.db.execute(sql.raw(`create index ${INDEX} on requests (unit_id)`));
    await database.db.execute(
      sql`update pg_index set indisvalid = false where indexrelid = ${INDEX}::regclass`,
    );
    await migrateDatabase(database);
    const [state] = await indexState();
    expect(state?.valid).toBe(true);
    expect(state?.definition).toContain('created_at DESC');
  });
});
