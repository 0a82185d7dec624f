import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InstitutionStage } from '../../../../common/src/contracts/institution-stage.ts';
import { type Agent, createTestApp, type TestApp } from '../../test/app.ts';
import { buildPartner, buildRelationship, buildTouchpoint, buildUnit } from '../../test/factories/index.ts';

let t: TestApp;
let unitA: string;
let unitB: string;
let senior: Agent;
let admin: Agent;
let manager: Agent;
let reader: Agent;
let partners: string[];

const early = new Date('2025-01-01T00:00:00Z');

beforeAll(async () => {
  t = await createTestApp();
  unitA = (await buildUnit(t.db, { name: 'Careers and Employability' })).id;
  unitB = (await buildUnit(t.db, { name: 'Research Office' })).id;
  senior = await t.signIn('senior_manager', { unitId: unitA });
  admin = await t.signIn('administrator');
  manager = await t.signIn('relationship_manager', { unitId: unitA });
  reader = await t.signIn('staff', { unitId: unitB });
  partners = [];
  for (const name of ['Kestrel Foods', 'Heron Trust']) partners.push((await buildPartner(t.db, { name })).id);
  // Each unit has an active relationship with both partners since January 2025; one of B's ended.
  for (const unitId of [unitA, unitB])
    for (const partnerId of partners) await buildRelationship(t.db, { unitId, partnerId, createdAt: early });
  const ended = (await buildPartner(t.db, { name: 'Osprey Engineering' })).id;
  await buildRelationship(t.db, { unitId: unitB, partnerId: ended, createdAt: early, status: 'ended' });
  // March 2025: A touches both partners, shared with the institution; B touches one, for the unit only.
  for (const partnerId of partners)
    await buildTouchpoint(t.db, {
      partnerId,
      unitId: unitA,
      authorId: manager.user.id,
      occurredAt: new Date('2025-03-10T10:00:00Z'),
    });
  await buildTouchpoint(t.db, {
    partnerId: partners[0]!,
    unitId: unitB,
    authorId: reader.user.id,
    occurredAt: new Date('2025-03-31T23:30:00Z'),
    visibility: 'unit',
  });
  // A confidential one of A's in March: recorded, not shared.
  await buildTouchpoint(t.db, {
    partnerId: partners[1]!,
    unitId: unitA,
    authorId: manager.user.id,
    occurredAt: new Date('2025-03-12T10:00:00Z'),
    visibility: 'confidential',
    subject: 'Board member unhappy',
  });
});
afterAll(() => t.close());

async function stage(agent: Agent, query: string) {
  const res = await t.call(agent, 'GET', `/api/v1/institution-stage${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as InstitutionStage;
}
const unitMonth = (s: InstitutionStage, unitId: string, month: string) =>
  s.units.find((u) => u.unitId === unitId)!.months.find((m) => m.month === month)!;

describe("the institution's stage", () => {
  it('per unit and month: relationships touched, records shared, and the stage the rule gives', async () => {
    // The administrator reads every touch point, so every one counts here.
    const s = await stage(admin, '?from=2025-02&to=2025-04');
    expect(s.months.map((m) => m.month)).toEqual(['2025-02', '2025-03', '2025-04']);
    expect(unitMonth(s, unitA, '2025-03')).toMatchObject({
      activeRelationships: 2,
      touchedRelationships: 2,
      touchedShare: 1,
      recorded: 3,
      sharedWithInstitution: 2,
      worksThisWay: true,
    });
    expect(unitMonth(s, unitA, '2025-03').sharedShare).toBeCloseTo(2 / 3);
    // The ended relationship does not count; 23:30 on 31 March (UTC) is March.
    expect(unitMonth(s, unitB, '2025-03')).toMatchObject({
      activeRelationships: 2,
      touchedRelationships: 1,
      touchedShare: 0.5,
      recorded: 1,
      sharedWithInstitution: 0,
      sharedShare: 0,
      worksThisWay: false,
    });
    expect(unitMonth(s, unitB, '2025-04')).toMatchObject({ recorded: 0, sharedShare: null, touchedShare: 0 });
    // March: one of the two units taking part works this way (50%): tactical. April: none.
    expect(s.months.find((m) => m.month === '2025-03')).toMatchObject({
      takingPart: 2,
      workingThisWay: 1,
      adoptingShare: 0.5,
      stage: 'tactical',
    });
    expect(s.months.find((m) => m.month === '2025-04')!.stage).toBe('peripheral');
    expect(s.stage).toBe('peripheral');
    // The figures are counts: no subject, partner or record of any touch point is in the answer.
    expect(JSON.stringify(s)).not.toContain('Board member unhappy');
    expect(JSON.stringify(s)).not.toContain('Kestrel');
  });

  it('counts only the touch points the viewer may see: a confidential one moves no figure for someone who cannot read it', async () => {
    const month = '2025-06';
    const figures = async (agent: Agent) =>
      unitMonth(await stage(agent, `?from=${month}&to=${month}`), unitA, month);
    await buildTouchpoint(t.db, {
      partnerId: partners[0]!,
      unitId: unitA,
      authorId: manager.user.id,
      occurredAt: new Date('2025-06-10T10:00:00Z'),
    });
    const before = { senior: await figures(senior), admin: await figures(admin) };
    expect(before.senior).toMatchObject({ recorded: 1, sharedWithInstitution: 1, touchedRelationships: 1 });
    // Confidential to its author, about the other partner: the senior manager may not read it.
    await buildTouchpoint(t.db, {
      partnerId: partners[1]!,
      unitId: unitA,
      authorId: manager.user.id,
      occurredAt: new Date('2025-06-20T10:00:00Z'),
      visibility: 'confidential',
      subject: 'Merger talks',
    });
    expect(await figures(senior)).toEqual(before.senior);
    // The administrator, who may read it, sees it recorded (not shared) and the partner touched.
    expect(await figures(admin)).toMatchObject({
      recorded: before.admin.recorded + 1,
      sharedWithInstitution: before.admin.sharedWithInstitution,
      touchedRelationships: before.admin.touchedRelationships + 1,
    });
    // Another unit's unit-only touch point is not the senior manager's to count either.
    const bFigures = async (agent: Agent) =>
      unitMonth(await stage(agent, `?from=${month}&to=${month}`), unitB, month);
    await buildTouchpoint(t.db, {
      partnerId: partners[0]!,
      unitId: unitB,
      authorId: reader.user.id,
      occurredAt: new Date('2025-06-11T10:00:00Z'),
      visibility: 'unit',
    });
    expect(await bFigures(senior)).toMatchObject({ recorded: 0, touchedRelationships: 0 });
    expect(await bFigures(admin)).toMatchObject({ recorded: 1, touchedRelationships: 1 });
  });

  it("counts a unit's reads of other units' touch points against what it shares", async () => {
    const month = new Date().toISOString().slice(0, 7);
    const theirs = await buildTouchpoint(t.db, {
      partnerId: partners[1]!,
      unitId: unitA,
      authorId: manager.user.id,
    });
    const ours = await buildTouchpoint(t.db, {
      partnerId: partners[1]!,
      unitId: unitB,
      authorId: reader.user.id,
      visibility: 'unit',
    });
    const before = unitMonth(await stage(senior, `?from=${month}&to=${month}`), unitB, month).readsOfOthers;
    expect((await t.call(reader, 'GET', `/api/v1/touchpoints/${theirs.id}`)).statusCode).toBe(200);
    expect((await t.call(reader, 'GET', `/api/v1/touchpoints/${ours.id}`)).statusCode).toBe(200);
    const afterOne = unitMonth(await stage(senior, `?from=${month}&to=${month}`), unitB, month);
    expect(afterOne.readsOfOthers).toBe(before + 1);
    expect(afterOne).toMatchObject({ sharedWithInstitution: 0, readsButDoesNotShare: true });
    // A timeline page counts each of another unit's touch points on it (A's, here: one).
    const timeline = await t.call(reader, 'GET', `/api/v1/partners/${partners[1]}/timeline?limit=500`);
    expect(timeline.statusCode).toBe(200);
    const shown = (timeline.json().items as { unitId: string }[]).filter((i) => i.unitId !== unitB).length;
    expect(shown).toBeGreaterThan(0);
    expect(unitMonth(await stage(admin, `?from=${month}&to=${month}`), unitB, month).readsOfOthers).toBe(
      before + 1 + shown,
    );
    // The reading unit's own records and A's reads are unchanged by B's reading.
    expect(unitMonth(await stage(admin, `?from=${month}&to=${month}`), unitA, month).readsOfOthers).toBe(0);
  });

  it('defaults to the last six months', async () => {
    const s = await stage(admin, '');
    expect(s.months).toHaveLength(6);
    expect(s.to).toBe(new Date().toISOString().slice(0, 7));
  });

  it('refuses a crafted month range with the field named, and never answers 500', async () => {
    const cases: [string, string][] = [
      ['?from=2025-05&to=2025-04', 'from'],
      ['?from=2020-01&to=2025-04', 'from'],
      ['?from=2025-13', 'from'],
      ['?to=2025-1', 'to'],
      ["?to=2025-03'%3B%20drop%20table%20units", 'to'],
      ['?from=0000-00', 'from'],
      ['?from=2025-01&from=2025-02', 'from'],
    ];
    for (const [query, field] of cases) {
      const res = await t.call(senior, 'GET', `/api/v1/institution-stage${query}`);
      expect(res.statusCode, query).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body, query).toContain(field);
    }
  });

  it('is for senior managers and administrators only', async () => {
    for (const agent of [manager, reader]) {
      const res = await t.call(agent, 'GET', '/api/v1/institution-stage');
      expect(res.statusCode).toBe(403);
    }
  });
});
