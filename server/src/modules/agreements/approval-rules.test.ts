import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client.ts';
import { notifications } from '../../db/schema/notifications.ts';
import { JOB } from '../../jobs/names.ts';
import { type Agent, createTestApp, type TestApp } from '../../test/app.ts';
import {
  buildAffiliation,
  buildContact,
  buildPartner,
  buildRelationship,
  buildUnit,
} from '../../test/factories/index.ts';
import { authorityFor } from './approval-rules.ts';

let t: TestApp;
let unitA: string;
let unitB: string;
let manager: Agent;
let unitColleague: Agent;
let staff: Agent;
let senior: Agent;
let otherSenior: Agent;
let admin: Agent;

beforeAll(async () => {
  t = await createTestApp({}, { jobs: { work: true, queue: 'in-process' } });
  unitA = (await buildUnit(t.db, { name: 'Business Engagement' })).id;
  unitB = (await buildUnit(t.db, { name: 'Library Services' })).id;
  manager = await t.signIn('relationship_manager', { unitId: unitA });
  unitColleague = await t.signIn('relationship_manager', { unitId: unitA });
  staff = await t.signIn('staff', { unitId: unitA });
  senior = await t.signIn('senior_manager', { unitId: unitA });
  otherSenior = await t.signIn('senior_manager', { unitId: unitB });
  admin = await t.signIn('administrator');
});
afterAll(() => t.close());

const settle = async () => {
  await t.app.jobs.trigger(JOB.deliverEvents);
  await t.app.jobs.drain();
};

const rulesAre = (agent: Agent, rules: unknown[]) =>
  t.call(agent, 'PUT', '/api/v1/agreement-approval-rules', { rules });

/** An agreement in force of unit A managed by `manager`, of this kind and visibility. */
async function inForce(name: string, kind: string, visibility = 'institution') {
  const partner = await buildPartner(t.db, { name });
  const relationship = await buildRelationship(t.db, {
    unitId: unitA,
    partnerId: partner.id,
    managerId: manager.user.id,
  });
  const signatory = await buildContact(t.db, { name: `Director of ${name}` });
  await buildAffiliation(t.db, { contactId: signatory.id, partnerId: partner.id });
  const created = await t.call(manager, 'POST', '/api/v1/agreements', {
    relationshipId: relationship.id,
    kind,
    title: `${name} terms`,
    keyTerms: 'Payment within 30 days',
    startDate: '2026-01-01',
    visibility,
  });
  expect(created.statusCode, created.body).toBe(201);
  const active = await t.call(
    manager,
    'PATCH',
    `/api/v1/agreements/${created.json().id}`,
    { status: 'active' },
    { 'if-match': '"v1"' },
  );
  expect(active.statusCode, active.body).toBe(200);
  return created.json().id as string;
}

const propose = async (agreementId: string, terms: Record<string, unknown>) => {
  const res = await t.call(manager, 'POST', `/api/v1/agreements/${agreementId}/changes`, {
    reason: 'Renegotiated',
    terms,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; university: { authority: string } };
};
const approve = (agent: Agent, changeId: string) =>
  t.call(agent, 'POST', `/api/v1/agreement-changes/${changeId}/decisions`, {
    side: 'university',
    decision: 'approved',
  });
const decisionOf = async (changeId: string) =>
  (
    await queryRows<{ university_decision: string | null }>(
      t.db,
      sql`select university_decision from agreement_changes where id = ${changeId}`,
    )
  )[0]!.university_decision;

describe('the most specific rule decides, and the highest authority among the fields touched', () => {
  it('works field by field', () => {
    const rules = [
      { unitId: null, kind: null, field: null, authority: 'unit_manager' as const },
      {
        unitId: null,
        kind: 'contract' as const,
        field: 'keyTerms' as const,
        authority: 'senior_manager' as const,
      },
      { unitId: 'u1', kind: null, field: null, authority: 'relationship_manager' as const },
    ];
    expect(authorityFor([], { unitId: 'u1', kind: 'contract' }, ['keyTerms'])).toBe('relationship_manager');
    expect(authorityFor(rules, { unitId: 'u2', kind: 'contract' }, ['title'])).toBe('unit_manager');
    expect(authorityFor(rules, { unitId: 'u2', kind: 'contract' }, ['title', 'keyTerms'])).toBe(
      'senior_manager',
    );
    // The unit's own rule is more specific than the kind's: it wins for that unit.
    expect(authorityFor(rules, { unitId: 'u1', kind: 'contract' }, ['keyTerms'])).toBe(
      'relationship_manager',
    );
    expect(authorityFor(rules, { unitId: 'u2', kind: 'memorandum_of_understanding' }, ['keyTerms'])).toBe(
      'unit_manager',
    );
  });
});

describe('approval rules', () => {
  it('only an administrator sets them; bad rules are refused naming the field, and nothing changes', async () => {
    const before = (await t.call(staff, 'GET', '/api/v1/agreement-approval-rules')).json();
    expect(before).toEqual({ rules: [] });
    const good = [{ unitId: unitA, kind: 'contract', field: 'keyTerms', authority: 'senior_manager' }];
    expect((await rulesAre(manager, good)).statusCode).toBe(403);
    expect((await rulesAre(senior, good)).statusCode).toBe(403);
    const unknownUnit = await rulesAre(admin, [
      { ...good[0], unitId: '00000000-0000-4000-8000-000000000999' },
    ]);
    expect(unknownUnit.statusCode).toBe(400);
    expect(unknownUnit.headers['content-type']).toContain('application/problem+json');
    expect(unknownUnit.json().errors).toEqual([expect.objectContaining({ field: 'rules[0].unitId' })]);
    for (const bad of [
      [{ ...good[0], authority: 'vice_chancellor' }],
      [{ ...good[0], field: 'price' }],
      [{ ...good[0], kind: 'handshake' }],
      [good[0], good[0]],
      Array.from({ length: 201 }, () => good[0]),
    ]) {
      const res = await rulesAre(admin, bad);
      expect(res.statusCode, JSON.stringify(bad).slice(0, 200)).toBe(400);
    }
    expect((await t.call(staff, 'GET', '/api/v1/agreement-approval-rules')).json()).toEqual({ rules: [] });
    const set = await rulesAre(admin, [
      ...good,
      { unitId: null, kind: 'service_level_agreement', field: null, authority: 'unit_manager' },
    ]);
    expect(set.statusCode, set.body).toBe(200);
    expect((await t.call(staff, 'GET', '/api/v1/agreement-approval-rules')).json().rules).toHaveLength(2);
  });

  it("routes a contract's key terms to a senior manager over the unit: nobody else approves", async () => {
    const contract = await inForce('Upton Engineering', 'contract', 'confidential');
    const change = await propose(contract, { keyTerms: 'Payment within 60 days' });
    expect(change.university.authority).toBe('senior_manager');
    for (const agent of [manager, unitColleague, otherSenior, admin, staff]) {
      const refused = await approve(agent, change.id);
      expect(refused.statusCode, `${agent.user.role}: ${refused.body}`).toBeGreaterThanOrEqual(403);
      expect(refused.statusCode).toBeLessThanOrEqual(404);
      expect(await decisionOf(change.id)).toBeNull();
    }
    // The senior manager was told, and reads the confidential agreement to decide.
    await settle();
    const told = await t.db
      .select({ title: notifications.title })
      .from(notifications)
      .where(and(eq(notifications.userId, senior.user.id), eq(notifications.kind, 'agreement_change')));
    expect(told.map((n) => n.title)).toContain(
      'A change to "Upton Engineering terms" waits for your approval',
    );
    const seen = (await t.call(senior, 'GET', `/api/v1/agreements/${contract}/changes`)).json();
    expect(seen.items[0]).toMatchObject({ id: change.id, can: { decideForUniversity: true } });
    expect(
      (await t.call(manager, 'GET', `/api/v1/agreements/${contract}/changes`)).json().items[0].can,
    ).toMatchObject({ decideForUniversity: false });
    const approved = await approve(senior, change.id);
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json().university).toMatchObject({
      decision: 'approved',
      decidedBy: { id: senior.user.id },
    });
  });

  it("leaves other fields of the contract to the relationship's manager, and a service level to the unit's managers", async () => {
    const contract = await inForce('Vale Haulage', 'contract');
    const title = await propose(contract, { title: 'Vale Haulage terms, 2027' });
    expect(title.university.authority).toBe('relationship_manager');
    expect((await approve(unitColleague, title.id)).statusCode).toBe(403);
    expect((await approve(manager, title.id)).statusCode).toBe(200);

    const sla = await inForce('Wharfe Cleaning', 'service_level_agreement');
    const change = await propose(sla, { keyTerms: 'Response within 4 hours' });
    expect(change.university.authority).toBe('unit_manager');
    const refused = await approve(staff, change.id);
    expect(refused.statusCode).toBe(403);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(await decisionOf(change.id)).toBeNull();
    expect((await approve(unitColleague, change.id)).statusCode).toBe(200);
    expect(await decisionOf(change.id)).toBe('approved');
  });

  it('of two approvals at once, one wins and the other gets 409', async () => {
    const sla = await inForce('Yeadon Catering', 'service_level_agreement');
    const change = await propose(sla, { keyTerms: 'Menus agreed each term' });
    const results = await Promise.all([approve(manager, change.id), approve(unitColleague, change.id)]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409]);
  });
});
