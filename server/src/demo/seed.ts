import { Readable } from 'node:stream';
import type { Db } from '../db/client.ts';
import { backfillHealthHistory } from '../insights/relationship-health/relationship-health.service.ts';
import type { Storage } from '../modules/attachments/storage.ts';
import { demoAccounts, demoPassword } from './catalogue.ts';
import { isDatabaseEmpty, loadDemo } from './load.ts';

export { demoAccounts, demoPassword };

/**
 * Loads the demo into an empty database; refuses to touch one that holds data. Given where
 * uploaded spreadsheets are kept, it keeps the demo import's file there, for newcomers to try.
 */
export async function seedDemo(
  db: Db,
  today = new Date(),
  options: { importFiles?: Storage } = {},
): Promise<'loaded' | 'not-empty'> {
  if (!(await isDatabaseEmpty(db))) return 'not-empty';
  // The generator (and faker) load only when the demo is loaded, not on every start.
  const { generateDemo } = await import('./generate.ts');
  const { file, key } = await loadDemo(db, generateDemo(today), today);
  await options.importFiles?.put(key, Readable.from([file]));
  return 'loaded';
}

/**
 * Scores the demo's relationships, with a weekly history of eight weeks for the trends: it was
 * loaded in bulk, without events. Run by `serve` and `seed-demo` after the load (not inside
 * seedDemo, which the browser tests call and need quick).
 */
export async function scoreDemoHealth(db: Db, today = new Date()) {
  await backfillHealthHistory(db, today, 8);
}
