import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, createTestApp, type TestApp } from '../../test/app.ts';
import { buildPartner, buildRelationship, buildUnit } from '../../test/factories/index.ts';

let t: TestApp;
let faculty: string;
let unitA: string;
let unitB: string;
let staffA: Agent;
let managerA: Agent;
let headA: Agent;
let headB: Agent;
let seniorTop: Agent;
let partner: string;
let relationship: string;

beforeAll(async () => {
  t = await createTestApp();
  faculty = (await buildUnit(t.db, { name: 'Faculty of Engineering', kind: 'faculty' })).id;
  unitA = (await buildUnit(t.db, { name: 'School of Computing', parentId: faculty })).id;
  unitB = (await buildUnit(t.db, { name: 'School of Law', parentId: faculty })).id;
  staffA = await t.signIn('staff', { unitId: unitA });
  managerA = await t.signIn('relationship_manager', { unitId: unitA });
  headA = await t.signIn('senior_manager', { unitId: unitA });
  headB = await t.signIn('senior_manager', { unitId: unitB });
  seniorTop = await t.signIn('senior_manager', { unitId: faculty });
  partner = (await buildPartner(t.db, { name: 'Norbridge Rail' })).id;
  relationship = (
    await buildRelationship(t.db, {
      unitId: unitA,
      partnerId: partner,
      managerId: managerA.user.id,
      cadenceDays: 30,
    })
  ).id;
});
afterAll(() => t.close());

const raise = (agent: Agent, body: Record<string, unknown> = {}) =>
  t
    .call(agent, 'POST', '/api/v1/requests', {
      partnerId: partner,
      kind: 'complaint',
      title: 'Invoice dispute',
      ...body,
    })
    .then((r) => r.json());
const escalate = (agent: Agent, id: string, body: Record<string, unknown>) =>
  t.call(agent, 'POST', `/api/v1/requests/${id}/escalate`, {
    briefing: 'They are threatening to pull the placements',
    ...body,
  });
/** Delivers the recorded events (notices come from a subscriber), then reads the bell. */
const unread = async (agent: Agent) => {
  await t.app.events.deliver();
  return (await t.call(agent, 'GET', '/api/v1/me/notifications?unread=true')).json();
};

describe('escalation', () => {
  it('escalates a request step by step to the right people, and keeps the history', async () => {
    const r = await raise(staffA, { relationshipId: relationship });
    const toLine = await escalate(staffA, r.id, { level: 'line_manager' });
    expect(toLine.statusCode).toBe(200);
    expect(toLine.json().escalationLevel).toBe('line_manager');
    // The relationship's manager is told.
    expect((await unread(managerA)).items[0]).toMatchObject({ kind: 'escalated', link: `/requests/${r.id}` });
    // Not higher than asked.
    expect((await unread(headA)).items.some((n: { link: string }) => n.link === `/requests/${r.id}`)).toBe(
      false,
    );

    const same = await escalate(staffA, r.id, { level: 'line_manager' });
    expect(same.statusCode).toBe(409);
    expect(same.json().errors[0].field).toBe('level');

    await escalate(staffA, r.id, { level: 'head_of_unit', briefing: 'No reply from the partner in a week' });
    expect((await unread(headA)).items[0].title).toContain('head of unit');
    expect((await unread(headB)).items).toEqual([]);
    await escalate(staffA, r.id, { level: 'senior_management' });
    // The faculty's senior manager is "senior management" (a top-level unit).
    expect((await unread(seniorTop)).items[0].title).toContain('senior management');

    const noReason = await t.call(headA, 'POST', `/api/v1/requests/${r.id}/deescalate`, { reason: '' });
    expect(noReason.json().errors[0].field).toBe('reason');
    const down = await t.call(headA, 'POST', `/api/v1/requests/${r.id}/deescalate`, {
      reason: 'Settled on a call',
    });
    expect(down.statusCode).toBe(200);
    expect(down.json().escalationLevel).toBeNull();
    expect(
      (await t.call(headA, 'POST', `/api/v1/requests/${r.id}/deescalate`, { reason: 'again' })).statusCode,
    ).toBe(409);

    const history = (await t.call(staffA, 'GET', `/api/v1/requests/${r.id}/escalations`)).json().items;
    expect(history.map((e: { level: string }) => e.level)).toEqual([
      'senior_management',
      'head_of_unit',
      'line_manager',
    ]);
    expect(history[0]).toMatchObject({
      deescalationReason: 'Settled on a call',
      deescalatedByName: expect.any(String),
    });
    expect(history[1].deescalationReason).toBe('Escalated to senior management');
    const activity = (await t.call(staffA, 'GET', `/api/v1/requests/${r.id}/activity`)).json().items;
    expect(activity.filter((a: { type: string }) => a.type === 'escalated')).toHaveLength(3);
    expect(activity.at(-1)).toMatchObject({ type: 'deescalated', text: 'Settled on a call' });
  });

  it('shows a confidential escalated request to a senior manager only if named', async () => {
    const secret = await raise(staffA, { visibility: 'confidential', title: 'Legal threat from partner' });
    const unnamed = await escalate(staffA, secret.id, { level: 'senior_management' });
    expect(unnamed.statusCode).toBe(400);
    expect(unnamed.json().errors[0].field).toBe('notifyUserIds');
    expect(
      (await escalate(staffA, secret.id, { level: 'senior_management', notifyUserIds: [headB.user.id] }))
        .statusCode,
    ).toBe(200);

    const viewOf = async (agent: Agent) => (await t.call(agent, 'GET', '/api/v1/escalations')).json();
    const ids = (v: { escalated: { requests: { id: string }[] } }) => v.escalated.requests.map((r) => r.id);
    expect(ids(await viewOf(headB))).toContain(secret.id);
    expect(ids(await viewOf(seniorTop))).not.toContain(secret.id);
    expect((await t.call(seniorTop, 'GET', `/api/v1/requests/${secret.id}`)).statusCode).toBe(404);
    expect(
      (await unread(seniorTop)).items.some((n: { link: string }) => n.link === `/requests/${secret.id}`),
    ).toBe(false);
    // The named senior manager can now read it and de-escalate it.
    expect((await t.call(headB, 'GET', `/api/v1/requests/${secret.id}`)).statusCode).toBe(200);
    expect(
      (await t.call(headB, 'POST', `/api/v1/requests/${secret.id}/deescalate`, { reason: 'Lawyers engaged' }))
        .statusCode,
    ).toBe(200);
  });

  it('escalates a relationship as a whole, and only its own people may', async () => {
    const other = await t.signIn('staff', { unitId: unitB });
    const refused = await t.call(other, 'POST', `/api/v1/relationships/${relationship}/escalate`, {
      level: 'head_of_unit',
      briefing: 'x',
    });
    expect(refused.statusCode).toBe(403);
    const up = await t.call(managerA, 'POST', `/api/v1/relationships/${relationship}/escalate`, {
      level: 'head_of_unit',
      briefing: 'Partner is restructuring; the placements programme is at risk',
    });
    expect(up.statusCode).toBe(201);
    expect(up.json()).toMatchObject({ level: 'head_of_unit', deescalatedAt: null });
    const view = (await t.call(headA, 'GET', '/api/v1/escalations')).json();
    expect(view.escalated.relationships).toEqual([
      expect.objectContaining({
        relationshipId: relationship,
        partnerName: 'Norbridge Rail',
        escalation: expect.objectContaining({ level: 'head_of_unit' }),
      }),
    ]);
    const down = await t.call(managerA, 'POST', `/api/v1/relationships/${relationship}/deescalate`, {
      reason: 'New contact in place',
    });
    expect(down.json()).toMatchObject({ deescalationReason: 'New contact in place' });
    const after = (await t.call(headA, 'GET', '/api/v1/escalations')).json();
    expect(after.escalated.relationships).toEqual([]);
  });
});
