import { createHash, randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import type { ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { surveyTemplate } from '../../../../common/src/contracts/surveys.ts';
import { queryRows } from '../../db/client.ts';
import { consents } from '../../db/schema/personal-data.ts';
import { surveyInvitations, surveyResponses, surveys } from '../../db/schema/surveys.ts';
import { JOB } from '../../jobs/names.ts';
import { type Agent, createTestApp, type TestApp } from '../../test/app.ts';
import { csvRows, xlsxRows } from '../../test/exports.ts';
import {
  buildAffiliation,
  buildContact,
  buildPartner,
  buildRelationship,
  buildUnit,
} from '../../test/factories/index.ts';
import { startTestSmtp } from '../../test/smtp.ts';

let t: TestApp;
let smtp: Awaited<ReturnType<typeof startTestSmtp>>;
let unitId: string;
let manager: Agent;
let colleague: Agent;
let otherManager: Agent;
let viewer: Agent;

beforeAll(async () => {
  smtp = await startTestSmtp();
  // Jobs run in this process, so e-mail goes out through SMTP as it would in production.
  t = await createTestApp(
    {
      SMTP_URL: smtp.url,
      SMTP_FROM: 'Rapport <rapport@northmoor.ac.uk>',
      RAPPORT_PUBLIC_URL: 'https://rapport.northmoor.ac.uk',
    },
    { jobs: { work: true, queue: 'in-process' } },
  );
  unitId = (await buildUnit(t.db, { name: 'Careers Service' })).id;
  manager = await t.signIn('relationship_manager', { unitId });
  colleague = await t.signIn('staff', { unitId });
  otherManager = await t.signIn('relationship_manager');
  viewer = await t.signIn('viewer');
});
afterAll(async () => {
  await t.close();
  await smtp.close();
});

const settle = async () => {
  await t.app.jobs.trigger(JOB.deliverSurveyMail);
  await t.app.jobs.drain();
};
const mailsTo = (address: string): ParsedMail[] =>
  smtp.received.filter((m) => (Array.isArray(m.to) ? m.to : [m.to]).some((to) => to?.text.includes(address)));
const tokenIn = (mail: ParsedMail) =>
  /https:\/\/rapport\.northmoor\.ac\.uk\/surveys\/answer\/([A-Za-z0-9_-]+)/.exec(mail.text ?? '')![1]!;

/** A partner with a relationship of the unit and `size` affiliated contacts with addresses. */
async function partnerWith(size: number) {
  const tag = randomUUID().slice(0, 6);
  const partner = await buildPartner(t.db, { name: `Kestrel Engineering ${tag}` });
  const relationship = await buildRelationship(t.db, { unitId, partnerId: partner.id });
  const contacts = [];
  for (let i = 0; i < size; i++) {
    const contact = await buildContact(t.db, {
      name: `Person ${tag} ${i}`,
      emails: [`p${i}-${tag}@kestrel.example`],
    });
    await buildAffiliation(t.db, { contactId: contact.id, partnerId: partner.id });
    contacts.push(contact);
  }
  return { partner, relationship, contacts };
}

const tomorrow = () => new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);

const send = (agent: Agent, relationshipId: string, body: Record<string, unknown>) =>
  t.call(agent, 'POST', `/api/v1/relationships/${relationshipId}/surveys`, {
    title: 'How are we doing?',
    questions: surveyTemplate,
    closesOn: tomorrow(),
    ...body,
  });

const answer = (token: string, answers: unknown) =>
  t.call(null, 'POST', `/api/v1/public/surveys/${token}`, { answers });

const fullAnswers = (trust: number) => [
  { questionId: 'trust', value: trust },
  { questionId: 'recommend', value: 9 },
  { questionId: 'comments', value: '  More notice of careers fairs  ' },
];

/** Sends a survey to every contact and returns the private links from the e-mail received. */
async function sentSurvey(size: number, body: Record<string, unknown> = {}) {
  const group = await partnerWith(size);
  const response = await send(manager, group.relationship.id, {
    contactIds: group.contacts.map((c) => c.id),
    ...body,
  });
  expect(response.statusCode, response.body).toBe(201);
  await settle();
  const tokens = group.contacts.map((c) => tokenIn(mailsTo(c.emails[0]!)[0]!));
  return { ...group, survey: response.json().survey, tokens };
}

const resultsOf = async (agent: Agent, partnerId: string) => {
  const response = await t.call(agent, 'GET', `/api/v1/partners/${partnerId}/surveys`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json().items;
};

describe('sending a survey', () => {
  it('e-mails each chosen contact a private link over SMTP, and keeps only its hash', async () => {
    const { survey, contacts, tokens } = await sentSurvey(2);
    expect(survey).toMatchObject({ asked: 2, answered: 0, responseRate: 0, open: true, shown: false });
    const [mail] = mailsTo(contacts[0]!.emails[0]!);
    expect(mail!.subject).toBe('Careers Service would like your view: How are we doing?');
    expect(mail!.from?.text).toContain('rapport@northmoor.ac.uk');
    expect(tokens[0]!.length).toBeGreaterThanOrEqual(40);
    expect(tokens[0]).not.toBe(tokens[1]);
    const rows = await t.db.select().from(surveyInvitations).where(eq(surveyInvitations.surveyId, survey.id));
    expect(rows.every((r) => r.token === null && r.emailedAt !== null)).toBe(true);
    // Only the link's SHA-256 is kept: the link itself is nowhere in the database.
    expect(rows.map((r) => r.tokenHash)).toContain(createHash('sha256').update(tokens[0]!).digest('hex'));
    const page = await t.call(null, 'GET', `/api/v1/public/surveys/${tokens[0]}`);
    expect(page.statusCode, page.body).toBe(200);
    expect(page.json()).toMatchObject({
      title: 'How are we doing?',
      unitName: 'Careers Service',
      contactName: contacts[0]!.name,
      answered: false,
    });
    expect(page.json().questions).toHaveLength(surveyTemplate.length);
  });

  it('leaves out contacts without consent for surveys (withdrawn, or migrated from "do not invite"), or without an address', async () => {
    const group = await partnerWith(4);
    const [ok, flagged, withdrawn, noEmail] = group.contacts;
    await t.db.execute(sql`update contacts set emails = '{}' where id = ${noEmail!.id}`);
    await t.db.insert(consents).values({
      contactId: flagged!.id,
      purpose: 'surveys',
      decision: 'withdrawn',
      lawfulBasis: 'legitimate_interests',
      source: 'migrated',
      recordedOn: '2026-11-01',
    });
    await t.db.insert(consents).values({
      contactId: withdrawn!.id,
      purpose: 'surveys',
      decision: 'withdrawn',
      lawfulBasis: 'legitimate_interests',
      source: 'email',
      recordedOn: '2026-11-01',
    });
    const response = await send(manager, group.relationship.id, {
      contactIds: group.contacts.map((c) => c.id),
    });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json().sent).toEqual({ asked: 1, noConsent: 2, noEmail: 1 });
    await settle();
    expect(mailsTo(ok!.emails[0]!)).toHaveLength(1);
    for (const c of [flagged!, withdrawn!]) expect(mailsTo(c.emails[0]!)).toHaveLength(0);
  });

  it('drops a queued link unsent when consent was withdrawn after it was queued', async () => {
    const { survey } = await sentSurvey(1);
    const late = await buildContact(t.db, { emails: [`late-${randomUUID().slice(0, 6)}@kestrel.example`] });
    // A link queued before the withdrawal landed (as a send just before it would leave it).
    await t.db.insert(surveyInvitations).values({
      surveyId: survey.id,
      contactId: late.id,
      email: late.emails[0]!,
      token: 'Q'.repeat(43),
      tokenHash: `queued-${randomUUID()}`,
    });
    await t.db.insert(consents).values({
      contactId: late.id,
      purpose: 'surveys',
      decision: 'withdrawn',
      lawfulBasis: 'legitimate_interests',
      source: 'email',
      recordedOn: '2026-11-01',
    });
    await settle();
    expect(mailsTo(late.emails[0]!)).toHaveLength(0);
    const [row] = await t.db.select().from(surveyInvitations).where(eq(surveyInvitations.contactId, late.id));
    expect(row).toMatchObject({ token: null, emailedAt: null });
  });

  it('forgets an erased contact: their address and any unsent link go, so nothing reaches them', async () => {
    const { survey } = await sentSurvey(1);
    const late = await buildContact(t.db, {
      name: `Erased ${randomUUID().slice(0, 6)}`,
      emails: [`gone-${randomUUID().slice(0, 6)}@kestrel.example`],
    });
    await t.db.insert(surveyInvitations).values({
      surveyId: survey.id,
      contactId: late.id,
      email: late.emails[0]!,
      token: 'E'.repeat(43),
      tokenHash: `queued-${randomUUID()}`,
    });
    const admin = await t.signIn('administrator');
    const erased = await t.call(admin, 'POST', `/api/v1/contacts/${late.id}/erase`, {
      confirmName: late.name,
    });
    expect(erased.statusCode, erased.body).toBe(200);
    expect(erased.json().cleared.survey_invitations).toBe(1);
    const [row] = await t.db.select().from(surveyInvitations).where(eq(surveyInvitations.contactId, late.id));
    expect(row).toMatchObject({ email: null, token: null });
    await settle();
    expect(mailsTo(late.emails[0]!)).toHaveLength(0);
  });

  it('refuses bad input naming the field, and creates nothing', async () => {
    const group = await partnerWith(1);
    const stranger = await buildContact(t.db, { emails: ['someone@elsewhere.example'] });
    const count = async () =>
      (
        await queryRows<{ n: number }>(
          t.db,
          sql`select count(*)::int as n from surveys where relationship_id = ${group.relationship.id}`,
        )
      )[0]!.n;
    const cases: [Record<string, unknown>, string][] = [
      [{ contactIds: [group.contacts[0]!.id, stranger.id] }, 'contactIds.1'],
      [{ contactIds: [] }, 'contactIds'],
      [{ contactIds: [group.contacts[0]!.id], closesOn: '2020-01-01' }, 'closesOn'],
      [{ contactIds: [group.contacts[0]!.id], closesOn: '2099-01-01' }, 'closesOn'],
      [{ contactIds: [group.contacts[0]!.id], title: 'a\u0000b' }, 'title'],
      [{ contactIds: [group.contacts[0]!.id], title: 'x'.repeat(201) }, 'title'],
      [{ contactIds: [group.contacts[0]!.id], anonymityThreshold: 2 }, 'anonymityThreshold'],
      [{ contactIds: [group.contacts[0]!.id], anonymityThreshold: 2 ** 40 }, 'anonymityThreshold'],
      [
        { contactIds: [group.contacts[0]!.id], questions: [surveyTemplate[0], surveyTemplate[0]] },
        'questions',
      ],
      [
        {
          contactIds: [group.contacts[0]!.id],
          questions: [{ id: 'q', kind: 'scale', text: 'Hm', min: 1, max: 99 }],
        },
        'questions.0.max',
      ],
      [
        { contactIds: [group.contacts[0]!.id], readerIds: [randomUUID()], visibility: 'confidential' },
        'readerIds.0',
      ],
    ];
    for (const [body, field] of cases) {
      const response = await send(manager, group.relationship.id, body);
      expect(response.statusCode, `${field}: ${response.body}`).toBe(400);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(
        response.json().errors.map((e: { field: string }) => e.field),
        response.body,
      ).toContain(field);
    }
    expect(await count()).toBe(0);
  });

  it('is for the relationship’s managers only', async () => {
    const group = await partnerWith(1);
    const body = { contactIds: [group.contacts[0]!.id] };
    expect((await send(colleague, group.relationship.id, body)).statusCode).toBe(403);
    expect((await send(otherManager, group.relationship.id, body)).statusCode).toBe(403);
    expect((await send(viewer, group.relationship.id, body)).statusCode).toBe(403);
    expect((await send(manager, randomUUID(), body)).statusCode).toBe(404);
    expect((await t.call(null, 'GET', `/api/v1/partners/${group.partner.id}/surveys`)).statusCode).toBe(401);
    expect(await resultsOf(viewer, group.partner.id)).toEqual([]);
  });
});

describe('answering by the private link', () => {
  it('takes one answer per link; a second, and a concurrent pair, count once', async () => {
    const { tokens, partner, survey } = await sentSurvey(2);
    const first = await answer(tokens[0]!, fullAnswers(4));
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json().answered).toBe(true);
    const again = await answer(tokens[0]!, fullAnswers(1));
    expect(again.statusCode).toBe(409);
    const both = await Promise.all([answer(tokens[1]!, fullAnswers(2)), answer(tokens[1]!, fullAnswers(3))]);
    expect(both.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    const kept = await t.db.select().from(surveyResponses).where(eq(surveyResponses.surveyId, survey.id));
    expect(kept).toHaveLength(2);
    // Kept trimmed, and apart from who gave them.
    expect(kept[0]!.answers).toContainEqual({
      questionId: 'comments',
      value: 'More notice of careers fairs',
    });
    expect(Object.keys(kept[0]!)).not.toContain('contactId');
    // Random ids (version 4), not time-ordered ones that would carry the moment of answering.
    for (const row of kept) expect(row.id[14]).toBe('4');
    const [result] = await resultsOf(manager, partner.id);
    expect(result).toMatchObject({ asked: 2, answered: 2, responseRate: 100 });
  });

  it('refuses bad answers naming the field, and leaves the link unused', async () => {
    const { tokens, survey } = await sentSurvey(1);
    const cases: [unknown, string][] = [
      [[{ questionId: 'nope', value: 3 }], 'answers.0.questionId'],
      [[{ questionId: 'trust', value: 6 }], 'answers.0.value'],
      [[{ questionId: 'trust', value: 0 }], 'answers.0.value'],
      [[{ questionId: 'recommend', value: 2 ** 40 }], 'answers.0.value'],
      [[{ questionId: 'trust', value: 'high' }], 'answers.0.value'],
      [
        [
          { questionId: 'trust', value: 3 },
          { questionId: 'trust', value: 4 },
        ],
        'answers.1.questionId',
      ],
      [[{ questionId: 'comments', value: 'a\u0000b' }], 'answers.0.value'],
      [[{ questionId: 'comments', value: 'x'.repeat(4001) }], 'answers.0.value'],
      [[{ questionId: 'comments', value: '   ' }], 'answers'],
      [[], 'answers'],
    ];
    for (const [answers, field] of cases) {
      const response = await answer(tokens[0]!, answers);
      expect(response.statusCode, `${field}: ${response.body}`).toBe(400);
      expect(
        response.json().errors.map((e: { field: string }) => e.field),
        response.body,
      ).toContain(field);
    }
    const [row] = await t.db
      .select()
      .from(surveyInvitations)
      .where(eq(surveyInvitations.surveyId, survey.id));
    expect(row!.answeredAt).toBeNull();
    expect(await t.db.select().from(surveyResponses).where(eq(surveyResponses.surveyId, survey.id))).toEqual(
      [],
    );
  });

  it('answers 404 to a forged link and 410 once the survey is closed or past its day', async () => {
    const forged = await t.call(null, 'GET', `/api/v1/public/surveys/${'A'.repeat(43)}`);
    expect(forged.statusCode).toBe(404);
    expect((await answer('B'.repeat(43), fullAnswers(3))).statusCode).toBe(404);
    expect((await t.call(null, 'GET', '/api/v1/public/surveys/short')).statusCode).toBe(400);
    expect((await t.call(null, 'GET', `/api/v1/public/surveys/${'C'.repeat(300)}`)).statusCode).toBe(414);

    const closed = await sentSurvey(1);
    const close = await t.call(manager, 'POST', `/api/v1/surveys/${closed.survey.id}/close`);
    expect(close.statusCode, close.body).toBe(200);
    expect(close.json().open).toBe(false);
    expect((await t.call(manager, 'POST', `/api/v1/surveys/${closed.survey.id}/close`)).statusCode).toBe(409);
    expect((await t.call(null, 'GET', `/api/v1/public/surveys/${closed.tokens[0]}`)).statusCode).toBe(410);
    expect((await answer(closed.tokens[0]!, fullAnswers(3))).statusCode).toBe(410);

    const expired = await sentSurvey(1);
    await t.db
      .update(surveys)
      .set({ closesAt: new Date(Date.now() - 1000) })
      .where(eq(surveys.id, expired.survey.id));
    expect((await t.call(null, 'GET', `/api/v1/public/surveys/${expired.tokens[0]}`)).statusCode).toBe(410);
    expect((await answer(expired.tokens[0]!, fullAnswers(3))).statusCode).toBe(410);
  });

  it('lets only the sender or the relationship’s manager close a survey', async () => {
    const { survey } = await sentSurvey(1);
    expect((await t.call(otherManager, 'POST', `/api/v1/surveys/${survey.id}/close`)).statusCode).toBe(403);
    expect((await t.call(colleague, 'POST', `/api/v1/surveys/${survey.id}/close`)).statusCode).toBe(403);
    expect((await t.call(manager, 'POST', `/api/v1/surveys/${randomUUID()}/close`)).statusCode).toBe(404);
  });
});

describe('results', () => {
  it('withhold every breakdown below the anonymity threshold, and show it from there', async () => {
    const { tokens, partner } = await sentSurvey(3, { anonymityThreshold: 3 });
    await answer(tokens[0]!, fullAnswers(5));
    await answer(tokens[1]!, fullAnswers(3));
    let [result] = await resultsOf(manager, partner.id);
    expect(result.shown).toBe(false);
    expect(result.answered).toBe(2);
    for (const q of result.questions) {
      expect(q.average).toBeNull();
      expect(q.counts).toBeNull();
      expect(q.comments).toBeNull();
    }
    await answer(tokens[2]!, [{ questionId: 'trust', value: 4 }]);
    [result] = await resultsOf(manager, partner.id);
    expect(result).toMatchObject({ shown: true, answered: 3, responseRate: 100 });
    const trust = result.questions.find((q: { id: string }) => q.id === 'trust');
    expect(trust).toMatchObject({ answered: 3, average: 4 });
    expect(trust.counts).toEqual([
      { value: '1', count: 0 },
      { value: '2', count: 0 },
      { value: '3', count: 1 },
      { value: '4', count: 1 },
      { value: '5', count: 1 },
    ]);
    const recommend = result.questions.find((q: { id: string }) => q.id === 'recommend');
    expect(recommend).toMatchObject({ answered: 2, average: 9 });
    expect(recommend.counts).toHaveLength(11);
    const comments = result.questions.find((q: { id: string }) => q.id === 'comments');
    expect(comments.comments).toEqual(['More notice of careers fairs', 'More notice of careers fairs']);
  });

  it('keep a confidential survey to its named readers: not in lists or counts for anyone else', async () => {
    const group = await partnerWith(1);
    const response = await send(manager, group.relationship.id, {
      contactIds: [group.contacts[0]!.id],
      visibility: 'confidential',
      readerIds: [colleague.user.id],
    });
    expect(response.statusCode, response.body).toBe(201);
    const unitOnly = await send(manager, group.relationship.id, {
      contactIds: [group.contacts[0]!.id],
      visibility: 'unit',
    });
    expect(unitOnly.statusCode, unitOnly.body).toBe(201);
    const ids = async (agent: Agent) =>
      (await resultsOf(agent, group.partner.id)).map((s: { id: string }) => s.id);
    const confidentialId = response.json().survey.id;
    const unitId = unitOnly.json().survey.id;
    expect(await ids(manager)).toEqual([unitId, confidentialId]);
    expect(await ids(colleague)).toEqual([unitId, confidentialId]);
    expect(await ids(otherManager)).toEqual([]);
    expect(await ids(viewer)).toEqual([]);
    const admin = await t.signIn('administrator');
    expect(await ids(admin)).toEqual([unitId, confidentialId]);
    expect((await t.call(otherManager, 'POST', `/api/v1/surveys/${confidentialId}/close`)).statusCode).toBe(
      404,
    );
  });
});

describe('exports', () => {
  const exported = (agent: Agent, partnerId: string, format: 'csv' | 'xlsx' = 'csv') =>
    t.call(agent, 'GET', `/api/v1/partners/${partnerId}/surveys/export?format=${format}`);

  it('give a row per question, with no breakdown below the anonymity threshold, in CSV and XLSX', async () => {
    const { tokens, partner } = await sentSurvey(3, { anonymityThreshold: 3 });
    await answer(tokens[0]!, fullAnswers(5));
    await answer(tokens[1]!, fullAnswers(3));
    let response = await exported(manager, partner.id);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toContain('text/csv');
    expect(response.headers['content-disposition']).toMatch(/filename="survey-results-[\d-]+\.csv"/);
    // Below the threshold: who was asked and how many answered, and nothing of what they said.
    expect(response.body).not.toContain('careers fairs');
    let rows = csvRows(response.body);
    expect(rows).toHaveLength(surveyTemplate.length);
    for (const row of rows) {
      expect(row).toMatchObject({ Asked: '3', Answered: '2', 'Anonymity threshold': '3' });
      expect(row['Answers to the question']).toBe('');
      expect(row.Average).toBe('Withheld: fewer than 3 answers');
      expect(row.Counts).toBe('Withheld: fewer than 3 answers');
      expect(row.Comments).toBe('Withheld: fewer than 3 answers');
    }
    const locked = await xlsxRows((await exported(manager, partner.id, 'xlsx')).rawPayload);
    expect(JSON.stringify(locked)).not.toContain('careers fairs');
    expect(locked.every((r) => r.Average === 'Withheld: fewer than 3 answers')).toBe(true);

    // From the threshold on, the breakdown is in the file as on the screen.
    await answer(tokens[2]!, [{ questionId: 'trust', value: 4 }]);
    response = await exported(manager, partner.id);
    rows = csvRows(response.body);
    const trust = rows.find((r) => r.Question === surveyTemplate[0]!.text)!;
    expect(trust).toMatchObject({
      Answered: '3',
      'Response rate (%)': '100',
      'Answers to the question': '3',
      Average: '4',
      Counts: '1: 0; 2: 0; 3: 1; 4: 1; 5: 1',
    });
    const comments = rows.find((r) => r.Question === 'What one thing should we do better?')!;
    expect(comments.Comments).toBe('More notice of careers fairs\nMore notice of careers fairs');
    const sheet = await xlsxRows((await exported(manager, partner.id, 'xlsx')).rawPayload);
    expect(sheet.find((r) => r.Question === surveyTemplate[0]!.text)).toMatchObject({ Average: 4, Asked: 3 });
  });

  it('hold only the surveys the caller may read, and refuse bad input', async () => {
    const group = await partnerWith(1);
    const confidential = await send(manager, group.relationship.id, {
      title: 'A confidential round',
      contactIds: [group.contacts[0]!.id],
      visibility: 'confidential',
      readerIds: [colleague.user.id],
    });
    expect(confidential.statusCode, confidential.body).toBe(201);
    const surveysIn = async (agent: Agent) =>
      new Set(csvRows((await exported(agent, group.partner.id)).body).map((r) => r.Survey));
    expect(await surveysIn(colleague)).toEqual(new Set(['A confidential round']));
    expect(await surveysIn(otherManager)).toEqual(new Set());
    expect(await surveysIn(viewer)).toEqual(new Set());
    const bad = await exported(manager, group.partner.id, 'pdf' as 'csv');
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(bad.json().errors[0].field).toBe('query.format');
    expect(
      (await t.call(manager, 'GET', '/api/v1/partners/00000000-0000-4000-8000-000000000000/surveys/export'))
        .statusCode,
    ).toBe(404);
    expect((await t.call(manager, 'GET', '/api/v1/partners/not-an-id/surveys/export')).statusCode).toBe(400);
    expect(
      (await t.call(null, 'GET', `/api/v1/partners/${group.partner.id}/surveys/export`)).statusCode,
    ).toBe(401);
  });
});
