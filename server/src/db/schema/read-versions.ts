import { bigint, pgTable, uuid } from 'drizzle-orm/pg-core';

/**
 * How many times what a partner's overview and timeline show has changed: one row per partner
 * (key = its id) and one for changes that can show on any partner's page (key = the nil uuid:
 * units, users, contacts, partner types, partners renamed). Bumped by triggers in the writing
 * transaction (migration 0025), so every write path bumps it, API, import, merge, erasure, demo
 * and benchmark alike. Conditional reads (ETag / If-None-Match) are built from it. No foreign
 * key: a merged-away partner's row is harmless and nothing reads it again.
 */
export const readVersions = pgTable('read_versions', {
  key: uuid('key').primaryKey(),
  version: bigint('version', { mode: 'number' }).notNull(),
});
