import { createHash, randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, type Db, queryRows } from '../../db/client.ts';
import { openTestDatabase } from '../../test/database.ts';
import { capturedStatements, flatten, inline, type PlanNode } from '../../test/explain.ts';
import { buildPartner } from '../../test/factories/index.ts';
import { partnersLike } from './imports.repository.ts';

/**
 * The partners' duplicate check of an import (issue 14): a batch's names are searched in the
 * trigram index at the threshold, so the names that merely share a word with a row (a crowd of
 * "Bench …" partners) are never fetched and compared one by one, which made an import of
 * partners quadratic (20,000 updates did not finish in 10 minutes). And still: a near name at
 * exactly the threshold is found, one just below it is not, and the threshold set for the
 * search does not stay behind in the session.
 */
let database: Database;
let db: Db;
const run = randomUUID().slice(0, 6);
const CROWD = 2000;
const word = (i: number) => createHash('sha1').update(`${run}-${i}`).digest('hex').slice(0, 12);

beforeAll(async () => {
  database = await openTestDatabase();
  db = database.db;
  const partner = await buildPartner(db, { name: `Harbourside Logistics ${run}` });
  // The crowd: one insert, then the statistics the planner would have after an import.
  await db.execute(
    sql`insert into partners (id, name, type_id)
        select gen_random_uuid(), 'Bench ' || w, ${partner.typeId}::uuid from unnest(${sql.param(
          Array.from({ length: CROWD }, (_, i) => word(i)),
        )}::text[]) as t(w)`,
  );
  await db.execute(sql`analyze partners`);
});
afterAll(() => database.close());

const probe = (row: number, name: string) => ({ row, name, domain: null, emailDomain: null });

describe('the partners a batch may repeat', () => {
  it('finds a near name at exactly the threshold, not above it, and leaves the setting as it was', async () => {
    const near = `Harbourside Logistic ${run}`;
    const [{ score }] = (await queryRows<{ score: number }>(
      db,
      sql`select similarity(${`Harbourside Logistics ${run}`}, ${near})::float8 as score`,
    )) as [{ score: number }];
    expect(score).toBeGreaterThan(0.6);
    expect(score).toBeLessThan(1);
    const at = await partnersLike(db, [probe(2, near), probe(3, `Bench ${word(7)}`)], score);
    expect(at.map((m) => [m.row, m.name])).toEqual(
      expect.arrayContaining([
        [2, `Harbourside Logistics ${run}`],
        [3, `Bench ${word(7)}`],
      ]),
    );
    // None of the crowd: each shares "Bench" with the row, far below the threshold.
    expect(at).toHaveLength(2);
    const above = await partnersLike(db, [probe(2, near)], score + 1e-6);
    expect(above).toEqual([]);

    // Inside a caller's transaction, the session's threshold is what it was before.
    const settings = await db.transaction(async (tx) => {
      const [before] = await queryRows<{ v: string }>(
        tx,
        sql`select set_config('pg_trgm.similarity_threshold', '0.4', true) as v`,
      );
      await partnersLike(tx, [probe(2, near)], 0.9);
      const [after] = await queryRows<{ v: string }>(
        tx,
        sql`select current_setting('pg_trgm.similarity_threshold') as v`,
      );
      return [before!.v, after!.v];
    });
    expect(settings).toEqual(['0.4', '0.4']);
  });

  it('fetches from the name index only the near names, not every partner sharing a word with the row', async () => {
    // Rows of the crowd's kind: new names of the same shape, and one the crowd holds.
    const probes = [
      ...Array.from({ length: 50 }, (_, i) => probe(i + 2, `Bench ${word(CROWD + i)}`)),
      probe(60, `Bench ${word(11)}`),
    ];
    // Replayed as the check sent it, in one transaction: what it sets, then its search explained.
    const sent = await capturedStatements(database, (handle) => partnersLike(handle, probes, 0.6));
    const plan = await db.transaction(async (tx) => {
      for (const statement of sent) {
        if (!statement.query.trimStart().startsWith('with probe as')) {
          await tx.execute(sql.raw(inline(statement)));
          continue;
        }
        const [row] = await queryRows<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(
          tx,
          sql`explain (analyze, format json) ${sql.raw(inline(statement))}`,
        );
        return row!['QUERY PLAN'][0].Plan;
      }
      throw new Error('the duplicate check sent no search');
    });
    const nodes = flatten(plan);
    const nameSearches = nodes.filter((n) => n['Index Name'] === 'partners_name_trgm_idx');
    expect(nameSearches.length).toBeGreaterThan(0);
    // Each row's search fetched its near names (one, for the row of the crowd) and nothing else.
    // (Rows are an average a loop, to two decimals on PostgreSQL 18: 0.02 × 51.)
    const fetched = Math.round(
      nameSearches.reduce((sum, n) => sum + n['Actual Rows'] * n['Actual Loops'], 0),
    );
    expect(fetched).toBeLessThanOrEqual(1);
    expect(nodes.some((n) => n['Node Type'] === 'Seq Scan' && n['Relation Name'] === 'partners')).toBe(false);
  });
});
