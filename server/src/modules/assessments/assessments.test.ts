import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stageOf } from '../../../../common/src/contracts/assessments.ts';
import { checklistItems } from '../../../../common/src/labels/assessments.ts';
import { queryRows } from '../../db/client.ts';
import { assessments } from '../../db/schema/assessments.ts';
import { type Agent, createTestApp, type TestApp } from '../../test/app.ts';
import {
  buildAffiliation,
  buildContact,
  buildPartner,
  buildRelationship,
  buildUnit,
} from '../../test/factories/index.ts';

let t: TestApp;
let unitId: string;
let manager: Agent;
let colleague: Agent;
let outsider: Agent;
let reader: Agent;
let viewer: Agent;

beforeAll(async () => {
  t = await createTestApp();
  unitId = (await buildUnit(t.db, { name: 'Careers Service' })).id;
  const elsewhere = (await buildUnit(t.db)).id;
  manager = await t.signIn('relationship_manager', { unitId });
  colleague = await t.signIn('staff', { unitId });
  outsider = await t.signIn('relationship_manager', { unitId: elsewhere });
  reader = await t.signIn('staff', { unitId: elsewhere });
  viewer = await t.signIn('viewer');
});
afterAll(() => t.close());

/** A relationship of the unit with a current key contact at its partner. */
async function relationshipWithContact() {
  const partner = await buildPartner(t.db);
  const relationship = await buildRelationship(t.db, {
    unitId,
    partnerId: partner.id,
    managerId: manager.user.id,
  });
  const contact = await buildContact(t.db, { name: 'Morag Keir' });
  await buildAffiliation(t.db, { contactId: contact.id, partnerId: partner.id });
  return { partner, relationship, contact };
}

const assess = (agent: Agent, relationshipId: string, body: Record<string, unknown>) =>
  t.call(agent, 'POST', `/api/v1/relationships/${relationshipId}/assessments`, body);

const history = async (agent: Agent, relationshipId: string) => {
  const res = await t.call(agent, 'GET', `/api/v1/relationships/${relationshipId}/assessments`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};

const tokenOf = (link: string) => link.replace('/assessments/answer/', '');

describe('the stage rule', () => {
  it('is the mean score in bands of 0.8 on the five-level scale', () => {
    expect(stageOf([])).toBeNull();
    expect(stageOf([0, 1])).toEqual({ mean: 0.5, stage: 'ad_hoc' });
    expect(stageOf([0.8 * 1])?.stage).toBe('order_taker');
    expect(stageOf([2, 2, 1])).toEqual({ mean: 1.67, stage: 'service_provider' });
    expect(stageOf([2, 3])?.stage).toBe('trusted_advisor');
    expect(stageOf([3, 3, 4, 3, 3])).toEqual({ mean: 3.2, stage: 'strategic_partner' });
    expect(stageOf([4, 4])?.stage).toBe('strategic_partner');
  });
});

describe('a maturity assessment', () => {
  it('scores the checklist with evidence, gives a stage, and turns improvement actions into tasks', async () => {
    const { relationship, partner } = await relationshipWithContact();
    const res = await assess(manager, relationship.id, {
      items: [
        { item: 'trust_openness', score: 3, evidence: '12 touch points this term' },
        { item: 'peer_to_peer', score: 1, action: 'Pair our deputy with their head of HR' },
        { item: 'managing_upwards', score: 2 },
      ],
      actionsDueOn: '2027-01-31',
    });
    expect(res.statusCode, res.body).toBe(201);
    const { assessment, partnerLink } = res.json();
    expect(partnerLink).toBeNull();
    expect(assessment.result).toEqual({ mean: 2, stage: 'service_provider' });
    expect(assessment.partner).toBeNull();
    expect(assessment.items).toHaveLength(checklistItems.length);
    const peer = assessment.items.find((i: { item: string }) => i.item === 'peer_to_peer');
    expect(peer).toMatchObject({ score: 1, action: 'Pair our deputy with their head of HR', gap: null });
    expect(assessment.items.find((i: { item: string }) => i.item === 'authority_to_change').score).toBeNull();
    // The action is now a task of the assessor's, on the relationship.
    const task = await t.call(manager, 'GET', `/api/v1/tasks/${peer.taskId}`);
    expect(task.statusCode, task.body).toBe(200);
    expect(task.json()).toMatchObject({
      title: 'Pair our deputy with their head of HR',
      dueOn: '2027-01-31',
      relationshipId: relationship.id,
      partnerId: partner.id,
    });
    // Audited and published.
    const events = await queryRows<{ name: string }>(
      t.db,
      sql`select name from events where entity = 'assessment' and entity_id = ${assessment.id}`,
    );
    expect(events.map((e) => e.name)).toEqual(['assessment.created']);
    // Everyone signed in reads it; only those who look after the relationship may assess.
    expect((await history(viewer, relationship.id)).canAssess).toBe(false);
    expect((await history(manager, relationship.id)).canAssess).toBe(true);
    expect(
      (await assess(outsider, relationship.id, { items: [{ item: 'trust_openness', score: 4 }] })).statusCode,
    ).toBe(403);
    expect(
      (await assess(colleague, relationship.id, { items: [{ item: 'trust_openness', score: 4 }] }))
        .statusCode,
    ).toBe(403);
  });

  it('is two-sided: the key contact scores the same checklist once by a private link, and the gap per item is shown', async () => {
    const { relationship, contact } = await relationshipWithContact();
    const res = await assess(manager, relationship.id, {
      items: [
        { item: 'trust_openness', score: 3 },
        { item: 'soft_tensions', score: 4 },
      ],
      partnerContactId: contact.id,
    });
    expect(res.statusCode, res.body).toBe(201);
    const token = tokenOf(res.json().partnerLink);
    // Only the hash is kept.
    const [row] = await t.db.select().from(assessments).where(eq(assessments.id, res.json().assessment.id));
    expect(JSON.stringify(row)).not.toContain(token);

    const page = await t.call(null, 'GET', `/api/v1/public/assessments/${token}`);
    expect(page.statusCode, page.body).toBe(200);
    expect(page.json()).toMatchObject({
      contactName: 'Morag Keir',
      answered: false,
      unitName: 'Careers Service',
    });
    expect(page.json().items).toHaveLength(checklistItems.length);
    // The partner never sees the unit's scores.
    expect(page.body).not.toMatch(/"score"/);

    const answered = await t.call(null, 'POST', `/api/v1/public/assessments/${token}`, {
      items: [
        { item: 'trust_openness', score: 2, comment: 'We hear late about changes' },
        { item: 'soft_tensions', score: 1 },
        { item: 'regular_reporting', score: 3 },
      ],
    });
    expect(answered.statusCode, answered.body).toBe(200);
    expect(answered.json().answered).toBe(true);
    const again = await t.call(null, 'POST', `/api/v1/public/assessments/${token}`, {
      items: [{ item: 'trust_openness', score: 4 }],
    });
    expect(again.statusCode).toBe(409);
    expect(again.headers['content-type']).toContain('application/problem+json');

    const [latest] = (await history(manager, relationship.id)).items;
    expect(latest.partner).toMatchObject({
      contactName: 'Morag Keir',
      result: { mean: 2, stage: 'service_provider' },
    });
    const item = (key: string) => latest.items.find((i: { item: string }) => i.item === key);
    expect(item('trust_openness')).toMatchObject({
      score: 3,
      partnerScore: 2,
      gap: -1,
      partnerComment: 'We hear late about changes',
    });
    expect(item('soft_tensions')).toMatchObject({ score: 4, partnerScore: 1, gap: -3 });
    // Scored by one side only: no gap.
    expect(item('regular_reporting')).toMatchObject({ score: null, partnerScore: 3, gap: null });
  });

  it('compares repeated assessments over time, newest first', async () => {
    const { relationship } = await relationshipWithContact();
    await assess(manager, relationship.id, { items: [{ item: 'trust_openness', score: 1 }] });
    await assess(manager, relationship.id, { items: [{ item: 'trust_openness', score: 4 }] });
    const { items } = await history(viewer, relationship.id);
    expect(items.map((a: { result: { stage: string } }) => a.result.stage)).toEqual([
      'strategic_partner',
      'order_taker',
    ]);
  });

  it('refuses a link that has expired, is unknown, or is used twice, and answers nothing for them', async () => {
    const { relationship, contact } = await relationshipWithContact();
    const res = await assess(manager, relationship.id, {
      items: [{ item: 'trust_openness', score: 3 }],
      partnerContactId: contact.id,
    });
    const token = tokenOf(res.json().partnerLink);
    await t.db
      .update(assessments)
      .set({ partnerClosesAt: new Date(Date.now() - 60_000) })
      .where(eq(assessments.id, res.json().assessment.id));
    expect((await t.call(null, 'GET', `/api/v1/public/assessments/${token}`)).statusCode).toBe(410);
    const late = await t.call(null, 'POST', `/api/v1/public/assessments/${token}`, {
      items: [{ item: 'trust_openness', score: 1 }],
    });
    expect(late.statusCode).toBe(410);
    expect(late.headers['content-type']).toContain('application/problem+json');
    const [latest] = (await history(manager, relationship.id)).items;
    expect(latest.partner.answeredAt).toBeNull();
    expect((await t.call(null, 'GET', `/api/v1/public/assessments/${'x'.repeat(43)}`)).statusCode).toBe(404);
    expect((await t.call(null, 'GET', '/api/v1/public/assessments/short')).statusCode).toBe(400);
  });

  it('gives no partner link to a key contact who withdrew consent for surveys, naming the field', async () => {
    const { relationship, contact } = await relationshipWithContact();
    const withdrawn = await t.call(manager, 'POST', `/api/v1/contacts/${contact.id}/consents`, {
      purpose: 'surveys',
      decision: 'withdrawn',
      lawfulBasis: 'legitimate_interests',
      source: 'email',
      recordedOn: new Date().toISOString().slice(0, 10),
    });
    expect(withdrawn.statusCode, withdrawn.body).toBe(201);
    const res = await assess(manager, relationship.id, {
      items: [{ item: 'trust_openness', score: 2 }],
      partnerContactId: contact.id,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0]).toMatchObject({ field: 'partnerContactId' });
    expect(res.json().errors[0].message).toContain('surveys');
    expect((await history(manager, relationship.id)).items).toEqual([]);
    // Without the partner's side, the assessment itself is recorded.
    const own = await assess(manager, relationship.id, { items: [{ item: 'trust_openness', score: 2 }] });
    expect(own.statusCode, own.body).toBe(201);
    expect(own.json().partnerLink).toBeNull();
  });

  it('refuses bad input with problem+json naming the field, and records nothing', async () => {
    const { relationship, contact } = await relationshipWithContact();
    const stranger = await buildContact(t.db);
    const cases: [Record<string, unknown>, string][] = [
      [{ items: [{ item: 'trust_openness', score: 5 }] }, 'items.0.score'],
      [{ items: [{ item: 'trust_openness', score: -1 }] }, 'items.0.score'],
      [{ items: [{ item: 'trust_openness', score: 2.5 }] }, 'items.0.score'],
      [{ items: [{ item: 'golf_days', score: 2 }] }, 'items.0.item'],
      [{ items: [] }, 'items'],
      [
        {
          items: [
            { item: 'trust_openness', score: 2 },
            { item: 'trust_openness', score: 3 },
          ],
        },
        'items',
      ],
      [{ items: [{ item: 'trust_openness', score: 2 }], partnerContactId: stranger.id }, 'partnerContactId'],
      [
        {
          items: [{ item: 'trust_openness', score: 2 }],
          partnerContactId: contact.id,
          partnerClosesOn: '2020-01-01',
        },
        'partnerClosesOn',
      ],
      [{ items: [{ item: 'trust_openness', score: 2 }], partnerClosesOn: '2099-01-01' }, 'partnerClosesOn'],
      [{ items: [{ item: 'trust_openness', score: 2, evidence: 'x'.repeat(2001) }] }, 'items.0.evidence'],
    ];
    for (const [body, field] of cases) {
      const res = await assess(manager, relationship.id, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json().errors[0].field, JSON.stringify(body)).toBe(field);
    }
    expect((await history(manager, relationship.id)).items).toEqual([]);
    // The partner's side is checked the same way.
    const asked = await assess(manager, relationship.id, {
      items: [{ item: 'trust_openness', score: 2 }],
      partnerContactId: contact.id,
    });
    const token = tokenOf(asked.json().partnerLink);
    for (const [items, field] of [
      [[{ item: 'trust_openness', score: 9 }], 'items.0.score'],
      [[{ item: 'hospitality', score: 1 }], 'items.0.item'],
    ] as const) {
      const res = await t.call(null, 'POST', `/api/v1/public/assessments/${token}`, { items });
      expect(res.statusCode).toBe(400);
      expect(res.json().errors[0].field).toBe(field);
    }
    expect((await t.call(null, 'GET', `/api/v1/public/assessments/${token}`)).json().answered).toBe(false);
    // Crafted ids: 400 or 404, never 500.
    expect((await t.call(manager, 'GET', '/api/v1/relationships/not-an-id/assessments')).statusCode).toBe(
      400,
    );
    expect(
      (await t.call(manager, 'GET', '/api/v1/relationships/00000000-0000-4000-8000-000000000000/assessments'))
        .statusCode,
    ).toBe(404);
    expect(
      (
        await assess(manager, '00000000-0000-4000-8000-000000000000', {
          items: [{ item: 'trust_openness', score: 2 }],
        })
      ).statusCode,
    ).toBe(404);
  });

  it('suggests evidence from this term, counting only the records the viewer may read', async () => {
    const { relationship, partner, contact } = await relationshipWithContact();
    const touch = async (body: Record<string, unknown>) => {
      const res = await t.call(manager, 'POST', '/api/v1/touchpoints', {
        partnerId: partner.id,
        kind: 'meeting',
        subject: 'Placement review',
        occurredAt: new Date(Date.now() - 5 * 86_400_000).toISOString(),
        ...body,
      });
      expect(res.statusCode, res.body).toBe(201);
    };
    await touch({ contactIds: [contact.id] });
    await touch({ kind: 'call', subject: 'Catch-up' });
    await touch({
      kind: 'visit',
      subject: 'Restructuring, in confidence',
      sentiment: -2,
      visibility: 'confidential',
      readerIds: [reader.user.id],
    });
    const evidence = async (agent: Agent) => {
      const res = await t.call(agent, 'GET', `/api/v1/relationships/${relationship.id}/assessment-evidence`);
      expect(res.statusCode, res.body).toBe(200);
      return Object.fromEntries(
        res.json().items.map((i: { item: string; suggestion: string | null }) => [i.item, i.suggestion]),
      );
    };
    const seen = await evidence(outsider);
    expect(seen.trust_openness).toBe('2 touch points of two kinds this term; no sentiment recorded');
    expect(seen.stakeholders_heard).toBe('1 contact of the partner took part in touch points this term');
    expect(seen.proactive_improvement).toBeNull();
    const named = await evidence(reader);
    expect(named.trust_openness).toBe(
      '3 touch points of three kinds this term; average sentiment -2.0 (−2 to +2)',
    );
  });
});

describe('assessments across units', () => {
  it('give each unit the latest assessment of each relationship: stages, both sides’ means and the gap, for senior managers', async () => {
    const [north, south] = [await buildUnit(t.db), await buildUnit(t.db)];
    const northManager = await t.signIn('relationship_manager', { unitId: north.id });
    const southManager = await t.signIn('relationship_manager', { unitId: south.id });
    const relationshipOf = async (unit: string, managerId: string) => {
      const partner = await buildPartner(t.db);
      const contact = await buildContact(t.db);
      await buildAffiliation(t.db, { contactId: contact.id, partnerId: partner.id });
      const relationship = await buildRelationship(t.db, { unitId: unit, partnerId: partner.id, managerId });
      return { relationship, contact };
    };
    const first = await relationshipOf(north.id, northManager.user.id);
    const second = await relationshipOf(north.id, northManager.user.id);
    await relationshipOf(south.id, southManager.user.id);
    // The first relationship twice: only the later assessment counts.
    const one = (score: number) => [{ item: 'trust_openness', score }];
    expect((await assess(northManager, first.relationship.id, { items: one(0) })).statusCode).toBe(201);
    const later = await assess(northManager, first.relationship.id, {
      items: one(3),
      partnerContactId: first.contact.id,
    });
    expect(later.statusCode, later.body).toBe(201);
    const answered = await t.call(
      null,
      'POST',
      `/api/v1/public/assessments/${tokenOf(later.json().partnerLink)}`,
      {
        items: [{ item: 'trust_openness', score: 1 }],
      },
    );
    expect(answered.statusCode, answered.body).toBe(200);
    expect((await assess(northManager, second.relationship.id, { items: one(4) })).statusCode).toBe(201);

    const senior = await t.signIn('senior_manager');
    const res = await t.call(senior, 'GET', '/api/v1/assessments/by-unit');
    expect(res.statusCode, res.body).toBe(200);
    const row = (id: string) => res.json().units.find((u: { unitId: string }) => u.unitId === id);
    expect(row(north.id)).toEqual({
      unitId: north.id,
      unitName: north.name,
      activeRelationships: 2,
      assessed: 2,
      stages: { ad_hoc: 0, order_taker: 0, service_provider: 0, trusted_advisor: 1, strategic_partner: 1 },
      unitMean: 3.5,
      partnerAnswered: 1,
      partnerMean: 1,
      meanGap: -2,
    });
    // A unit with relationships but no assessment is listed, with nothing judged.
    expect(row(south.id)).toMatchObject({
      activeRelationships: 1,
      assessed: 0,
      unitMean: null,
      partnerAnswered: 0,
      partnerMean: null,
      meanGap: null,
    });
    // For senior managers and administrators only.
    expect((await t.call(northManager, 'GET', '/api/v1/assessments/by-unit')).statusCode).toBe(403);
    expect((await t.call(viewer, 'GET', '/api/v1/assessments/by-unit')).statusCode).toBe(403);
    expect((await t.call(null, 'GET', '/api/v1/assessments/by-unit')).statusCode).toBe(401);
  });
});
