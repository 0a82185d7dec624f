import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client.ts';
import { type Agent, createTestApp, type TestApp } from '../../test/app.ts';
import { buildPartner, buildRelationship, buildUnit } from '../../test/factories/index.ts';
import { refreshAllHealth, refreshHealth } from './relationship-health.service.ts';

let t: TestApp;
let manager: Agent;
let outsider: Agent;
let reader: Agent;
let admin: Agent;
let partnerId: string;
let relationshipId: string;
let unitId: string;
let elsewhereId: string;

const daysAgo = (d: number) => new Date(Date.now() - d * 86_400_000).toISOString();
type Part = { key: string; score: number | null; facts: { label: string; value: string }[] };
type Health = { score: number | null; basis: string; ruleVersion: number; parts: Part[] };

const healthOf = async (agent: Agent, id = relationshipId) => {
  const res = await t.call(agent, 'GET', `/api/v1/relationships/${id}/health`);
  expect(res.statusCode).toBe(200);
  return res.json() as {
    health: Health | null;
    trend: { day: string; score: number | null; ruleVersion: number }[];
  };
};
const part = (h: Health | null, key: string) => h!.parts.find((p) => p.key === key)!;

const touch = async (agent: Agent, body: Record<string, unknown>) => {
  const res = await t.call(agent, 'POST', '/api/v1/touchpoints', { partnerId, kind: 'call', ...body });
  expect(res.statusCode).toBe(201);
  return res.json();
};

beforeAll(async () => {
  t = await createTestApp();
  const unit = await buildUnit(t.db);
  const elsewhere = await buildUnit(t.db);
  unitId = unit.id;
  elsewhereId = elsewhere.id;
  manager = await t.signIn('relationship_manager', { unitId: unit.id });
  outsider = await t.signIn('staff', { unitId: elsewhere.id });
  reader = await t.signIn('staff', { unitId: elsewhere.id });
  admin = await t.signIn('administrator', { unitId: elsewhere.id });
  partnerId = (await buildPartner(t.db, { name: 'Harrowgate Engineering' })).id;
  relationshipId = (
    await buildRelationship(t.db, { unitId: unit.id, partnerId, managerId: manager.user.id, cadenceDays: 30 })
  ).id;
});
afterAll(() => t.close());

describe('relationship health', () => {
  it('has no score until something is known, then is kept current from the event stream', async () => {
    // Created outside the write path: nothing kept yet.
    expect((await healthOf(manager)).health).toBeNull();
    await refreshAllHealth(t.db);
    const empty = (await healthOf(manager)).health!;
    // A cadence and no contact is data (0); the other parts have none and are left out.
    expect(empty.score).toBe(0);
    expect(empty.parts.map((p) => [p.key, p.score])).toEqual([
      ['contact', 0],
      ['requests', null],
      ['escalations', null],
      ['sentiment', null],
      ['surveys', null],
      ['activities', null],
    ]);

    await touch(manager, { subject: 'Placement review', sentiment: 2, occurredAt: daysAgo(5) });
    await touch(manager, {
      subject: 'Unit catch-up',
      sentiment: 1,
      occurredAt: daysAgo(3),
      visibility: 'unit',
    });
    await t.app.events.deliver();
    const h = (await healthOf(manager)).health!;
    expect(h.basis).toBe('unit');
    // Recency 100, frequency 2 of 4 = 50: contact 75. Sentiment average 1.5: 87.5 → 88.
    expect(part(h, 'contact').score).toBe(75);
    expect(part(h, 'sentiment').score).toBe(88);
    expect(part(h, 'sentiment').facts[0]).toEqual({
      label: 'Average, last 90 days',
      value: '1.5 over 2 touch points',
    });
    // (30 × 75 + 20 × 88) / 50 = 80.2
    expect(h.score).toBe(80);
    // Someone outside the unit sees only what the institution may read.
    const outside = (await healthOf(outsider)).health!;
    expect(outside.basis).toBe('institution');
    expect(part(outside, 'sentiment').score).toBe(100);
  });

  it('counts requests against their targets, and concerns against the relationship', async () => {
    const incident = await t.call(manager, 'POST', '/api/v1/requests', {
      partnerId,
      kind: 'incident',
      title: 'Placement portal login fails',
      priority: 'high',
    });
    expect(incident.statusCode).toBe(201);
    const concern = await t.call(manager, 'POST', '/api/v1/requests', {
      partnerId,
      kind: 'concern',
      title: 'Supervisors feel unheard',
    });
    expect(concern.statusCode).toBe(201);
    await t.app.events.deliver();
    const h = (await healthOf(manager)).health!;
    expect(part(h, 'requests').score).toBe(100);
    expect(part(h, 'requests').facts).toContainEqual({ label: 'In good standing', value: '2 of 2' });
    expect(part(h, 'escalations').score).toBe(85);
  });

  it('a confidential negative touch point moves only the scores of those who may read it', async () => {
    const before = {
      outsider: (await healthOf(outsider)).health!,
      manager: (await healthOf(manager)).health!,
    };
    await touch(manager, {
      subject: 'Board member unhappy with the partnership',
      sentiment: -2,
      occurredAt: daysAgo(1),
      visibility: 'confidential',
      readerIds: [reader.user.id],
    });
    await t.app.events.deliver();

    // The outsider's score, parts and facts are exactly what they were.
    const outside = (await healthOf(outsider)).health!;
    expect(outside.score).toBe(before.outsider.score);
    expect(outside.parts).toEqual(before.outsider.parts);
    const partner = (await t.call(outsider, 'GET', `/api/v1/partners/${partnerId}/health`)).json();
    expect(partner.health.score).toBe(before.outsider.score);
    expect(partner.relationships[0].health.parts).toEqual(before.outsider.parts);

    // Its named reader (in another unit) counts it with what the institution may read: average 0 → 50.
    const named = (await healthOf(reader)).health!;
    expect(named.basis).toBe('viewer');
    expect(part(named, 'sentiment').score).toBe(50);
    // The author (a reader too) counts it with the unit's own: (2 + 1 − 2) / 3.
    const author = (await healthOf(manager)).health!;
    expect(part(author, 'sentiment').score).toBeLessThan(part(before.manager, 'sentiment').score!);
    expect(part(author, 'sentiment').facts[0]!.value).toBe('0.3 over 3 touch points');
    // Administrators read from the kept score of every record.
    const all = (await healthOf(admin)).health!;
    expect(all.basis).toBe('all');
    expect(all.parts).toEqual(author.parts);
  });

  it('a changed weight creates a new version of the rule; the history keeps the version it was computed with', async () => {
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    await refreshAllHealth(t.db, { snapshotDay: yesterday });
    // The administrator's score is a kept one (every record), so its history is the same audience's.
    const kept = (await healthOf(admin)).health!;
    const rules0 = (await t.call(manager, 'GET', '/api/v1/health-rules')).json();
    expect(rules0.current).toMatchObject({
      version: 2,
      weights: { contact: 30, sentiment: 20, surveys: 10 },
    });

    expect(
      (await t.call(manager, 'POST', '/api/v1/health-rules', { ...rules0.current.weights, contact: 60 }))
        .statusCode,
    ).toBe(403);
    const changed = await t.call(admin, 'POST', '/api/v1/health-rules', {
      contact: 60,
      requests: 20,
      escalations: 20,
      sentiment: 20,
      surveys: 10,
      activities: 10,
    });
    expect(changed.statusCode).toBe(201);
    expect(changed.json().current).toMatchObject({ version: 3, weights: { contact: 60 } });
    expect(changed.json().versions.map((v: { version: number }) => v.version)).toEqual([3, 2, 1]);
    expect(changed.json().versions[1].weights.contact).toBe(30);

    await refreshAllHealth(t.db);
    const now = (await healthOf(admin)).health!;
    expect(now.ruleVersion).toBe(3);
    expect(now.parts).toEqual(kept.parts.map((p) => (p.key === 'contact' ? { ...p, weight: 60 } : p)));
    expect(now.score).not.toBe(kept.score);
    // Yesterday's point is as it was computed: rule 2 and its score.
    const { trend } = await healthOf(admin);
    expect(trend).toContainEqual({ day: yesterday, score: kept.score, ruleVersion: 2 });
  });

  it('refuses bad weights with a message naming the field, and changes nothing', async () => {
    const bodies = [
      { contact: 0, requests: 0, escalations: 0, sentiment: 0, surveys: 0, activities: 0 },
      { contact: 101, requests: 20, escalations: 20, sentiment: 20, surveys: 10, activities: 10 },
      { contact: 'lots\u0000', requests: 20, escalations: 20, sentiment: 20, surveys: 10, activities: 10 },
      { contact: 2 ** 40, requests: 20, escalations: 20, sentiment: 20, surveys: 10, activities: 10 },
      { requests: 20 },
    ];
    for (const body of bodies) {
      const res = await t.call(admin, 'POST', '/api/v1/health-rules', body);
      expect(res.statusCode).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json().errors[0].field).toBe('contact');
    }
    const rules = (await t.call(admin, 'GET', '/api/v1/health-rules')).json();
    expect(rules.versions).toHaveLength(3);
  });

  it('answers crafted ids and ranges with 400 or 404, never 500', async () => {
    expect((await t.call(manager, 'GET', '/api/v1/relationships/not-an-id/health')).statusCode).toBe(400);
    expect(
      (await t.call(manager, 'GET', '/api/v1/relationships/00000000-0000-4000-8000-000000000000/health'))
        .statusCode,
    ).toBe(404);
    expect(
      (await t.call(manager, 'GET', '/api/v1/partners/00000000-0000-4000-8000-000000000000/health'))
        .statusCode,
    ).toBe(404);
    const tooLong = await t.call(manager, 'GET', `/api/v1/relationships/${relationshipId}/health?days=99999`);
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.json().errors[0].field).toBe('query.days');
    expect((await t.call(null, 'GET', `/api/v1/relationships/${relationshipId}/health`)).statusCode).toBe(
      401,
    );
  });

  it("shows my portfolio from kept scores, with each relationship's month of trend", async () => {
    const res = await t.call(manager, 'GET', '/api/v1/me/health');
    expect(res.statusCode).toBe(200);
    const [item] = res.json().items;
    expect(item).toMatchObject({ relationshipId, partnerName: 'Harrowgate Engineering' });
    expect(item.health.score).toBe((await healthOf(manager)).health!.score);
    expect(item.trend.length).toBeGreaterThan(0);
    expect((await t.call(outsider, 'GET', '/api/v1/me/health')).json().items).toEqual([]);
    // Deleting the relationship's rows is not the score's business: kept rows go with the relationship.
    const rows = await queryRows<{ n: number }>(
      t.db,
      sql`select count(*)::int as n from relationship_health where relationship_id = ${relationshipId}`,
    );
    expect(rows[0]!.n).toBe(3);
  });

  it('recomputes the relationships a burst of touch points concerns once, to the scores computed directly', async () => {
    await t.app.events.deliver();
    // Counts the statements that keep scores: refreshHealth writes all its rows in one.
    await t.db.execute(sql`create table health_writes (at timestamptz not null default clock_timestamp())`);
    await t.db.execute(
      sql.raw(`create function count_health_write() returns trigger language plpgsql as $$
        begin insert into health_writes default values; return null; end $$`),
    );
    await t.db.execute(
      sql`create trigger count_health_writes after insert on relationship_health
          for each statement execute function count_health_write()`,
    );
    const writes = async () =>
      (await queryRows<{ n: number }>(t.db, sql`select count(*)::int as n from health_writes`))[0]!.n;
    const other = (await buildPartner(t.db, { name: 'Kestrel Robotics' })).id;
    const ids = [
      relationshipId,
      (
        await buildRelationship(t.db, {
          unitId,
          partnerId: other,
          managerId: manager.user.id,
          cadenceDays: 14,
        })
      ).id,
      (await buildRelationship(t.db, { unitId: elsewhereId, partnerId: other, cadenceDays: 60 })).id,
    ];
    const kept = () =>
      queryRows<Record<string, unknown>>(
        t.db,
        sql`select relationship_id, audience, score, parts, rule_version, has_confidential
            from relationship_health where relationship_id in (${sql.join(
              ids.map((id) => sql`${id}`),
              sql`, `,
            )}) order by relationship_id, audience`,
      );
    const before = await kept();

    // Twelve touch points on two partners, by two units, some for the unit's eyes only.
    for (let i = 0; i < 4; i++) {
      await touch(manager, {
        subject: `Placement visit ${i}`,
        sentiment: (i % 3) - 1,
        occurredAt: daysAgo(i + 1),
      });
      await touch(manager, {
        partnerId: other,
        subject: `Robotics lab tour ${i}`,
        sentiment: 2,
        occurredAt: daysAgo(2 * i),
        visibility: i % 2 ? 'unit' : 'institution',
      });
      await touch(outsider, {
        partnerId: other,
        subject: `Careers fair ${i}`,
        sentiment: -1,
        occurredAt: daysAgo(i),
      });
    }
    expect((await t.app.events.deliver()).failed).toBe(0);
    // One delivered batch, one recomputation (one per touch point before).
    expect(await writes()).toBe(1);
    const fromEvents = await kept();
    // Every relationship concerned has a score for each audience, and the first one's moved.
    expect(fromEvents).toHaveLength(ids.length * 3);
    expect(fromEvents.filter((r) => r.relationship_id === relationshipId)).not.toEqual(
      before.filter((r) => r.relationship_id === relationshipId),
    );

    await refreshHealth(t.db, ids);
    expect(await writes()).toBe(2);
    expect(await kept()).toEqual(fromEvents);
  });
});
