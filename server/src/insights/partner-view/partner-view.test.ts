import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, createTestApp, type TestApp } from '../../test/app.ts';
import {
  buildAffiliation,
  buildContact,
  buildPartner,
  buildRelationship,
  buildTouchpoint,
  buildUnit,
  buildUser,
} from '../../test/factories/index.ts';

let t: TestApp;
let viewer: Agent;
const daysAgo = (d: number) => new Date(Date.now() - d * 86_400_000);

beforeAll(async () => {
  t = await createTestApp();
  viewer = await t.signIn('viewer');
});
afterAll(() => t.close());

describe('partner overview', () => {
  it('brings together relationships with cadence, key contacts, timeline, counts and follow-ups', async () => {
    const partner = await buildPartner(t.db, { name: 'Ribble Energy' });
    const [it1, careers, research] = [
      await buildUnit(t.db, { name: 'IT' }),
      await buildUnit(t.db, { name: 'Careers' }),
      await buildUnit(t.db, { name: 'Research' }),
    ];
    const manager = await buildUser(t.db, { name: 'Maya Manager', unitId: it1.id });
    const author = await buildUser(t.db, { unitId: it1.id });
    await buildRelationship(t.db, {
      unitId: it1.id,
      partnerId: partner.id,
      managerId: manager.id,
      cadenceDays: 30,
    });
    await buildRelationship(t.db, { unitId: careers.id, partnerId: partner.id, cadenceDays: 30 });
    await buildRelationship(t.db, { unitId: research.id, partnerId: partner.id, cadenceDays: 30 });
    await buildRelationship(t.db, { unitId: (await buildUnit(t.db)).id, partnerId: partner.id });
    await buildTouchpoint(t.db, {
      partnerId: partner.id,
      unitId: it1.id,
      authorId: author.id,
      kind: 'call',
      occurredAt: daysAgo(3),
    });
    await buildTouchpoint(t.db, {
      partnerId: partner.id,
      unitId: careers.id,
      authorId: author.id,
      kind: 'visit',
      occurredAt: daysAgo(26),
    });
    await buildTouchpoint(t.db, {
      partnerId: partner.id,
      unitId: research.id,
      authorId: author.id,
      kind: 'call',
      occurredAt: daysAgo(45),
    });
    await buildTouchpoint(t.db, {
      partnerId: partner.id,
      unitId: research.id,
      authorId: author.id,
      kind: 'email',
      occurredAt: daysAgo(400),
    });
    const key = await buildContact(t.db, { name: 'Kim Key' });
    await buildAffiliation(t.db, {
      contactId: key.id,
      partnerId: partner.id,
      role: 'Head of Early Careers',
      isKeyContact: true,
    });
    const former = await buildContact(t.db, { name: 'Fred Former' });
    await buildAffiliation(t.db, {
      contactId: former.id,
      partnerId: partner.id,
      role: 'Old role',
      endDate: '2020-01-01',
    });
    await t.call(await t.signIn('staff', { unitId: it1.id }), 'POST', '/api/v1/tasks', {
      title: 'Send minutes',
      partnerId: partner.id,
    });

    const response = await t.call(viewer, 'GET', `/api/v1/partners/${partner.id}/overview`);
    expect(response.statusCode).toBe(200);
    const o = response.json();
    expect(o.partner.name).toBe('Ribble Energy');
    const status = Object.fromEntries(
      o.relationships.map((r: { unitName: string; cadenceStatus: string }) => [r.unitName, r.cadenceStatus]),
    );
    expect(status).toMatchObject({ IT: 'ok', Careers: 'due', Research: 'overdue' });
    expect(Object.values(status)).toContain('none');
    expect(o.relationships.find((r: { unitName: string }) => r.unitName === 'IT').managerName).toBe(
      'Maya Manager',
    );
    expect(o.keyContacts.map((c: { name: string }) => c.name)).toEqual(['Kim Key']);
    expect(o.timeline.items).toHaveLength(4);
    expect(o.timeline.items[0].kind).toBe('call');
    expect(o.lastYear.total).toBe(3);
    expect(o.lastYear.byKind).toEqual(
      expect.arrayContaining([
        { kind: 'call', count: 2 },
        { kind: 'visit', count: 1 },
      ]),
    );
    expect(o.lastYear.byUnit.map((u: { unitName: string }) => u.unitName).sort()).toEqual([
      'Careers',
      'IT',
      'Research',
    ]);
    expect(o.openTasks.map((x: { title: string }) => x.title)).toEqual(['Send minutes']);
  });

  it('pages a long timeline with filters', async () => {
    const partner = await buildPartner(t.db);
    const unit = await buildUnit(t.db);
    const author = await buildUser(t.db, { unitId: unit.id });
    for (let i = 0; i < 60; i++) {
      await buildTouchpoint(t.db, {
        partnerId: partner.id,
        unitId: unit.id,
        authorId: author.id,
        kind: i % 3 ? 'email' : 'visit',
        occurredAt: daysAgo(i + 1),
        subject: `Entry ${i}`,
      });
    }
    const overview = (await t.call(viewer, 'GET', `/api/v1/partners/${partner.id}/overview`)).json();
    expect(overview.timeline.items).toHaveLength(50);
    const rest = (
      await t.call(
        viewer,
        'GET',
        `/api/v1/partners/${partner.id}/timeline?cursor=${overview.timeline.nextCursor}`,
      )
    ).json();
    expect(rest.items).toHaveLength(10);
    expect(rest.items[0].subject).toBe('Entry 50');
    expect(rest.nextCursor).toBeNull();
    const visits = (
      await t.call(viewer, 'GET', `/api/v1/partners/${partner.id}/timeline?kind=visit&limit=100`)
    ).json();
    expect(visits.items).toHaveLength(20);
    const byParticipant = (
      await t.call(
        viewer,
        'GET',
        `/api/v1/partners/${partner.id}/timeline?participantId=${author.id}&limit=5`,
      )
    ).json();
    expect(byParticipant.items).toHaveLength(5);
    expect(
      (await t.call(viewer, 'GET', `/api/v1/partners/01890a5d-ac96-774b-bcce-b302099a8057/overview`))
        .statusCode,
    ).toBe(404);
  });
});
