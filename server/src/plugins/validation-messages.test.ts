import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, createTestApp, type TestApp } from '../test/app.ts';
import { buildPartner, buildRelationship, buildUnit } from '../test/factories/index.ts';

let t: TestApp;
let admin: Agent;
let manager: Agent;
let unitId: string;

beforeAll(async () => {
  t = await createTestApp();
  unitId = (await buildUnit(t.db, { name: 'Research Office' })).id;
  admin = await t.signIn('administrator');
  manager = await t.signIn('relationship_manager', { unitId });
});
afterAll(() => t.close());

const expectProblem = (response: {
  statusCode: number;
  json: () => unknown;
  headers: Record<string, unknown>;
}) => {
  expect(response.statusCode).toBe(400);
  expect(response.headers['content-type']).toContain('application/problem+json');
  return (response.json() as { errors: { field: string; message: string }[] }).errors;
};

describe('validation messages written for staff', () => {
  it('says what to enter or choose, and the limit, not what zod expected', async () => {
    const errors = expectProblem(
      await t.call(admin, 'POST', '/api/v1/partners', { name: '  ', typeId: null, sector: 'x'.repeat(201) }),
    );
    expect(errors).toEqual(
      expect.arrayContaining([
        { field: 'name', message: 'Enter a name' },
        { field: 'typeId', message: 'Choose a partner type' },
        { field: 'sector', message: 'Use at most 200 characters' },
      ]),
    );
    expect(errors).toHaveLength(3);
    const tooLong = expectProblem(
      await t.call(admin, 'POST', '/api/v1/partners', { name: 'x'.repeat(301), typeId: null }),
    );
    expect(tooLong).toContainEqual({ field: 'name', message: 'Use at most 300 characters' });
    const kind = expectProblem(
      await t.call(admin, 'POST', '/api/v1/units', { name: 'Library', kind: 'castle' }),
    );
    expect(kind).toEqual([
      { field: 'kind', message: 'Choose one of: faculty, school, department, service, office' },
    ]);
  });
});

describe('a number out of range is refused with its limit, never changed', () => {
  it('refuses a satisfaction of 9 when resolving, and the request stays as it was', async () => {
    const partner = await buildPartner(t.db);
    const raised = await t.call(admin, 'POST', '/api/v1/requests', {
      partnerId: partner.id,
      unitId,
      kind: 'enquiry',
      title: 'Room bookings',
    });
    const id = raised.json().id as string;
    for (const to of ['triaged', 'in_progress']) {
      expect((await t.call(admin, 'POST', `/api/v1/requests/${id}/transition`, { to })).statusCode).toBe(200);
    }
    const errors = expectProblem(
      await t.call(admin, 'POST', `/api/v1/requests/${id}/transition`, {
        to: 'resolved',
        resolution: 'Booked the hall',
        satisfaction: 9,
      }),
    );
    expect(errors).toEqual([{ field: 'satisfaction', message: 'Enter a number from 1 to 5' }]);
    const after = (await t.call(admin, 'GET', `/api/v1/requests/${id}`)).json();
    expect(after).toMatchObject({ status: 'in_progress', satisfaction: null, resolution: null });
  });

  it('refuses a cadence of −3 days, and the relationship keeps its cadence', async () => {
    const partner = await buildPartner(t.db);
    const relationship = await buildRelationship(t.db, { unitId, partnerId: partner.id, cadenceDays: 30 });
    const errors = expectProblem(
      await t.call(
        manager,
        'PATCH',
        `/api/v1/relationships/${relationship.id}`,
        { cadenceDays: -3 },
        { 'if-match': '"v1"' },
      ),
    );
    expect(errors).toEqual([{ field: 'cadenceDays', message: 'Enter a number from 1 to 730' }]);
    const created = expectProblem(
      await t.call(manager, 'POST', '/api/v1/relationships', {
        unitId,
        partnerId: (await buildPartner(t.db)).id,
        cadenceDays: 0,
      }),
    );
    expect(created).toEqual([{ field: 'cadenceDays', message: 'Enter a number from 1 to 730' }]);
    const after = (await t.call(manager, 'GET', `/api/v1/relationships/${relationship.id}`)).json();
    expect(after).toMatchObject({ cadenceDays: 30, version: 1 });
  });

  it('refuses a target of −5 working hours, and the service level keeps its target', async () => {
    const { items } = (await t.call(admin, 'GET', '/api/v1/service-levels')).json();
    const level = items.find(
      (l: { kind: string; priority: string }) => l.kind === 'incident' && l.priority === 'low',
    );
    const url = `/api/v1/service-levels/${level.id}`;
    const errors = expectProblem(
      await t.call(admin, 'PATCH', url, { firstResponseHours: -5 }, { 'if-match': `"v${level.version}"` }),
    );
    expect(errors).toEqual([{ field: 'firstResponseHours', message: 'Enter a number from 1 to 2000' }]);
    const resolve = expectProblem(
      await t.call(admin, 'PATCH', url, { resolveHours: 5001 }, { 'if-match': `"v${level.version}"` }),
    );
    expect(resolve).toEqual([{ field: 'resolveHours', message: 'Enter a number from 1 to 5000' }]);
    const after = (await t.call(admin, 'GET', '/api/v1/service-levels')).json();
    expect(after.items.find((l: { id: string }) => l.id === level.id)).toEqual(level);
  });
});
