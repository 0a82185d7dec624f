import { getTableName, sql } from 'drizzle-orm';
import { PgTable } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import { openTestDatabase } from '../test/database.ts';
import { queryRows } from './client.ts';
import { migrateDatabase } from './migrate.ts';
import * as schema from './schema/index.ts';

describe('migrations', () => {
  it('create every table of the schema, with pg_trgm, and run again as a no-op', async () => {
    const database = await openTestDatabase();
    try {
      // The test database is a copy of a migrated template: migrating again must change nothing.
      await migrateDatabase(database);
      const tables = (
        await queryRows<{ name: string }>(
          database.db,
          sql`select table_name as name from information_schema.tables where table_schema = 'public'`,
        )
      ).map((t) => t.name);
      const expected = (Object.values(schema) as unknown[])
        .filter((value): value is PgTable => value instanceof PgTable)
        .map((table) => getTableName(table));
      expect(expected.length).toBeGreaterThan(20);
      expect(tables).toEqual(expect.arrayContaining(expected));
      const [trgm] = await queryRows<{ n: number }>(
        database.db,
        sql`select count(*)::int as n from pg_extension where extname = 'pg_trgm'`,
      );
      expect(trgm!.n).toBe(1);
      const [types] = await queryRows<{ n: number }>(
        database.db,
        sql`select count(*)::int as n from partner_types`,
      );
      expect(types!.n).toBe(10);
    } finally {
      await database.close();
    }
  });
  it('leaves an up-to-date database as it is: no ANALYZE holds up the start', async () => {
    const database = await openTestDatabase();
    try {
      const analysed = async () =>
        (
          await queryRows<{ n: number }>(
            database.db,
            sql`select count(*)::int as n from pg_stat_user_tables where last_analyze is not null`,
          )
        )[0]!.n;
      await database.analyze();
      const before = await queryRows<{ at: string | null }>(
        database.db,
        sql`select max(last_analyze)::text as at from pg_stat_user_tables`,
      );
      expect(await analysed()).toBeGreaterThan(0);
      await migrateDatabase(database);
      const after = await queryRows<{ at: string | null }>(
        database.db,
        sql`select max(last_analyze)::text as at from pg_stat_user_tables`,
      );
      expect(after).toEqual(before);
    } finally {
      await database.close();
    }
  });
});
