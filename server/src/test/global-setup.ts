import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openDatabase, pgliteExtensions } from '../db/client.ts';
import { migrateDatabase } from '../db/migrate.ts';
import { testDriver, withDatabaseName } from './driver.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
    postgresTemplate: string;
  }
}

/**
 * Migrates one template database per run; each test file then gets its own copy
 * (a PGlite data-dir dump, or CREATE DATABASE … TEMPLATE on PostgreSQL), so files run in
 * parallel without sharing rows, and nobody pays initdb plus migrations per file.
 */
export default async function setup(project: TestProject) {
  const driver = testDriver();
  if (driver.kind === 'pglite') {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'rapport-test-'));
    const client = await PGlite.create({ extensions: pgliteExtensions });
    const { drizzle } = await import('drizzle-orm/pglite');
    const { migrate } = await import('drizzle-orm/pglite/migrator');
    const { migrationsFolder } = await import('../db/migrate.ts');
    await migrate(drizzle(client), { migrationsFolder });
    await client.exec('ANALYZE');
    const dump = await client.dumpDataDir('none');
    await client.close();
    const file = path.join(dir, 'template.tar');
    writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
    project.provide('pgliteTemplate', file);
    project.provide('postgresTemplate', '');
    return () => rmSync(dir, { recursive: true, force: true });
  }

  const template = `rapport_test_${process.pid}_template`;
  const admin = new pg.Client({ connectionString: driver.url });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${template}`);
  await admin.query(`CREATE DATABASE ${template}`);
  const database = await openDatabase({ driver: 'postgres', url: withDatabaseName(driver.url, template) });
  await migrateDatabase(database);
  await database.close();
  project.provide('pgliteTemplate', '');
  project.provide('postgresTemplate', template);
  return async () => {
    const { rows } = await admin.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname LIKE 'rapport_test_${process.pid}_%'`,
    );
    for (const { datname } of rows) await admin.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
    await admin.end();
  };
}
