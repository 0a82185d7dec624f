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
