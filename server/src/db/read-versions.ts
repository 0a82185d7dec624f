import { sql } from 'drizzle-orm';
import { type Executor, queryRows } from './client.ts';
import { readVersions } from './schema/read-versions.ts';

/**
 * The read_versions keys that are not a partner's: changes that can show on any page (names of
 * units, people, contacts, partner types, partners; the unit tree), and changes to what the main
 * lists show (partners, relationships, contacts, affiliations, requests and their readers,
 * service levels, working calendar), bumped once per writing transaction at its commit.
 */
export const EVERY_PAGE = '00000000-0000-0000-0000-000000000000';
export const LISTS = '00000000-0000-0000-0000-000000000001';

/**
 * The versions of these keys, in their order (0 for a key never bumped). Read before the data a
 * tag covers, so a write landing between the two can only make the tag older than the answer
 * (the next read answers 200, never a stale 304). One primary-key read.
 */
export async function versionsOf(db: Executor, keys: readonly string[]): Promise<number[]> {
  const rows = await queryRows<{ key: string; version: string | number }>(
    db,
    sql`select ${readVersions.key} as key, ${readVersions.version} as version from ${readVersions}
      where ${readVersions.key} = any(${`{${keys.join(',')}}`}::uuid[])`,
  );
  const byKey = new Map(rows.map((r) => [r.key, Number(r.version)]));
  return keys.map((k) => byKey.get(k) ?? 0);
}

/** What the partners, contacts and requests lists depend on. */
export const listVersions = (db: Executor) => versionsOf(db, [LISTS, EVERY_PAGE]);

/** What a list of one partner's rows (its touch points, its tasks) depends on: as its overview. */
export const partnerListVersions = (db: Executor, partnerId: string) =>
  versionsOf(db, [partnerId, EVERY_PAGE]);
