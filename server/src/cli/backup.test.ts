import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { drizzle as drizzleNodePg } from 'drizzle-orm/node-postgres';
import { migrate as migrateNodePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { type Database, openDatabase, queryRows } from '../db/client.ts';
import { migrateDatabase, migrationsFolder } from '../db/migrate.ts';
import { seedDemo } from '../demo/seed.ts';
import { testDriver, withDatabaseName } from '../test/driver.ts';
import { restoreCommand } from './backup.ts';
import { CliError } from './create-user.ts';

const bin = path.resolve(import.meta.dirname, '../../../bin/rapport.mjs');
const driver = testDriver();
const dir = mkdtempSync(path.join(os.tmpdir(), 'rapport-backup-'));
const databases: string[] = [];

/** A new empty database: a PGlite folder, or a PostgreSQL database of its own. */
async function emptyDatabase(label: string): Promise<Record<string, string>> {
  if (driver.kind === 'pglite') return { RAPPORT_DATA_DIR: path.join(dir, label) };
  const name = `rapport_crash_backup_${process.pid}_${label}`;
  const admin = new pg.Client({ connectionString: driver.url });
  await admin.connect();
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.query(`create database ${name}`);
  await admin.end();
  databases.push(name);
  return { DATABASE_URL: withDatabaseName(driver.url, name) };
}

afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  if (driver.kind !== 'postgres') return;
  const admin = new pg.Client({ connectionString: driver.url });
  await admin.connect();
  for (const name of databases) await admin.query(`drop database if exists ${name} with (force)`);
  await admin.end();
});

const open = (env: Record<string, string>) => {
  const config = loadConfig(env);
  return config.databaseUrl
    ? openDatabase({ driver: 'postgres', url: config.databaseUrl })
    : openDatabase({ driver: 'pglite', dataDir: config.dataDir });
};

async function using<T>(env: Record<string, string>, work: (database: Database) => Promise<T>): Promise<T> {
  const database = await open(env);
  try {
    return await work(database);
  } finally {
    await database.close();
  }
}

/** Every table of Rapport's schemas with its row count and a digest of all its rows. */
const tablesOf = (env: Record<string, string>) =>
  using(env, async ({ db }) => {
    const tables = await queryRows<{ schema: string; name: string }>(
      db,
      sql`select table_schema as schema, table_name as name from information_schema.tables
          where table_schema in ('public', 'drizzle') and table_type = 'BASE TABLE' order by 1, 2`,
    );
    const contents: Record<string, { rows: number; digest: string }> = {};
    for (const { schema, name } of tables) {
      const [row] = await queryRows<{ rows: string; digest: string }>(
        db,
        sql.raw(`select count(*) as rows, md5(coalesce(string_agg(x::text, E'\\n' order by x::text), '')) as digest
                 from "${schema}"."${name}" x`),
      );
      contents[`${schema}.${name}`] = { rows: Number(row!.rows), digest: row!.digest };
    }
    return contents;
  });

function rapport(args: string[], env: Record<string, string>) {
  const result = spawnSync(process.execPath, [bin, ...args], {
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn', ...env },
    encoding: 'utf8',
    timeout: 300_000,
  });
  return { code: result.status, out: `${result.stdout}${result.stderr}` };
}

describe(`rapport backup and restore (${driver.kind})`, () => {
  it('round-trips every table, and refuses to overwrite a database unless --force', async () => {
    const source = await emptyDatabase('source');
    await using(source, async (database) => {
      await migrateDatabase(database);
      expect(await seedDemo(database.db)).toBe('loaded');
    });
    const before = await tablesOf(source);
    expect(before['public.touchpoints']!.rows).toBeGreaterThan(0);
    expect(before['public.partners']!.rows).toBeGreaterThan(0);
    expect(before['drizzle.__drizzle_migrations']!.rows).toBeGreaterThan(0);

    const file = path.join(dir, 'northmoor.backup');
    if (driver.kind === 'postgres') {
      const withoutTools = rapport(['backup', file], { ...source, PATH: path.join(dir, 'no-tools') });
      expect(withoutTools.code).toBe(1);
      expect(withoutTools.out).toContain("pg_dump was not found: install PostgreSQL's client tools");
    }
    const backup = rapport(['backup', file], source);
    expect(backup.out).toMatch(/Backed up .* to /);
    expect(backup.code).toBe(0);

    const target = await emptyDatabase('target');
    const restore = rapport(['restore', file], target);
    expect(restore.out).toMatch(/Restored .* and applied the migrations/);
    expect(restore.code).toBe(0);
    const after = await tablesOf(target);
    expect(Object.keys(after)).toEqual(Object.keys(before));
    expect(after).toEqual(before);

    // A second restore over it is refused and changes nothing; with --force it replaces it.
    await using(target, ({ db }) =>
      db.execute(
        sql`insert into units (id, name, kind) values (gen_random_uuid(), 'Interim Unit', 'office')`,
      ),
    );
    const changed = await tablesOf(target);
    await expect(restoreCommand(loadConfig(target), file, false)).rejects.toThrow(CliError);
    await expect(restoreCommand(loadConfig(target), file, false)).rejects.toThrow(
      /add --force to replace it/,
    );
    expect(await tablesOf(target)).toEqual(changed);
    await restoreCommand(loadConfig(target), file, true);
    expect(await tablesOf(target)).toEqual(before);
  }, 900_000);

  it('restores a backup from an earlier release and upgrades it with the migrations', async () => {
    // The release before saved views: migrations 0000-0008 only.
    const journal = JSON.parse(readFileSync(path.join(migrationsFolder, 'meta/_journal.json'), 'utf8')) as {
      entries: { tag: string }[];
    };
    const earlier = path.join(dir, 'earlier-migrations');
    mkdirSync(path.join(earlier, 'meta'), { recursive: true });
    const kept = journal.entries.filter((entry) => entry.tag < '0009');
    expect(kept.length).toBeLessThan(journal.entries.length);
    for (const { tag } of kept)
      cpSync(path.join(migrationsFolder, `${tag}.sql`), path.join(earlier, `${tag}.sql`));
    writeFileSync(path.join(earlier, 'meta/_journal.json'), JSON.stringify({ ...journal, entries: kept }));

    const source = await emptyDatabase('earlier');
    await using(source, async (database) => {
      if (database.driver === 'pglite') {
        await migratePglite(database.db as unknown as PgliteDatabase, { migrationsFolder: earlier });
      } else {
        const client = new pg.Client({ connectionString: database.url });
        await client.connect();
        await migrateNodePg(drizzleNodePg(client), { migrationsFolder: earlier });
        await client.end();
      }
      await database.db.execute(
        sql`insert into units (id, name, kind) values (gen_random_uuid(), 'Old Library', 'service')`,
      );
    });
    const file = path.join(dir, 'earlier.backup');
    expect(rapport(['backup', file], source).code).toBe(0);

    const target = await emptyDatabase('upgraded');
    await restoreCommand(loadConfig(target), file, false);
    await using(target, async ({ db }) => {
      const applied = await queryRows<{ n: string }>(
        db,
        sql`select count(*) as n from drizzle.__drizzle_migrations`,
      );
      expect(Number(applied[0]!.n)).toBe(journal.entries.length);
      const units = await queryRows<{ name: string }>(db, sql`select name from units`);
      expect(units.map((unit) => unit.name)).toContain('Old Library');
      const savedViews = await queryRows<{ n: string }>(db, sql`select count(*) as n from saved_views`);
      expect(Number(savedViews[0]!.n)).toBe(0);
    });
  }, 900_000);
});
