import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { inject } from 'vitest';
import { type Database, openDatabase } from '../db/client.ts';
import { testDriver, withDatabaseName } from './driver.ts';

/** A fresh, migrated database of its own for one test file, dropped by close(). */
export async function openTestDatabase(): Promise<Database> {
  const driver = testDriver();
  if (driver.kind === 'pglite') {
    const template = readFileSync(inject('pgliteTemplate'));
    return openDatabase({ driver: 'pglite', loadDataDir: new Blob([template]) });
  }
  const name = `rapport_test_${process.ppid}_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: driver.url });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${inject('postgresTemplate')}`);
  } finally {
    await admin.end();
  }
  const database = await openDatabase({
    driver: 'postgres',
    url: withDatabaseName(driver.url, name),
    poolSize: 5,
  });
  return {
    ...database,
    close: async () => {
      await database.close();
      const dropper = new pg.Client({ connectionString: driver.url });
      await dropper.connect();
      await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await dropper.end();
    },
  };
}
