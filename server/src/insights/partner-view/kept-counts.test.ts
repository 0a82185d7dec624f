import { eq, inArray, type SQL, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client.ts';
import { touchpoints } from '../../db/schema/touchpoints.ts';
import type { Actor } from '../../modules/access/actor.ts';
import {
  actorsOf,
  touchpointCountScope,
  touchpointPartnerScope,
} from '../../modules/access/audience.repository.ts';
import { type Agent, createTestApp, type TestApp } from '../../test/app.ts';
import { buildPartner, buildTouchpoint, buildUnit } from '../../test/factories/index.ts';
import { keptCountsOfLastYear } from './partner-view.repository.ts';

/**
 * The kept counts (touchpoint_counts) against the live count, on random data: touch points
 * logged through the API (one at a time, in bulk, joint ones), loaded straight into the table,
 * corrected through the API and in SQL, deleted both ways, and two partners merged. After all
 * of it the kept table must equal a count of touchpoint_partners, and the counts read from it
 * (keptCountsOfLastYear) must equal the live count for every viewer.
 */

let t: TestApp;
const kinds = ['meeting', 'call', 'email', 'visit', 'event'] as const;
const visibilities = ['institution', 'institution', 'unit', 'confidential'] as const;

/** A seeded generator (mulberry32), so a failure can be replayed. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const SEED = Number(process.env.KEPT_COUNTS_SEED ?? 20261202);
const next = random(SEED);
const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
/** A time within the last fifteen months, month edges included now and then. */
function someTime(): Date {
  const now = Date.now();
  if (next() < 0.15) {
    // Close to a UTC month boundary, this month or a year back (the window's two cut points).
    const d = new Date(now);
    const back = pick([0, 1, 11, 12, 13]);
    const edge = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - back, 1);
    return new Date(Math.min(now, edge + (next() - 0.5) * 2 * 3_600_000));
  }
  return new Date(now - next() * 460 * 86_400_000);
}

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

/** The live count (countsOfLastYear's query, written out): by unit and by kind, one scan. */
async function liveCounts(partnerId: string, scope: SQL | undefined) {
  const rows = await queryRows<{ unitId: string | null; kind: string | null; count: number }>(
    t.db,
    sql`select unit_id as "unitId", kind, count(*)::int as count from touchpoint_partners
        where partner_id = ${partnerId} and occurred_at >= now() - interval '12 months' and ${scope ?? sql`true`}
        group by grouping sets ((unit_id), (kind))`,
  );
  const byUnit = rows
    .filter((r) => r.unitId !== null)
    .map((r) => ({ unitId: r.unitId, count: r.count }))
    .sort((a, b) => a.unitId!.localeCompare(b.unitId!));
  const byKind = rows
    .filter((r) => r.unitId === null)
    .map((r) => ({ kind: r.kind, count: r.count }))
    .sort((a, b) => a.kind!.localeCompare(b.kind!));
  return { total: byUnit.reduce((s, u) => s + u.count, 0), byUnit, byKind };
}

describe('kept counts', () => {
  it('equal the live count for every viewer after random writes, corrections, deletes and a merge', async () => {
    const parentUnit = await buildUnit(t.db, { name: 'Faculty of Science' });
    const units = [
      parentUnit,
      await buildUnit(t.db, { name: 'Chemistry', parentId: parentUnit.id }),
      await buildUnit(t.db, { name: 'Careers' }),
    ];
    const unitIds = units.map((u) => u.id);
    const authors: Agent[] = [
      await t.signIn('staff', { unitId: unitIds[0] }),
      await t.signIn('staff', { unitId: unitIds[1] }),
      await t.signIn('staff', { unitId: unitIds[2] }),
    ];
    const senior = await t.signIn('senior_manager', { unitId: unitIds[0] });
    const admin = await t.signIn('administrator', { unitId: null });
    const viewer = await t.signIn('viewer', { unitId: unitIds[2] });
    const partners: string[] = [];
    for (let i = 0; i < 5; i++)
      partners.push((await buildPartner(t.db, { name: `Kept Counts ${i} ${SEED}` })).id);
    const readerPool = [...authors, senior, viewer].map((a) => a.user.id);

    // Loaded straight into the table (the database's own path: bulk loads, the demo).
    const loaded: string[] = [];
    for (let i = 0; i < 160; i++) {
      const unit = Math.floor(next() * 3);
      const row = await buildTouchpoint(t.db, {
        partnerId: pick(partners),
        unitId: unitIds[unit]!,
        authorId: authors[unit]!.user.id,
        kind: pick(kinds),
        visibility: pick(visibilities),
        occurredAt: someTime(),
        readerIds: next() < 0.5 ? [pick(readerPool)] : [],
      });
      loaded.push(row.id);
    }

    // Through the API: one at a time (some joint), and in bulk.
    const body = (unit: number) => {
      const primary = pick(partners);
      const visibility = pick(visibilities);
      return {
        partnerId: primary,
        partnerIds: next() < 0.3 ? [pick(partners.filter((p) => p !== primary))] : [],
        unitId: unitIds[unit],
        kind: pick(kinds),
        occurredAt: someTime().toISOString(),
        subject: 'Random',
        visibility,
        readerIds: visibility === 'confidential' && next() < 0.5 ? [pick(readerPool)] : [],
      };
    };
    const logged: { id: string; version: number; unit: number }[] = [];
    for (let i = 0; i < 40; i++) {
      const unit = Math.floor(next() * 3);
      const res = await t.call(authors[unit]!, 'POST', '/api/v1/touchpoints', body(unit));
      expect(res.statusCode, res.body).toBe(201);
      logged.push({ id: res.json().id, version: res.json().version, unit });
    }
    for (let unit = 0; unit < 3; unit++) {
      const items = Array.from({ length: 25 }, () => body(unit));
      const res = await t.call(authors[unit]!, 'POST', '/api/v1/touchpoints/bulk', { items });
      expect(res.statusCode, res.body).toBe(201);
      for (const item of res.json().items) logged.push({ id: item.id, version: item.version, unit });
    }

    // Corrections through the API: the time, the kind, the visibility, the other partners.
    for (const entry of logged.filter(() => next() < 0.4)) {
      const change: Record<string, unknown> = {};
      if (next() < 0.6) change.occurredAt = someTime().toISOString();
      if (next() < 0.4) change.kind = pick(kinds);
      if (next() < 0.4) change.visibility = pick(visibilities);
      if (next() < 0.3) change.partnerIds = [pick(partners)];
      if (Object.keys(change).length === 0) change.kind = pick(kinds);
      const res = await t.call(authors[entry.unit]!, 'PATCH', `/api/v1/touchpoints/${entry.id}`, change, {
        'if-match': `"v${entry.version}"`,
      });
      if (res.statusCode === 400 && 'partnerIds' in change) continue; // the primary partner named again
      expect(res.statusCode, res.body).toBe(200);
      entry.version = res.json().version;
    }
    // Corrections in SQL, several rows in one statement (as a set-based import would).
    const corrected = loaded.filter(() => next() < 0.25);
    await t.db
      .update(touchpoints)
      .set({ occurredAt: sql`${touchpoints.occurredAt} - interval '40 days'`, kind: 'call' })
      .where(inArray(touchpoints.id, corrected));
    await t.db
      .update(touchpoints)
      .set({ visibility: 'unit' })
      .where(inArray(touchpoints.id, corrected.slice(0, 10)));

    // Deletes: through the API and in SQL.
    for (const entry of logged.filter(() => next() < 0.15)) {
      const res = await t.call(authors[entry.unit]!, 'DELETE', `/api/v1/touchpoints/${entry.id}`, undefined, {
        'if-match': `"v${entry.version}"`,
      });
      expect(res.statusCode, res.body).toBe(204);
    }
    await t.db.delete(touchpoints).where(inArray(touchpoints.id, loaded.slice(0, 20)));

    // A merge moves the merged partner's touch points, joint ones included, to the survivor.
    const merged = await t.call(admin, 'POST', '/api/v1/merges', {
      kind: 'partner',
      survivorId: partners[0],
      mergedIds: [partners[1]],
    });
    expect(merged.statusCode, merged.body).toBe(201);
    const remaining = partners.filter((p) => p !== partners[1]);

    // The kept table is exactly the count of the non-confidential rows, month by month.
    const [drift] = await queryRows<{ n: number }>(
      t.db,
      sql`select count(*)::int as n from (
        (select partner_id, touchpoint_month(occurred_at) as month, unit_id, kind, visibility, count(*)::int as count
         from touchpoint_partners where visibility <> 'confidential' and partner_id in (${sql.join(
           partners.map((p) => sql`${p}::uuid`),
           sql`, `,
         )}) group by 1, 2, 3, 4, 5
         except all
         select partner_id, month, unit_id, kind, visibility, count from touchpoint_counts)
        union all
        (select partner_id, month, unit_id, kind, visibility, count from touchpoint_counts
         where partner_id in (${sql.join(
           partners.map((p) => sql`${p}::uuid`),
           sql`, `,
         )})
         except all
         select partner_id, touchpoint_month(occurred_at), unit_id, kind, visibility, count(*)::int
         from touchpoint_partners where visibility <> 'confidential' group by 1, 2, 3, 4, 5)) d`,
    );
    expect(drift!.n).toBe(0);
    const [kept] = await queryRows<{ n: number }>(
      t.db,
      sql`select count(*)::int as n from touchpoint_counts where partner_id = ${partners[1]!}`,
    );
    expect(kept!.n).toBe(0);

    // For every viewer, the counts read from the kept table are the live count with their scope.
    const agents = [...authors, senior, admin, viewer];
    const actors = new Map<string, Actor>(
      (
        await actorsOf(
          t.db,
          agents.map((a) => a.user.id),
        )
      ).map((a) => [a.userId, a]),
    );
    let compared = 0;
    const sorted = (counts: Awaited<ReturnType<typeof keptCountsOfLastYear>>) => {
      const byUnit = counts
        .filter((c) => c.unitId !== null)
        .map((c) => ({ unitId: c.unitId, count: c.count }))
        .sort((x, y) => x.unitId!.localeCompare(y.unitId!));
      const byKind = counts
        .filter((c) => c.unitId === null)
        .map((c) => ({ kind: c.kind, count: c.count }))
        .sort((x, y) => x.kind!.localeCompare(y.kind!));
      return { total: byUnit.reduce((sum, u) => sum + u.count, 0), byUnit, byKind };
    };
    for (const partnerId of remaining) {
      for (const agent of agents) {
        const actor = actors.get(agent.user.id)!;
        const live = await liveCounts(partnerId, touchpointPartnerScope(actor));
        const kept = await keptCountsOfLastYear(
          t.db,
          partnerId,
          touchpointPartnerScope(actor),
          touchpointCountScope(actor),
        );
        expect(sorted(kept)).toEqual(live);
        // And the overview, for this viewer, shows the same.
        const res = await t.call(agent, 'GET', `/api/v1/partners/${partnerId}/overview`);
        expect(res.statusCode, res.body).toBe(200);
        expect(res.json().lastYear.total).toBe(live.total);
        compared += live.total;
      }
    }
    expect(compared).toBeGreaterThan(500);
    // The merged partner is gone; its rows are the survivor's.
    const [gone] = await t.db
      .select({ id: touchpoints.id })
      .from(touchpoints)
      .where(eq(touchpoints.partnerId, partners[1]!));
    expect(gone).toBeUndefined();
  });
});
