import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { relationshipDeputies } from '../../db/schema/relationships.ts';
import { type Agent, createTestApp, type TestApp } from '../../test/app.ts';
import { buildPartner, buildRelationship, buildTouchpoint, buildUnit } from '../../test/factories/index.ts';

let t: TestApp;
let me: Agent;

beforeAll(async () => {
  t = await createTestApp();
  const unit = await buildUnit(t.db);
  me = await t.signIn('relationship_manager', { unitId: unit.id });
  const daysAgo = (d: number) => new Date(Date.now() - d * 86_400_000);
  const fresh = await buildPartner(t.db, { name: 'Fresh Partner' });
  const stale = await buildPartner(t.db, { name: 'Stale Partner' });
  const deputised = await buildPartner(t.db, { name: 'Deputised Partner' });
  await buildRelationship(t.db, {
    unitId: unit.id,
    partnerId: fresh.id,
    managerId: me.user.id,
    cadenceDays: 30,
  });
  await buildRelationship(t.db, {
    unitId: unit.id,
    partnerId: stale.id,
    managerId: me.user.id,
    cadenceDays: 30,
  });
  const other = await buildRelationship(t.db, {
    unitId: (await buildUnit(t.db)).id,
    partnerId: deputised.id,
    cadenceDays: 60,
  });
  await t.db.insert(relationshipDeputies).values({ relationshipId: other.id, userId: me.user.id });
  await buildRelationship(t.db, { unitId: unit.id, partnerId: (await buildPartner(t.db)).id });
  await buildTouchpoint(t.db, {
    partnerId: fresh.id,
    unitId: unit.id,
    authorId: me.user.id,
    occurredAt: daysAgo(2),
    subject: 'Fresh call',
  });
  await buildTouchpoint(t.db, {
    partnerId: stale.id,
    unitId: unit.id,
    authorId: me.user.id,
    occurredAt: daysAgo(90),
    subject: 'Old call',
  });
  await t.call(me, 'POST', '/api/v1/tasks', { title: 'Later', partnerId: fresh.id, dueOn: '2027-02-01' });
  await t.call(me, 'POST', '/api/v1/tasks', { title: 'Sooner', partnerId: fresh.id, dueOn: '2026-12-01' });
});
afterAll(() => t.close());

describe('my home', () => {
  it('lists the relationships I manage or deputise on, overdue first', async () => {
    const home = (await t.call(me, 'GET', '/api/v1/me/home')).json();
    expect(
      home.relationships.map((r: { partnerName: string; cadenceStatus: string }) => [
        r.partnerName,
        r.cadenceStatus,
      ]),
    ).toEqual([
      ['Deputised Partner', 'overdue'],
      ['Stale Partner', 'overdue'],
      ['Fresh Partner', 'ok'],
    ]);
  });

  it('shows my open follow-ups soonest first and what I logged lately', async () => {
    const home = (await t.call(me, 'GET', '/api/v1/me/home')).json();
    expect(home.tasks.map((x: { title: string }) => x.title)).toEqual(['Sooner', 'Later']);
    expect(home.recentTouchpoints.map((x: { subject: string }) => x.subject)).toEqual([
      'Fresh call',
      'Old call',
    ]);
  });
});

describe('my touch points by month', () => {
  const LONDON = 'Europe/London';
  const monthOf = (d: DateTime) => d.toFormat('yyyy-MM');

  it("counts my relationships' visible touch points per month in the university's time zone, the last 12 with zeros", async () => {
    const unit = await buildUnit(t.db);
    const other = await buildUnit(t.db);
    const mine = await t.signIn('relationship_manager', { unitId: unit.id });
    const colleague = await t.signIn('relationship_manager', { unitId: unit.id });
    const partner = await buildPartner(t.db);
    const deputised = await buildPartner(t.db);
    await buildRelationship(t.db, { unitId: unit.id, partnerId: partner.id, managerId: mine.user.id });
    const theirs = await buildRelationship(t.db, { unitId: other.id, partnerId: deputised.id });
    await t.db.insert(relationshipDeputies).values({ relationshipId: theirs.id, userId: mine.user.id });

    const thisMonth = DateTime.now().setZone(LONDON).startOf('month');
    const monthsAgo = (n: number) => thisMonth.minus({ months: n });
    // A summer month: its first ten minutes in London are still the month before in UTC.
    const summer = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11].map(monthsAgo).find((m) => m.offset === 60)!;
    const at = (d: DateTime) => d.toJSDate();
    const log = (values: Partial<Parameters<typeof buildTouchpoint>[1]>) =>
      buildTouchpoint(t.db, { partnerId: partner.id, unitId: unit.id, authorId: mine.user.id, ...values });
    await log({ occurredAt: at(thisMonth.plus({ seconds: 1 })) });
    await log({ occurredAt: at(monthsAgo(3).plus({ days: 9 })) });
    await log({ occurredAt: at(monthsAgo(3).plus({ days: 20 })) });
    await log({ occurredAt: at(summer.plus({ minutes: 10 })) });
    await buildTouchpoint(t.db, {
      partnerId: deputised.id,
      unitId: other.id,
      authorId: colleague.user.id,
      occurredAt: at(monthsAgo(11).plus({ days: 2 })),
    });
    // Not counted: before the twelve months, planned for tomorrow, another unit's with my
    // partner, and a colleague's confidential note I am not a reader of.
    await log({ occurredAt: at(monthsAgo(12).plus({ days: 3 })) });
    await log({ occurredAt: new Date(Date.now() + 86_400_000) });
    await log({ unitId: other.id, occurredAt: at(monthsAgo(3).plus({ days: 9 })) });
    await log({
      authorId: colleague.user.id,
      visibility: 'confidential',
      occurredAt: at(monthsAgo(3).plus({ days: 9 })),
    });

    const expected = new Map<string, number>();
    const add = (d: DateTime) => expected.set(monthOf(d), (expected.get(monthOf(d)) ?? 0) + 1);
    for (const d of [thisMonth, monthsAgo(3), monthsAgo(3), summer, monthsAgo(11)]) add(d);
    const home = (await t.call(mine, 'GET', '/api/v1/me/home')).json();
    expect(home.touchpointsByMonth).toEqual(
      Array.from({ length: 12 }, (_, i) => {
        const month = monthOf(monthsAgo(11 - i));
        return { month, count: expected.get(month) ?? 0 };
      }),
    );
    // The summer month's first minutes are counted in London's month, not UTC's.
    expect(summer.plus({ minutes: 10 }).toUTC().month).not.toBe(summer.month);

    // The colleague manages nothing: twelve months of nothing, not an error.
    const theirHome = (await t.call(colleague, 'GET', '/api/v1/me/home')).json();
    expect(theirHome.touchpointsByMonth).toHaveLength(12);
    expect(theirHome.touchpointsByMonth.every((m: { count: number }) => m.count === 0)).toBe(true);
  });
});
