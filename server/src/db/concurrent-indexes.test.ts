import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../test/database.ts';
import { type Database, queryRows } from './client.ts';
import { migrateDatabase, migrationsFolder } from './migrate.ts';

const INDEX = 'requests_unit_open_idx';

const journal = JSON.parse(readFileSync(path.join(migrationsFolder, 'meta/_journal.json'), 'utf8')) as {
  entries: { tag: string; when: number }[];
};
/** The release that brought the requests register's index: migrations up to and including it. */
const release = mkdtempSync(path.join(tmpdir(), 'rapport-release-'));
const upToIndex = journal.entries.slice(
  0,
  journal.entries.findIndex((entry) => entry.tag.endsWith('_requests_unit_open_index')) + 1,
);
mkdirSync(path.join(release, 'meta'));
for (const { tag } of upToIndex)
  cpSync(path.join(migrationsFolder, `${tag}.sql`), path.join(release, `${tag}.sql`));
writeFileSync(path.join(release, 'meta/_journal.json'), JSON.stringify({ ...journal, entries: upToIndex }));

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await database.close();
  rmSync(release, { recursive: true, force: true });
});

const indexState = async () =>
  queryRows<{ valid: boolean; definition: string }>(
    database.db,
    sql`select i.indisvalid as valid, pg_get_indexdef(i.indexrelid) as definition
        from pg_index i join pg_class c on c.oid = i.indexrelid where c.relname = ${INDEX}`,
  );

/** When the requests register's migration was made (drizzle records each migration by it). */
const indexMigrationMade = upToIndex.at(-1)!.when;

/**
 * Makes the requests register's migration pending again, as on a database of the release before
 * it (the later migrations' records go too; the tests then migrate with that release's set).
 */
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
    await migrateDatabase(database, release);
    const [state] = await indexState();
    expect(state?.valid).toBe(true);
    expect(state?.definition).toContain('(unit_id, created_at DESC, id DESC) WHERE (status <> ALL');
    // Migrating again changes nothing.
    await migrateDatabase(database, release);
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
    await migrateDatabase(database, release);
    const [state] = await indexState();
    expect(state?.valid).toBe(true);
    expect(state?.definition).toContain('created_at DESC');
  });
});
