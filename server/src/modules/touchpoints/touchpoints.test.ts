import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, createTestApp, type TestApp } from '../../test/app.ts';
import { buildContact, buildPartner, buildRelationship, buildUnit } from '../../test/factories/index.ts';

let t: TestApp;
let unitA: string;
let unitB: string;
let staffA: Agent;
let colleagueA: Agent;
let staffB: Agent;
let seniorA: Agent;
let viewer: Agent;
let partner: string;

beforeAll(async () => {
  t = await createTestApp();
  unitA = (await buildUnit(t.db, { name: 'IT Services' })).id;
  unitB = (await buildUnit(t.db, { name: 'Careers' })).id;
  staffA = await t.signIn('staff', { unitId: unitA });
  colleagueA = await t.signIn('staff', { unitId: unitA });
  seniorA = await t.signIn('senior_manager', { unitId: unitA });
  staffB = await t.signIn('staff', { unitId: unitB });
  viewer = await t.signIn('viewer', { unitId: unitA });
  partner = (await buildPartner(t.db, { name: 'Calder Logistics' })).id;
});
afterAll(() => t.close());

const log = (agent: Agent, body: Record<string, unknown>) =>
  t.call(agent, 'POST', '/api/v1/touchpoints', body);

describe('touch points', () => {
  it('logs a touch point with sensible defaults, participants and a follow-up in one request', async () => {
    const contact = await buildContact(t.db, { name: 'Jo Contact' });
    const response = await log(staffA, {
      partnerId: partner,
      kind: 'call',
      subject: 'Call about placements',
      notes: '**Agreed** two placements',
      sentiment: 1,
      contactIds: [contact.id],
      followUp: { title: 'Send the placement form', dueOn: '2026-12-01' },
    });
    expect(response.statusCode).toBe(201);
    const tp = response.json();
    expect(tp).toMatchObject({
      unitId: unitA,
      unitName: 'IT Services',
      authorId: staffA.user.id,
      visibility: 'institution',
      notes: '**Agreed** two placements',
      staff: [{ id: staffA.user.id }],
      contacts: [{ id: contact.id, name: 'Jo Contact' }],
    });
    expect(Date.now() - Date.parse(tp.occurredAt)).toBeLessThan(60_000);
    const tasks = (await t.call(staffA, 'GET', `/api/v1/tasks?touchpointId=${tp.id}`)).json();
    expect(tasks.items).toEqual([
      expect.objectContaining({ title: 'Send the placement form', assigneeId: staffA.user.id, done: false }),
    ]);
  });

  it('refuses bad input naming the fields, and writes nothing (not even the follow-up)', async () => {
    const before = (await t.call(staffA, 'GET', `/api/v1/touchpoints?partnerId=${partner}&limit=500`)).json()
      .items.length;
    const response = await log(staffA, { partnerId: partner, kind: 'telepathy', subject: '', sentiment: 5 });
    expect(response.statusCode).toBe(400);
    expect(
      response
        .json()
        .errors.map((e: { field: string }) => e.field)
        .sort(),
    ).toEqual(['kind', 'sentiment', 'subject']);
    const future = await log(staffA, {
      partnerId: partner,
      kind: 'call',
      subject: 'x',
      occurredAt: '2099-01-01T00:00:00Z',
    });
    expect(future.json().errors[0].field).toBe('occurredAt');
    const foreign = await buildRelationship(t.db, {
      unitId: unitB,
      partnerId: (await buildPartner(t.db)).id,
    });
    const mismatch = await log(staffA, {
      partnerId: partner,
      relationshipId: foreign.id,
      kind: 'call',
      subject: 'x',
      followUp: { title: 'never' },
    });
    expect(mismatch.json().errors).toEqual([
      { field: 'relationshipId', message: "is not one of this partner's relationships" },
    ]);
    const otherUnit = await log(staffA, { partnerId: partner, unitId: unitB, kind: 'call', subject: 'x' });
    expect(otherUnit.json().errors).toEqual([{ field: 'unitId', message: 'must be your own unit' }]);
    expect(
      (await t.call(staffA, 'GET', `/api/v1/touchpoints?partnerId=${partner}&limit=500`)).json().items.length,
    ).toBe(before);
    expect(
      (await t.call(staffA, 'GET', '/api/v1/tasks?limit=500'))
        .json()
        .items.map((x: { title: string }) => x.title),
    ).not.toContain('never');
    expect((await log(viewer, { partnerId: partner, kind: 'call', subject: 'x' })).statusCode).toBe(403);
  });

  it('logs in bulk, all or nothing, with errors naming the item', async () => {
    const other = (await buildPartner(t.db)).id;
    const items = [0, 1, 2].map((i) => ({ partnerId: other, kind: 'email', subject: `Bulk ${i}` }));
    const bad = await t.call(staffA, 'POST', '/api/v1/touchpoints/bulk', {
      items: [
        ...items,
        { partnerId: '01890a5d-ac96-774b-bcce-b302099a8057', kind: 'email', subject: 'Bulk 3' },
      ],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors).toEqual([
      { field: 'items.3.partnerId', message: 'does not name an existing partner' },
    ]);
    const invalidShape = await t.call(staffA, 'POST', '/api/v1/touchpoints/bulk', {
      items: [items[0], { ...items[1], kind: 'x' }],
    });
    expect(invalidShape.json().errors[0].field).toBe('items.1.kind');
    expect((await t.call(staffA, 'GET', `/api/v1/touchpoints?partnerId=${other}`)).json().items).toHaveLength(
      0,
    );
    const ok = await t.call(staffA, 'POST', '/api/v1/touchpoints/bulk', { items });
    expect(ok.statusCode).toBe(201);
    expect(ok.json().items).toHaveLength(3);
    expect((await t.call(staffA, 'GET', `/api/v1/touchpoints?partnerId=${other}`)).json().items).toHaveLength(
      3,
    );
  });

  it('lets the author and a senior manager of the unit change it, not a colleague', async () => {
    const tp = (await log(staffA, { partnerId: partner, kind: 'meeting', subject: 'Review' })).json();
    const byColleague = await t.call(
      colleagueA,
      'PATCH',
      `/api/v1/touchpoints/${tp.id}`,
      { subject: 'Mine now' },
      { 'if-match': '"v1"' },
    );
    expect(byColleague.statusCode).toBe(403);
    const byAuthor = await t.call(
      staffA,
      'PATCH',
      `/api/v1/touchpoints/${tp.id}`,
      { subject: 'Quarterly review', sentiment: -1 },
      { 'if-match': '"v1"' },
    );
    expect(byAuthor.json()).toMatchObject({ subject: 'Quarterly review', sentiment: -1, version: 2 });
    const bySenior = await t.call(
      seniorA,
      'PATCH',
      `/api/v1/touchpoints/${tp.id}`,
      { isFormal: true },
      { 'if-match': '"v2"' },
    );
    expect(bySenior.statusCode).toBe(200);
    expect(
      (
        await t.call(
          staffA,
          'PATCH',
          `/api/v1/touchpoints/${tp.id}`,
          { isFormal: false },
          { 'if-match': '"v2"' },
        )
      ).statusCode,
    ).toBe(412);
    const history = (await t.call(viewer, 'GET', `/api/v1/touchpoints/${tp.id}/history`)).json();
    expect(history.items.map((h: { action: string }) => h.action)).toEqual(['update', 'update', 'create']);
    expect(
      (await t.call(staffA, 'DELETE', `/api/v1/touchpoints/${tp.id}`, undefined, { 'if-match': '"v3"' }))
        .statusCode,
    ).toBe(204);
  });

  it('keeps confidential touch points to named readers and unit ones to the unit', async () => {
    const secret = (
      await log(staffA, {
        partnerId: partner,
        kind: 'note',
        subject: 'Sensitive budget conversation',
        visibility: 'confidential',
        readerIds: [colleagueA.user.id],
      })
    ).json();
    expect(secret.readers.map((r: { id: string }) => r.id).sort()).toEqual(
      [staffA.user.id, colleagueA.user.id].sort(),
    );
    const internal = (
      await log(staffA, { partnerId: partner, kind: 'note', subject: 'Unit-only note', visibility: 'unit' })
    ).json();
    expect((await t.call(colleagueA, 'GET', `/api/v1/touchpoints/${secret.id}`)).statusCode).toBe(200);
    expect((await t.call(seniorA, 'GET', `/api/v1/touchpoints/${secret.id}`)).statusCode).toBe(404);
    expect((await t.call(staffB, 'GET', `/api/v1/touchpoints/${secret.id}`)).statusCode).toBe(404);
    expect((await t.call(staffB, 'GET', `/api/v1/touchpoints/${internal.id}`)).statusCode).toBe(404);
    expect((await t.call(viewer, 'GET', `/api/v1/touchpoints/${internal.id}`)).statusCode).toBe(200);
    expect((await t.call(staffB, 'GET', `/api/v1/touchpoints/${secret.id}/history`)).statusCode).toBe(404);
    const listB = (await t.call(staffB, 'GET', `/api/v1/touchpoints?partnerId=${partner}&limit=500`)).json();
    expect(listB.items.map((i: { id: string }) => i.id)).not.toContain(secret.id);
    expect(listB.items.map((i: { id: string }) => i.id)).not.toContain(internal.id);
    // Removing a reader takes effect at once.
    await t.call(
      staffA,
      'PATCH',
      `/api/v1/touchpoints/${secret.id}`,
      { readerIds: [] },
      { 'if-match': '"v1"' },
    );
    expect((await t.call(colleagueA, 'GET', `/api/v1/touchpoints/${secret.id}`)).statusCode).toBe(404);
    expect((await t.call(staffA, 'GET', `/api/v1/touchpoints/${secret.id}`)).statusCode).toBe(200);
  });

  it('pages and filters the list', async () => {
    const p = (await buildPartner(t.db)).id;
    for (let day = 1; day <= 5; day++) {
      await log(staffA, {
        partnerId: p,
        kind: day % 2 ? 'call' : 'visit',
        subject: `Day ${day}`,
        occurredAt: `2026-03-0${day}T10:00:00Z`,
      });
    }
    const first = (await t.call(viewer, 'GET', `/api/v1/touchpoints?partnerId=${p}&limit=2`)).json();
    expect(first.items.map((i: { subject: string }) => i.subject)).toEqual(['Day 5', 'Day 4']);
    const second = (
      await t.call(viewer, 'GET', `/api/v1/touchpoints?partnerId=${p}&limit=2&cursor=${first.nextCursor}`)
    ).json();
    expect(second.items.map((i: { subject: string }) => i.subject)).toEqual(['Day 3', 'Day 2']);
    const calls = (await t.call(viewer, 'GET', `/api/v1/touchpoints?partnerId=${p}&kind=call`)).json();
    expect(calls.items).toHaveLength(3);
    const range = (
      await t.call(
        viewer,
        'GET',
        `/api/v1/touchpoints?partnerId=${p}&from=2026-03-02T00:00:00Z&to=2026-03-04T00:00:00Z`,
      )
    ).json();
    expect(range.items.map((i: { subject: string }) => i.subject)).toEqual(['Day 3', 'Day 2']);
  });
});
