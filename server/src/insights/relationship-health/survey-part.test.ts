import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { surveyTemplate } from '../../../../common/src/contracts/surveys.ts';
import { surveyInvitations, surveyReaders, surveyResponses, surveys } from '../../db/schema/surveys.ts';
import { hashSecret } from '../../modules/auth/secrets.ts';
import { type Agent, createTestApp, type TestApp } from '../../test/app.ts';
import {
  buildAffiliation,
  buildContact,
  buildPartner,
  buildRelationship,
  buildUnit,
} from '../../test/factories/index.ts';
import { refreshAllHealth } from './relationship-health.service.ts';

let t: TestApp;
let unitId: string;
let manager: Agent;
let outsider: Agent;
let named: Agent;
let admin: Agent;

type Part = { key: string; score: number | null; facts: { label: string; value: string }[] };
const surveyPart = async (agent: Agent, relationshipId: string) => {
  const res = await t.call(agent, 'GET', `/api/v1/relationships/${relationshipId}/health`);
  expect(res.statusCode, res.body).toBe(200);
  return (res.json().health.parts as Part[]).find((p) => p.key === 'surveys')!;
};

beforeAll(async () => {
  t = await createTestApp();
  unitId = (await buildUnit(t.db)).id;
  const elsewhere = (await buildUnit(t.db)).id;
  manager = await t.signIn('relationship_manager', { unitId });
  outsider = await t.signIn('staff', { unitId: elsewhere });
  named = await t.signIn('staff', { unitId: elsewhere });
  admin = await t.signIn('administrator', { unitId: elsewhere });
});
afterAll(() => t.close());

const today = () => new Date().toISOString().slice(0, 10);

/** A relationship with a survey (the template's questions) and `answers` sets of answers already given. */
async function surveyed(
  answers: { trust: number; recommend: number }[],
  over: Partial<typeof surveys.$inferInsert> = {},
) {
  const partner = await buildPartner(t.db);
  const relationship = await buildRelationship(t.db, {
    unitId,
    partnerId: partner.id,
    managerId: manager.user.id,
  });
  const [survey] = await t.db
    .insert(surveys)
    .values({
      relationshipId: relationship.id,
      unitId,
      title: 'How are we doing?',
      questions: surveyTemplate,
      anonymityThreshold: 3,
      closesAt: new Date(Date.now() + 7 * 86_400_000),
      createdById: manager.user.id,
      ...over,
    })
    .returning();
  if (answers.length)
    await t.db.insert(surveyResponses).values(
      answers.map((a) => ({
        surveyId: survey!.id,
        answeredOn: today(),
        answers: [
          { questionId: 'trust', value: a.trust },
          { questionId: 'recommend', value: a.recommend },
        ],
      })),
    );
  return { partner, relationship, survey: survey! };
}

describe('survey results as a part of the health score', () => {
  it('is the mean of would-recommend and the scaled ratings, with the figures behind it', async () => {
    // Trust 5, 4, 3 on 1–5: 75; recommend 9, 8, 7: 8.0 → 80; part (75 + 80) / 2 = 78.
    const { relationship } = await surveyed([
      { trust: 5, recommend: 9 },
      { trust: 4, recommend: 8 },
      { trust: 3, recommend: 7 },
    ]);
    await refreshAllHealth(t.db);
    const part = await surveyPart(manager, relationship.id);
    expect(part.score).toBe(78);
    expect(part.facts).toEqual([
      { label: 'Surveys answered this year', value: '1 survey, 3 sets of answers' },
      { label: 'Would recommend (0–10)', value: '8.0 over 3 answers' },
      { label: 'Other ratings (on 0–100)', value: '75 over 3 answers' },
    ]);
  });

  it('is "no data" below the anonymity threshold, never a single answer and never 0', async () => {
    const { relationship } = await surveyed([
      { trust: 1, recommend: 0 },
      { trust: 1, recommend: 0 },
    ]);
    await refreshAllHealth(t.db);
    const part = await surveyPart(manager, relationship.id);
    expect(part.score).toBeNull();
    expect(part.facts).toContainEqual({
      label: 'Left out (fewer answers than the anonymity threshold)',
      value: '1 survey',
    });
    // A relationship never surveyed: no data either.
    const bare = await buildRelationship(t.db, { unitId, partnerId: (await buildPartner(t.db)).id });
    await refreshAllHealth(t.db);
    expect((await surveyPart(manager, bare.id)).score).toBeNull();
  });

  it('leaves out surveys sent more than a year ago', async () => {
    const { relationship } = await surveyed(
      [
        { trust: 5, recommend: 10 },
        { trust: 5, recommend: 10 },
        { trust: 5, recommend: 10 },
      ],
      { createdAt: new Date(Date.now() - 400 * 86_400_000) },
    );
    await refreshAllHealth(t.db);
    expect((await surveyPart(manager, relationship.id)).score).toBeNull();
  });

  it('moves when the last answer needed comes in by the private link (kept current from the event stream)', async () => {
    const { relationship, survey } = await surveyed([
      { trust: 5, recommend: 10 },
      { trust: 5, recommend: 10 },
    ]);
    await refreshAllHealth(t.db);
    expect((await surveyPart(manager, relationship.id)).score).toBeNull();
    const contact = await buildContact(t.db, { emails: ['third@example.org'] });
    await buildAffiliation(t.db, { contactId: contact.id, partnerId: relationship.partnerId });
    const token = 'third-answer-link-0000000000000000000000000';
    await t.db.insert(surveyInvitations).values({
      surveyId: survey.id,
      contactId: contact.id,
      email: 'third@example.org',
      tokenHash: hashSecret(token),
    });
    const res = await t.call(null, 'POST', `/api/v1/public/surveys/${token}`, {
      answers: [
        { questionId: 'trust', value: 1 },
        { questionId: 'recommend', value: 4 },
      ],
    });
    expect(res.statusCode, res.body).toBe(200);
    await t.app.events.deliver();
    // Trust 5, 5, 1: 100, 100, 0 → 66.7; recommend 10, 10, 4: 8.0 → 80; part 73.
    expect((await surveyPart(manager, relationship.id)).score).toBe(73);
  });

  it('counts a confidential survey only for its named readers and administrators', async () => {
    const { relationship, survey } = await surveyed(
      [
        { trust: 1, recommend: 0 },
        { trust: 1, recommend: 0 },
        { trust: 1, recommend: 0 },
      ],
      { visibility: 'confidential' },
    );
    await t.db.insert(surveyReaders).values({ surveyId: survey.id, userId: named.user.id });
    await refreshAllHealth(t.db);
    expect((await surveyPart(outsider, relationship.id)).score).toBeNull();
    expect((await surveyPart(manager, relationship.id)).score).toBeNull();
    expect((await surveyPart(named, relationship.id)).score).toBe(0);
    expect((await surveyPart(admin, relationship.id)).score).toBe(0);
    // A unit-only survey counts for the unit, not for another unit's staff.
    const unitOnly = await surveyed(
      [
        { trust: 5, recommend: 10 },
        { trust: 5, recommend: 10 },
        { trust: 5, recommend: 10 },
      ],
      { visibility: 'unit' },
    );
    await refreshAllHealth(t.db);
    expect((await surveyPart(manager, unitOnly.relationship.id)).score).toBe(100);
    expect((await surveyPart(outsider, unitOnly.relationship.id)).score).toBeNull();
  });

  it('came with a new version of the rule that weighs it; the first version did not count surveys', async () => {
    const rules = (await t.call(manager, 'GET', '/api/v1/health-rules')).json();
    expect(rules.current).toMatchObject({ version: 2, weights: { surveys: 10, contact: 30 } });
    expect(rules.versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    expect(rules.versions[1].weights.surveys).toBe(0);
  });
});
