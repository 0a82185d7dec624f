import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client.ts';
import { openTestDatabase } from '../../test/database.ts';
import { notMoved, referencesOf } from './references.ts';

/**
 * The registry against the database catalogue: every foreign key that points at a partner, a
 * contact or a relationship is a link a merge must move. A new table that points at one fails
 * here until it is in `references.ts` (and a registry entry whose key is gone fails too).
 */
let database: Awaited<ReturnType<typeof openTestDatabase>>;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database.close());

const targets = { partners: 'partner', contacts: 'contact', relationships: 'relationship' } as const;

describe('the reference registry', () => {
  it('names every foreign key to partners, contacts and relationships, and nothing else', async () => {
    const keys = await queryRows<{ target: string; link: string }>(
      database.db,
      sql`select target.relname as target, source.relname || '.' || a.attname as link
          from pg_constraint c
          join pg_class source on source.oid = c.conrelid
          join pg_class target on target.oid = c.confrelid
          join pg_namespace n on n.oid = source.relnamespace and n.nspname = current_schema()
          join pg_attribute a on a.attrelid = c.conrelid and a.attnum = any(c.conkey)
          where c.contype = 'f' and target.relname in ('partners', 'contacts', 'relationships')
          order by 1, 2`,
    );
    expect(keys.length).toBeGreaterThan(10);
    for (const [table, kind] of Object.entries(targets)) {
      const inCatalogue = keys
        .filter((k) => k.target === table)
        .map((k) => k.link)
        .sort();
      const inRegistry = [
        ...referencesOf[kind].filter((r) => !r.text),
        ...notMoved.filter((r) =>
          keys.some((k) => k.target === table && k.link === `${r.table}.${r.column}`),
        ),
      ]
        .map((r) => `${r.table}.${r.column}`)
        .sort();
      expect(
        inRegistry,
        `links to ${table}: add the missing ones to server/src/modules/merge/references.ts`,
      ).toEqual(inCatalogue);
    }
  });
});
