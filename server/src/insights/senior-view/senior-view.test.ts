import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requests } from '../../db/schema/requests.ts';
import { type Agent, createTestApp, type TestApp } from '../../test/app.ts';
import { buildPartner, buildRelationship, buildTouchpoint, buildUnit } from '../../test/factories/index.ts';

let t: TestApp;
let unitA: string;
let staffA: Agent;
let headA: Agent;
let partner: string;
const DAY = 86_400_000;

beforeAll(async () => {
  t = await createTestApp();
  const faculty = (await buildUnit(t.db, { name: 'Faculty of Engineering', kind: 'faculty' })).id;
  unitA = (await buildUnit(t.db, { name: 'School of Computing', parentId: faculty })).id;
  staffA = await t.signIn('staff', { unitId: unitA });
  headA = await t.signIn('senior_manager', { unitId: unitA });
  partner = (await buildPartner(t.db, { name: 'Norbridge Rail' })).id;
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

describe('the senior view', () => {
  it('is for senior managers: staff cannot open it at all', async () => {
    expect((await t.call(staffA, 'GET', '/api/v1/escalations')).statusCode).toBe(403);
    expect((await t.call(headA, 'GET', '/api/v1/escalations')).statusCode).toBe(200);
  });

  it('flags what is at risk before anyone asks: targets, disputes, overdue cadence, negative sentiment', async () => {
    const late = await raise(staffA, { kind: 'incident', title: 'Broken access card' });
    await t.db
      .update(requests)
      .set({ resolveDueAt: new Date(Date.now() - 3 * DAY) })
      .where(eq(requests.id, late.id));
    const fresh = await raise(staffA, { kind: 'enquiry', title: 'Question about rooms' });
    const dispute = await raise(staffA, { kind: 'dispute', title: 'Contract disagreement' });
    await t.db
      .update(requests)
      .set({ createdAt: new Date(Date.now() - 30 * DAY) })
      .where(eq(requests.id, dispute.id));

    // A partner whose touch points turned sour, another only mildly negative (below the minimum count).
    const sour = await buildPartner(t.db, { name: 'Sour Holdings' });
    const mild = await buildPartner(t.db, { name: 'Mild Ltd' });
    for (const sentiment of [-2, -1, -1])
      await buildTouchpoint(t.db, {
        partnerId: sour.id,
        unitId: unitA,
        authorId: staffA.user.id,
        sentiment,
        occurredAt: new Date(Date.now() - 5 * DAY),
      });
    await buildTouchpoint(t.db, {
      partnerId: sour.id,
      unitId: unitA,
      authorId: staffA.user.id,
      sentiment: 2,
      occurredAt: new Date(Date.now() - 120 * DAY),
    });
    await buildTouchpoint(t.db, {
      partnerId: mild.id,
      unitId: unitA,
      authorId: staffA.user.id,
      sentiment: -2,
      occurredAt: new Date(Date.now() - 5 * DAY),
    });
    // A confidential negative touch point must not count for someone who cannot see it.
    const hidden = await buildPartner(t.db, { name: 'Hidden Trust' });
    for (let i = 0; i < 3; i++)
      await buildTouchpoint(t.db, {
        partnerId: hidden.id,
        unitId: unitA,
        authorId: staffA.user.id,
        sentiment: -2,
        visibility: 'confidential',
      });

    // A relationship last contacted 100 days ago with a 30-day cadence (2× rule: long overdue).
    const quiet = await buildPartner(t.db, { name: 'Quiet College' });
    const quietRel = await buildRelationship(t.db, { unitId: unitA, partnerId: quiet.id, cadenceDays: 30 });
    await buildTouchpoint(t.db, {
      partnerId: quiet.id,
      unitId: unitA,
      authorId: staffA.user.id,
      occurredAt: new Date(Date.now() - 100 * DAY),
    });

    const view = (await t.call(headA, 'GET', '/api/v1/escalations')).json();
    const atRiskIds = view.atRisk.requests.map((r: { id: string }) => r.id);
    expect(atRiskIds).toContain(late.id);
    expect(atRiskIds).not.toContain(fresh.id);
    expect(
      view.atRisk.requests.find((r: { id: string }) => r.id === late.id).targets.resolution.breached,
    ).toBe(true);
    expect(view.atRisk.disputes.map((r: { id: string }) => r.id)).toEqual([dispute.id]);
    expect(view.atRisk.partners).toEqual([
      expect.objectContaining({
        partnerName: 'Sour Holdings',
        averageSentiment: -1.33,
        touchpoints: 3,
        previousAverage: 2,
      }),
    ]);
    expect(view.atRisk.relationships.map((r: { relationshipId: string }) => r.relationshipId)).toContain(
      quietRel.id,
    );
    expect(view.rules).toMatchObject({
      cadenceOverdueFactor: 2,
      disputeOpenDays: 14,
      sentimentThreshold: -0.5,
    });
  });
});
