import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { users } from '../../db/schema/users.ts';
import { type Agent, createTestApp, type TestApp } from '../../test/app.ts';
import { csvRows, xlsxRows } from '../../test/exports.ts';
import { buildPartner, buildRelationship, buildUnit, buildUser } from '../../test/factories/index.ts';

let t: TestApp;
let unitA: string;
let unitB: string;
let managerA: Agent;
let managerB: Agent;
let seniorA: Agent;
let seniorB: Agent;
let staffA: Agent;
let viewer: Agent;
let admin: Agent;

beforeAll(async () => {
  t = await createTestApp();
  unitA = (await buildUnit(t.db, { name: 'IT Services' })).id;
  unitB = (await buildUnit(t.db, { name: 'Careers' })).id;
  managerA = await t.signIn('relationship_manager', { unitId: unitA });
  managerB = await t.signIn('relationship_manager', { unitId: unitB });
  seniorA = await t.signIn('senior_manager', { unitId: unitA });
  seniorB = await t.signIn('senior_manager', { unitId: unitB });
  staffA = await t.signIn('staff', { unitId: unitA });
  viewer = await t.signIn('viewer', { unitId: unitA });
  admin = await t.signIn('administrator');
});
afterAll(() => t.close());

const post = (agent: Agent, body: Record<string, unknown>, headers?: Record<string, string>) =>
  t.call(agent, 'POST', '/api/v1/relationships', body, headers);
const patch = (agent: Agent, id: string, body: Record<string, unknown>, version: number) =>
  t.call(agent, 'PATCH', `/api/v1/relationships/${id}`, body, { 'if-match': `"v${version}"` });
const remove = (agent: Agent, id: string, version: number) =>
  t.call(agent, 'DELETE', `/api/v1/relationships/${id}`, undefined, { 'if-match': `"v${version}"` });
const read = async (id: string) => (await t.call(viewer, 'GET', `/api/v1/relationships/${id}`)).json();
const ids = async (query: string) =>
  (await t.call(viewer, 'GET', `/api/v1/relationships?${query}`))
    .json()
    .items.map((i: { id: string }) => i.id);
const historyOf = async (id: string) =>
  (await t.call(viewer, 'GET', `/api/v1/relationships/${id}/history`)).json().items;

async function deactivatedUser() {
  const gone = await buildUser(t.db, { unitId: unitA });
  await t.db.update(users).set({ deactivatedAt: new Date() }).where(eq(users.id, gone.id));
  return gone;
}

describe('relationships', () => {
  it('creates one for my unit with manager and deputies, names included, and records it', async () => {
    const partner = await buildPartner(t.db, { name: 'School of Law' });
    const deputy = await buildUser(t.db, { name: 'Deputy Dawn', unitId: unitA });
    const response = await post(managerA, {
      unitId: unitA,
      partnerId: partner.id,
      managerId: managerA.user.id,
      deputyIds: [deputy.id, deputy.id],
      cadenceDays: 30,
      objectives: 'Agree the communication plan',
      startDate: '2026-09-01',
      reviewDate: '2027-09-01',
    });
    expect(response.statusCode).toBe(201);
    expect(response.headers.etag).toBe('"v1"');
    const created = response.json();
    expect(created).toMatchObject({
      unitName: 'IT Services',
      partnerName: 'School of Law',
      managerId: managerA.user.id,
      managerName: expect.any(String),
      stage: 'getting_to_know',
      status: 'active',
      cadenceDays: 30,
      reviewDate: '2027-09-01',
      deputies: [{ id: deputy.id, name: 'Deputy Dawn' }],
    });
    const history = await historyOf(created.id);
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ action: 'create', before: null, actorUserId: managerA.user.id });
    expect(history[0].after.deputies).toEqual([{ id: deputy.id, name: 'Deputy Dawn' }]);
  });

  it('refuses a second relationship for the same unit and partner, naming the fields', async () => {
    const partner = await buildPartner(t.db);
    const first = await buildRelationship(t.db, { unitId: unitA, partnerId: partner.id });
    const response = await post(managerA, { unitId: unitA, partnerId: partner.id, cadenceDays: 14 });
    expect(response.statusCode).toBe(409);
    expect(response.json().code).toBe('conflict');
    expect(response.json().errors.map((e: { field: string }) => e.field)).toEqual(['unitId', 'partnerId']);
    expect(await ids(`partnerId=${partner.id}`)).toEqual([first.id]);
    // The same partner with another unit is a relationship of its own.
    expect((await post(managerB, { unitId: unitB, partnerId: partner.id })).statusCode).toBe(201);
  });

  it('refuses bad cadence, unknown partners and inactive people, writing nothing', async () => {
    const partner = await buildPartner(t.db);
    const body = { unitId: unitA, partnerId: partner.id };
    const cadence = await post(managerA, { ...body, cadenceDays: 0 });
    expect(cadence.statusCode).toBe(400);
    expect(cadence.headers['content-type']).toContain('application/problem+json');
    expect(cadence.json().errors[0].field).toBe('cadenceDays');
    expect((await post(managerA, { ...body, cadenceDays: 731 })).json().errors[0].field).toBe('cadenceDays');
    const gone = await deactivatedUser();
    const inactive = await post(managerA, { ...body, managerId: gone.id });
    expect(inactive.statusCode).toBe(400);
    expect(inactive.json().errors).toEqual([
      { field: 'managerId', message: 'must be an active member of staff' },
    ]);
    const deputies = await post(managerA, { ...body, deputyIds: [staffA.user.id, gone.id] });
    expect(deputies.statusCode).toBe(400);
    expect(deputies.json().errors[0].field).toBe('deputyIds');
    const stranger = await post(managerA, { ...body, deputyIds: [randomUUID()] });
    expect(stranger.json().errors[0].field).toBe('deputyIds');
    const nowhere = await post(admin, { unitId: unitA, partnerId: randomUUID() });
    expect(nowhere.statusCode).toBe(400);
    expect(nowhere.json().errors[0].field).toBe('partnerId');
    expect(await ids(`partnerId=${partner.id}`)).toEqual([]);
  });

  it('refuses a bad change, leaving the relationship as it was', async () => {
    const r = await buildRelationship(t.db, {
      unitId: unitA,
      partnerId: (await buildPartner(t.db)).id,
      cadenceDays: 30,
    });
    const gone = await deactivatedUser();
    expect((await patch(managerA, r.id, { cadenceDays: 731, stage: 'strategic' }, 1)).statusCode).toBe(400);
    const manager = await patch(managerA, r.id, { managerId: gone.id, stage: 'strategic' }, 1);
    expect(manager.json().errors[0].field).toBe('managerId');
    expect(await read(r.id)).toMatchObject({
      version: 1,
      cadenceDays: 30,
      stage: 'getting_to_know',
      managerId: null,
    });
    expect(await historyOf(r.id)).toEqual([]);
  });

  it('lets relationship managers start relationships for their own unit only', async () => {
    const partner = await buildPartner(t.db);
    expect((await post(managerA, { unitId: unitB, partnerId: partner.id })).statusCode).toBe(403);
    expect((await post(staffA, { unitId: unitA, partnerId: partner.id })).statusCode).toBe(403);
    expect((await post(viewer, { unitId: unitA, partnerId: partner.id })).statusCode).toBe(403);
    expect(await ids(`partnerId=${partner.id}`)).toEqual([]);
    expect((await post(managerA, { unitId: unitA, partnerId: partner.id })).statusCode).toBe(201);
    expect((await post(admin, { unitId: unitB, partnerId: partner.id })).statusCode).toBe(201);
  });

  it('lets the unit, the manager and the deputies change a relationship, and no one else', async () => {
    const deputyB = await t.signIn('relationship_manager', { unitId: unitB });
    const theirs = await buildRelationship(t.db, {
      unitId: unitA,
      partnerId: (await buildPartner(t.db)).id,
      managerId: managerB.user.id,
    });
    const stranger = await t.signIn('relationship_manager', { unitId: unitB });
    expect((await patch(stranger, theirs.id, { stage: 'strategic' }, 1)).statusCode).toBe(403);
    expect((await patch(seniorB, theirs.id, { stage: 'strategic' }, 1)).statusCode).toBe(403);
    expect((await patch(staffA, theirs.id, { stage: 'strategic' }, 1)).statusCode).toBe(403);
    expect((await patch(viewer, theirs.id, { stage: 'strategic' }, 1)).statusCode).toBe(403);
    expect((await read(theirs.id)).version).toBe(1);
    // The manager (another unit) names a deputy; the deputy (also another unit) may then change it.
    expect((await patch(managerB, theirs.id, { deputyIds: [deputyB.user.id] }, 1)).statusCode).toBe(200);
    expect((await patch(deputyB, theirs.id, { stage: 'developing' }, 2)).statusCode).toBe(200);
    expect((await patch(managerA, theirs.id, { status: 'paused' }, 3)).statusCode).toBe(200);
    expect((await patch(seniorA, theirs.id, { objectives: 'Renew the agreement' }, 4)).statusCode).toBe(200);
    expect((await patch(admin, theirs.id, { stage: 'established' }, 5)).json()).toMatchObject({
      stage: 'established',
      status: 'paused',
      objectives: 'Renew the agreement',
      version: 6,
    });
  });

  it('replaces deputies as a whole, audits them, and refuses stale or unversioned writes', async () => {
    const partner = await buildPartner(t.db);
    const [d1, d2, d3] = [
      await buildUser(t.db, { unitId: unitA }),
      await buildUser(t.db, { unitId: unitA }),
      await buildUser(t.db, { unitId: unitA }),
    ];
    const created = (
      await post(managerA, { unitId: unitA, partnerId: partner.id, deputyIds: [d1!.id, d2!.id] })
    ).json();
    expect(created.deputies).toHaveLength(2);
    const changed = await patch(managerA, created.id, { deputyIds: [d3!.id] }, 1);
    expect(changed.json()).toMatchObject({ version: 2, deputies: [{ id: d3!.id, name: d3!.name }] });
    expect(changed.headers.etag).toBe('"v2"');
    const history = await historyOf(created.id);
    expect(history[0]).toMatchObject({ action: 'update', actorUserId: managerA.user.id });
    expect(history[0].before.deputies.map((d: { id: string }) => d.id).sort()).toEqual(
      [d1!.id, d2!.id].sort(),
    );
    expect(history[0].after.deputies.map((d: { id: string }) => d.id)).toEqual([d3!.id]);
    // A change that leaves deputyIds out keeps them.
    expect((await patch(managerA, created.id, { stage: 'developing' }, 2)).json().deputies).toHaveLength(1);
    expect((await patch(managerA, created.id, { deputyIds: [] }, 3)).json().deputies).toEqual([]);
    expect((await patch(managerA, created.id, { stage: 'strategic' }, 1)).statusCode).toBe(412);
    const unversioned = await t.call(managerA, 'PATCH', `/api/v1/relationships/${created.id}`, {
      stage: 'strategic',
    });
    expect(unversioned.statusCode).toBe(428);
    expect((await t.call(seniorA, 'DELETE', `/api/v1/relationships/${created.id}`)).statusCode).toBe(428);
    expect((await remove(seniorA, created.id, 1)).statusCode).toBe(412);
    expect(await read(created.id)).toMatchObject({ version: 4, stage: 'developing' });
  });

  it('filters by unit, partner, manager, stage and status', async () => {
    const partner = await buildPartner(t.db);
    const a = await buildRelationship(t.db, {
      unitId: unitA,
      partnerId: partner.id,
      managerId: managerA.user.id,
      stage: 'strategic',
    });
    const b = await buildRelationship(t.db, { unitId: unitB, partnerId: partner.id, status: 'paused' });
    const at = `partnerId=${partner.id}&sort=createdAt`;
    expect(await ids(at)).toEqual([a.id, b.id]);
    expect(await ids(`${at}&unitId=${unitB}`)).toEqual([b.id]);
    expect(await ids(`${at}&managerId=${managerA.user.id}`)).toEqual([a.id]);
    expect(await ids(`${at}&stage=strategic`)).toEqual([a.id]);
    expect(await ids(`${at}&status=paused`)).toEqual([b.id]);
    expect(await ids(`${at}&status=active&stage=getting_to_know`)).toEqual([]);
    // The list's total counts what the same filters find ("Select all N that match").
    const total = async (query: string) =>
      (await t.call(viewer, 'GET', `/api/v1/relationships/count?${query}`)).json().total;
    expect(await total(`partnerId=${partner.id}`)).toBe(2);
    expect(await total(`partnerId=${partner.id}&unitId=${unitB}`)).toBe(1);
    expect(await total(`partnerId=${partner.id}&status=active&stage=getting_to_know`)).toBe(0);
    const badCount = await t.call(viewer, 'GET', '/api/v1/relationships/count?stage=courting');
    expect(badCount.statusCode).toBe(400);
    expect(badCount.json().errors[0].field).toBe('query.stage');
    const bad = await t.call(viewer, 'GET', '/api/v1/relationships?stage=courting');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('query.stage');
  });

  it('pages by partner name and by review date, stable when relationships are added', async () => {
    const unit = (await buildUnit(t.db)).id;
    const tag = randomUUID().slice(0, 6);
    for (const [n, review] of [
      [1, '2027-03-01'],
      [2, null],
      [3, '2027-01-01'],
      [4, '2027-02-01'],
    ] as const) {
      const partner = await buildPartner(t.db, { name: `${tag} Partner ${n}` });
      await buildRelationship(t.db, { unitId: unit, partnerId: partner.id, reviewDate: review });
    }
    const page = async (query: string) => {
      const body = (await t.call(viewer, 'GET', `/api/v1/relationships?unitId=${unit}&${query}`)).json();
      return { names: body.items.map((i: { partnerName: string }) => i.partnerName), next: body.nextCursor };
    };
    const first = await page('sort=partnerName&limit=2');
    expect(first.names).toEqual([`${tag} Partner 1`, `${tag} Partner 2`]);
    const early = await buildPartner(t.db, { name: `${tag} Partner 0` });
    await buildRelationship(t.db, { unitId: unit, partnerId: early.id });
    const second = await page(`sort=partnerName&limit=2&cursor=${first.next}`);
    expect(second).toEqual({ names: [`${tag} Partner 3`, `${tag} Partner 4`], next: null });
    expect((await page('sort=-partnerName&limit=1')).names).toEqual([`${tag} Partner 4`]);
    // Review dates soonest first; relationships without one come last.
    const soonest = await page('sort=reviewDate&limit=2');
    expect(soonest.names).toEqual([`${tag} Partner 3`, `${tag} Partner 4`]);
    const later = await page(`sort=reviewDate&limit=2&cursor=${soonest.next}`);
    expect(later.names[0]).toBe(`${tag} Partner 1`);
  });

  it('replays an idempotent create once', async () => {
    const body = { unitId: unitA, partnerId: (await buildPartner(t.db)).id };
    const headers = { 'idempotency-key': `relationship-${body.partnerId}` };
    const first = await post(managerA, body, headers);
    const again = await post(managerA, body, headers);
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json().id).toBe(first.json().id);
    expect(await ids(`partnerId=${body.partnerId}`)).toEqual([first.json().id]);
  });

  it('lets only a senior manager of the unit or an administrator delete', async () => {
    const r = await buildRelationship(t.db, {
      unitId: unitA,
      partnerId: (await buildPartner(t.db)).id,
      managerId: managerA.user.id,
    });
    expect((await remove(managerA, r.id, 1)).statusCode).toBe(403);
    expect((await remove(seniorB, r.id, 1)).statusCode).toBe(403);
    expect((await read(r.id)).version).toBe(1);
    expect((await remove(seniorA, r.id, 1)).statusCode).toBe(204);
    expect((await t.call(viewer, 'GET', `/api/v1/relationships/${r.id}`)).statusCode).toBe(404);
    const other = await buildRelationship(t.db, { unitId: unitB, partnerId: (await buildPartner(t.db)).id });
    expect((await remove(admin, other.id, 1)).statusCode).toBe(204);
  });

  it('exports the relationships the filters match, in the list order, as CSV and XLSX', async () => {
    const unit = (await buildUnit(t.db, { name: 'Export Office' })).id;
    const made: string[] = [];
    for (const name of ['Cobalt Trust', 'Amber Works', 'Birch College']) {
      const partner = await buildPartner(t.db, { name: `${name} ${randomUUID().slice(0, 4)}` });
      await buildRelationship(t.db, { unitId: unit, partnerId: partner.id, stage: 'developing' });
      made.push(partner.name);
    }
    const other = await buildPartner(t.db);
    await buildRelationship(t.db, { unitId: unit, partnerId: other.id, stage: 'strategic' });
    const filters = `unitId=${unit}&stage=developing&sort=partnerName`;
    const csv = await t.call(viewer, 'GET', `/api/v1/relationships/export?${filters}`);
    expect(csv.statusCode).toBe(200);
    const rows = csvRows(csv.body);
    expect(rows.map((r) => r.Partner)).toEqual([...made].sort());
    expect(rows.every((r) => r.Unit === 'Export Office' && r.Stage === 'developing')).toBe(true);
    const xlsx = await xlsxRows(
      (await t.call(viewer, 'GET', `/api/v1/relationships/export?${filters}&format=xlsx`)).rawPayload,
    );
    expect(xlsx.map((r) => r.Partner)).toEqual(rows.map((r) => r.Partner));
    const bad = await t.call(viewer, 'GET', '/api/v1/relationships/export?stage=courting');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('query.stage');
  });
});

describe("a relationship's abilities for the caller", () => {
  it('says on each relationship what the caller may do, as the policy decides it, in the record, the list and the overview', async () => {
    const partner = (await buildPartner(t.db, { name: 'Ability Testing Ltd' })).id;
    const mine = (await buildRelationship(t.db, { unitId: unitA, partnerId: partner })).id;
    const theirs = (await buildRelationship(t.db, { unitId: unitB, partnerId: partner })).id;
    const canOf = async (agent: Agent, id: string) =>
      (await t.call(agent, 'GET', `/api/v1/relationships/${id}`)).json().can;
    expect(await canOf(managerA, mine)).toEqual({ update: true, delete: false, escalate: true });
    expect(await canOf(managerA, theirs)).toEqual({ update: false, delete: false, escalate: false });
    expect(await canOf(seniorA, mine)).toEqual({ update: true, delete: true, escalate: true });
    expect(await canOf(staffA, mine)).toEqual({ update: false, delete: false, escalate: true });
    expect(await canOf(viewer, mine)).toEqual({ update: false, delete: false, escalate: false });
    expect(await canOf(admin, theirs)).toEqual({ update: true, delete: true, escalate: true });
    // The abilities agree with what the server then allows.
    expect((await patch(managerA, theirs, { objectives: 'Not mine' }, 1)).statusCode).toBe(403);
    const overview = (await t.call(managerA, 'GET', `/api/v1/partners/${partner}/overview`)).json();
    const byUnit = Object.fromEntries(
      overview.relationships.map((r: { unitId: string; can: unknown }) => [r.unitId, r.can]),
    );
    expect(byUnit).toEqual({
      [unitA]: { update: true, delete: false, escalate: true },
      [unitB]: { update: false, delete: false, escalate: false },
    });
    expect(
      (
        await t.call(managerA, 'POST', `/api/v1/relationships/${theirs}/escalate`, {
          level: 'line_manager',
          briefing: 'Not mine to escalate',
        })
      ).statusCode,
    ).toBe(403);
    const list = (await t.call(managerA, 'GET', `/api/v1/relationships?partnerId=${partner}`)).json();
    expect(list.items.map((r: { can: { update: boolean } }) => r.can.update).sort()).toEqual([false, true]);
  });
});
