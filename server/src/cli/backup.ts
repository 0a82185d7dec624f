import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { type Config, toolEnvironment } from '../config.ts';
import { pgliteExtensions } from '../db/client.ts';
import { lockDataDir } from '../db/lock.ts';
import { migrateDatabase } from '../db/migrate.ts';
import { describeDatabase, openConfiguredDatabase } from '../db/open.ts';
import { CliError } from './create-user.ts';

/** The schemas Rapport owns on PostgreSQL: its tables, drizzle's migration journal, pg-boss's queue. */
const OWN_SCHEMAS = ['public', 'drizzle', 'pgboss'];

/** A connection URL without its password, and the password for PGPASSWORD (never on a command line). */
function splitPassword(databaseUrl: string) {
  const url = new URL(databaseUrl);
  const password = decodeURIComponent(url.password);
  url.password = '';
  const env: Record<string, string> = password ? { PGPASSWORD: password } : {};
  return { url: url.toString(), env };
}

function runTool(tool: 'pg_dump' | 'pg_restore', args: string[], databaseUrl: string) {
  const { url, env } = splitPassword(databaseUrl);
  const result = spawnSync(tool, [...args, '--dbname', url], {
    env: toolEnvironment(env),
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if ((result.error as { code?: string } | undefined)?.code === 'ENOENT') {
    throw new CliError(
      `${tool} was not found: install PostgreSQL's client tools, version 15 or later (Debian: apt-get install postgresql-client), and put ${tool} on PATH`,
    );
  }
  if (result.status !== 0) throw new CliError(`${tool} failed:\n${result.stderr || result.error?.message}`);
}

/** Whether the PostgreSQL database already holds tables in Rapport's schemas. */
async function postgresHoldsData(databaseUrl: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: string }>(
      'select count(*) as n from pg_tables where schemaname = any($1)',
      [OWN_SCHEMAS],
    );
    return Number(rows[0]!.n) > 0;
  } finally {
    await client.end();
  }
}

async function emptyPostgres(databaseUrl: string) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    for (const schema of OWN_SCHEMAS) await client.query(`drop schema if exists "${schema}" cascade`);
    await client.query('create schema public');
  } finally {
    await client.end();
  }
}

/** A PGlite data folder holds a database once PostgreSQL's PG_VERSION file is in it. */
const pgliteHoldsData = (dataDir: string) => existsSync(path.join(dataDir, 'PG_VERSION'));

/**
 * `rapport backup <file>`: PostgreSQL through pg_dump (custom format, for pg_restore); PGlite as
 * a gzipped tarball of its data folder (PGlite's own dumpDataDir), taken under the folder's lock,
 * so never from under a running server.
 */
export async function backupCommand(config: Config, file: string): Promise<string> {
  const target = path.resolve(file);
  mkdirSync(path.dirname(target), { recursive: true });
  if (config.databaseUrl) {
    runTool('pg_dump', ['--format=custom', '--no-owner', '--file', target], config.databaseUrl);
  } else {
    if (!pgliteHoldsData(config.dataDir))
      throw new CliError(`There is no database in ${config.dataDir} to back up`);
    const release = await lockDataDir(config.dataDir);
    try {
      const pglite = await PGlite.create({ dataDir: config.dataDir, extensions: pgliteExtensions });
      try {
        const dump = await pglite.dumpDataDir('gzip');
        writeFileSync(target, Buffer.from(await dump.arrayBuffer()));
      } finally {
        await pglite.close();
      }
    } finally {
      await release();
    }
  }
  // Attached files are not in the database: the folder is copied beside it (README, "Backup").
  return `Backed up ${describeDatabase(config)} to ${target} (${statSync(target).size} bytes). Attached files are kept in ${config.attachments.dir}: copy that folder too`;
}

/**
 * `rapport restore <file> [--force]`: into an empty database only, unless --force (which first
 * removes what is there); then applies the migrations, so a backup from an earlier release comes
 * back upgraded to this one.
 */
export async function restoreCommand(config: Config, file: string, force: boolean): Promise<string> {
  const source = path.resolve(file);
  if (!existsSync(source)) throw new CliError(`There is no backup at ${source}`);
  const refuse = () =>
    new CliError(
      `${describeDatabase(config)} already holds a database: restore only into an empty one, or add --force to replace it`,
    );
  if (config.databaseUrl) {
    if (await postgresHoldsData(config.databaseUrl)) {
      if (!force) throw refuse();
      await emptyPostgres(config.databaseUrl);
    }
    runTool(
      'pg_restore',
      ['--no-owner', '--exit-on-error', '--single-transaction', source],
      config.databaseUrl,
    );
  } else {
    mkdirSync(config.dataDir, { recursive: true });
    const release = await lockDataDir(config.dataDir);
    try {
      if (pgliteHoldsData(config.dataDir)) {
        if (!force) throw refuse();
        for (const entry of readdirSync(config.dataDir)) {
          if (entry !== '.rapport.lock')
            rmSync(path.join(config.dataDir, entry), { recursive: true, force: true });
        }
      }
      const pglite = await PGlite.create({
        dataDir: config.dataDir,
        extensions: pgliteExtensions,
        loadDataDir: new Blob([readFileSync(source)]),
      });
      await pglite.close();
    } finally {
      await release();
    }
  }
  const database = await openConfiguredDatabase(config);
  try {
    await migrateDatabase(database);
  } finally {
    await database.close();
  }
  return `Restored ${source} into ${describeDatabase(config)} and applied the migrations`;
}
