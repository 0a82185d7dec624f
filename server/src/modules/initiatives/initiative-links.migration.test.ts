import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, queryRows } from '../../db/client.ts';
import { migrateDatabase, migrationsFolder } from '../../db/migrate.ts';
import { openTestDatabase } from '../../test/database.ts';
import { buildUnit, buildUser } from '../../test/factories/index.ts';
import { hashSecret } from '../auth/secrets.ts';

const journal = JSON.parse(readFileSync(path.join(migrationsFolder, 'meta/_journal.json'), 'utf8')) as {
  entries: { tag: string; when: number }[];
};
/** When the migration that moved the published pages' links into initiative_links was made. */
const linksMade = journal.entries.find((e) => e.tag.endsWith('_initiative_links'))!.when;
/** The release that brought it: migrations up to the one that drops the token column. */
const release = mkdtempSync(path.join(tmpdir(), 'rapport-release-'));
const upToHashed = journal.entries.slice(
  0,
  journal.entries.findIndex((e) => e.tag.endsWith('_initiative_token_hashed')) + 1,
);
mkdirSync(path.join(release, 'meta'));
for (const { tag } of upToHashed)
  cpSync(path.join(migrationsFolder, `${tag}.sql`), path.join(release, `${tag}.sql`));
writeFileSync(path.join(release, 'meta/_journal.json'), JSON.stringify({ ...journal, entries: upToHashed }));

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await database.close();
  rmSync(release, { recursive: true, force: true });
});

describe('the migration that stores initiatives\u2019 private links hashed', () => {
  it('hashes the link of every published page (links given out keep working) and keeps no token', async () => {
    const { db } = database;
    // The database as the release before it left it: the token in clear on the initiative.
    await db.execute(sql`drop table initiative_links`);
    await db.execute(sql`alter table initiative_outbox drop column token`);
    await db.execute(sql`alter table initiatives add column public_token text`);
    await db.execute(sql`create unique index initiatives_public_token_key on initiatives (public_token)`);
    await db.execute(sql`delete from drizzle.__drizzle_migrations where created_at >= ${linksMade}`);
    const unit = await buildUnit(db);
    const owner = await buildUser(db, { unitId: unit.id });
    const token = 'AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_abcdef';
    const published = await queryRows<{ id: string }>(
      db,
      sql`insert into initiatives (id, title, unit_id, owner_id, created_by_id, public_token, published_at)
          values (gen_random_uuid(), 'New VLE', ${unit.id}, ${owner.id}, ${owner.id}, ${token}, now()) returning id`,
    );
    await db.execute(
      sql`insert into initiatives (id, title, unit_id, owner_id, created_by_id)
          values (gen_random_uuid(), 'Not published', ${unit.id}, ${owner.id}, ${owner.id})`,
    );

    await migrateDatabase(database, release);

    const links = await queryRows<{ initiative_id: string; token_hash: string }>(
      db,
      sql`select initiative_id, token_hash from initiative_links`,
    );
    expect(links).toEqual([{ initiative_id: published[0]!.id, token_hash: hashSecret(token) }]);
    const columns = await queryRows<{ column_name: string }>(
      db,
      sql`select column_name from information_schema.columns where table_name = 'initiatives'`,
    );
    expect(columns.map((c) => c.column_name)).not.toContain('public_token');
  });
});
