import type { Db } from '../db/client.ts';
import { demoAccounts, demoPassword } from './catalogue.ts';
import { generateDemo } from './generate.ts';
import { isDatabaseEmpty, loadDemo } from './load.ts';

export { demoAccounts, demoPassword };

/** Loads the demo into an empty database; refuses to touch one that holds data. */
export async function seedDemo(db: Db, today = new Date()): Promise<'loaded' | 'not-empty'> {
  if (!(await isDatabaseEmpty(db))) return 'not-empty';
  await loadDemo(db, generateDemo(today));
  return 'loaded';
}
