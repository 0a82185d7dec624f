import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { users } from '../../db/schema/users.ts';
import { type Agent, createTestApp, type TestApp } from '../../test/app.ts';
import { buildPartner, buildRelationship, buildUnit, buildUser } from '../../test/factories/index.ts';

let t: TestApp;
let unitA: string;
let unitB: string;
let managerA: Agent;
let seniorB: Agent;
let seniorA: Agent;
let staffA: Agent;
let admin: Agent;

beforeAll(async () => {
  t = await createTestApp();
  unitA = (await buildUnit(t.db, { name: 'IT Services' })).id;
  unitB = (await buildUnit(t.db, { name: 'Careers' })).id;
  managerA = await t.signIn('relationship_manager', { unitId: unitA });
  seniorA = await t.signIn('senior_manager', { unitId: unitA });
  seniorB = await t.signIn('senior_manager', { unitId: unitB });
  staffA = await t.signIn('staff', { unitId: unitA });
  admin = await t.signIn('administrator');
});
afterAll(() => t.close());

describe('relationships', () => {
  it('creates one for my unit with manager and deputies, names included', async () => {
    const partner = await buildPartner(t.db, { name: 'School of Law' });
    const deputy = await buildUser(t.db, { name: 'Deputy Dawn', unitId: unitA });
    const response = await t.call(managerA, 'POST', '/api/v1/relationships', {
      unitId: unitA,
      partnerId: partner.id,
      managerId: managerA.user.id,
      deputyIds: [deputy.id, deputy.id],
      cadenceDays: 30,
      objectives: 'Agree the communication plan',
    });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({
      unitName: 'IT Services',
      partnerName: 'School of Law',
      stage: 'getting_to_know',
      cadenceDays: 30,
      deputies: [{ id: deputy.id, name: 'Deputy Dawn' }],
    });
  });

  it('refuses a second relationship for the same unit and partner', async () => {
    const partner = await buildPartner(t.db);
    await buildRelationship(t.db, { unitId: unitA, partnerId: partner.id });
    const response = await t.call(managerA, 'POST', '/api/v1/relationships', {
      unitId: unitA,
      partnerId: partner.id,
    });
    expect(response.statusCode).toBe(409);
    expect(response.json().errors.map((e: { field: string }) => e.field)).toEqual(['unitId', 'partnerId']);
  });

  it('refuses bad cadence and inactive people, writing nothing', async () => {
    const partner = await buildPartner(t.db);
    const cadence = await t.call(managerA, 'POST', '/api/v1/relationships', {
      unitId: unitA,
      partnerId: partner.id,
      cadenceDays: 0,
    });
    expect(cadence.statusCode).toBe(400);
    expect(cadence.json().errors[0].field).toBe('cadenceDays');
    const gone = await buildUser(t.db, { unitId: unitA });
    await t.db.update(users).set({ deactivatedAt: new Date() }).where(eq(users.id, gone.id));
    const inactive = await t.call(managerA, 'POST', '/api/v1/relationships', {
      unitId: unitA,
      partnerId: partner.id,
      managerId: gone.id,
    });
    expect(inactive.statusCode).toBe(400);
    expect(inactive.json().errors[0].field).toBe('managerId');
    const list = (await t.call(staffA, 'GET', `/api/v1/relationships?partnerId=${partner.id}`)).json();
    expect(list.items).toHaveLength(0);
  });

  it('keeps relationship managers to their own unit', async () => {
    const partner = await buildPartner(t.db);
    const other = await t.call(managerA, 'POST', '/api/v1/relationships', {
      unitId: unitB,
      partnerId: partner.id,
    });
    expect(other.statusCode).toBe(403);
    const staff = await t.call(staffA, 'POST', '/api/v1/relationships', {
      unitId: unitA,
      partnerId: partner.id,
    });
    expect(staff.statusCode).toBe(403);
    const theirs = await buildRelationship(t.db, { unitId: unitB, partnerId: partner.id });
    const change = await t.call(
      managerA,
      'PATCH',
      `/api/v1/relationships/${theirs.id}`,
      { stage: 'strategic' },
      { 'if-match': '"v1"' },
    );
    expect(change.statusCode).toBe(403);
    const byAdmin = await t.call(
      admin,
      'PATCH',
      `/api/v1/relationships/${theirs.id}`,
      { stage: 'developing' },
      { 'if-match': '"v1"' },
    );
    expect(byAdmin.statusCode).toBe(200);
  });

  it('replaces deputies as a whole and audits them', async () => {
    const partner = await buildPartner(t.db);
    const [d1, d2] = [await buildUser(t.db, { unitId: unitA }), await buildUser(t.db, { unitId: unitA })];
    const created = (
      await t.call(managerA, 'POST', '/api/v1/relationships', {
        unitId: unitA,
        partnerId: partner.id,
        deputyIds: [d1!.id],
      })
    ).json();
    const changed = await t.call(
      managerA,
      'PATCH',
      `/api/v1/relationships/${created.id}`,
      { deputyIds: [d2!.id] },
      { 'if-match': '"v1"' },
    );
    expect(changed.json().deputies.map((d: { id: string }) => d.id)).toEqual([d2!.id]);
    const history = (await t.call(staffA, 'GET', `/api/v1/relationships/${created.id}/history`)).json();
    expect(history.items[0].before.deputies.map((d: { id: string }) => d.id)).toEqual([d1!.id]);
    expect(history.items[0].after.deputies.map((d: { id: string }) => d.id)).toEqual([d2!.id]);
    expect(
      (
        await t.call(
          managerA,
          'PATCH',
          `/api/v1/relationships/${created.id}`,
          { stage: 'developing' },
          { 'if-match': '"v1"' },
        )
      ).statusCode,
    ).toBe(412);
  });

  it('filters and pages, and lets only a senior manager of the unit delete', async () => {
    const partner = await buildPartner(t.db);
    const r = await buildRelationship(t.db, {
      unitId: unitA,
      partnerId: partner.id,
      managerId: managerA.user.id,
      reviewDate: '2027-01-01',
    });
    const byManager = (
      await t.call(
        staffA,
        'GET',
        `/api/v1/relationships?managerId=${managerA.user.id}&partnerId=${partner.id}`,
      )
    ).json();
    expect(byManager.items.map((i: { id: string }) => i.id)).toEqual([r.id]);
    const page = (
      await t.call(staffA, 'GET', `/api/v1/relationships?unitId=${unitA}&limit=1&sort=reviewDate`)
    ).json();
    expect(page.items).toHaveLength(1);
    expect(page.items[0].reviewDate).toBe('2027-01-01');
    const next = (
      await t.call(
        staffA,
        'GET',
        `/api/v1/relationships?unitId=${unitA}&limit=1&sort=reviewDate&cursor=${page.nextCursor}`,
      )
    ).json();
    expect(next.items[0].id).not.toBe(r.id);
    expect(
      (await t.call(seniorB, 'DELETE', `/api/v1/relationships/${r.id}`, undefined, { 'if-match': '"v1"' }))
        .statusCode,
    ).toBe(403);
    expect(
      (await t.call(seniorA, 'DELETE', `/api/v1/relationships/${r.id}`, undefined, { 'if-match': '"v1"' }))
        .statusCode,
    ).toBe(204);
  });
});
