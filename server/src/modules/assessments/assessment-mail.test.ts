import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dayInWords } from '../../../../common/src/wording.ts';
import { assessments } from '../../db/schema/assessments.ts';
import { consents } from '../../db/schema/personal-data.ts';
import { JOB } from '../../jobs/names.ts';
import { type Agent, createTestApp, type TestApp } from '../../test/app.ts';
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
});
afterAll(async () => {
  await t.close();
  await smtp.close();
});

const settle = async () => {
  await t.app.jobs.trigger(JOB.deliverAssessmentMail);
  await t.app.jobs.drain();
};
const mailsTo = (address: string): ParsedMail[] =>
  smtp.received.filter((m) => (Array.isArray(m.to) ? m.to : [m.to]).some((to) => to?.text.includes(address)));
const tokenIn = (mail: ParsedMail) =>
  /https:\/\/rapport\.northmoor\.ac\.uk\/assessments\/answer\/([A-Za-z0-9_-]+)/.exec(mail.text ?? '')![1]!;

/** A relationship the manager looks after, and a current contact at its partner (with an address unless told). */
async function relationshipWithContact(emails?: string[]) {
  const tag = randomUUID().slice(0, 6);
  const partner = await buildPartner(t.db, { name: `Kestrel Engineering ${tag}` });
  const relationship = await buildRelationship(t.db, {
    unitId,
    partnerId: partner.id,
    managerId: manager.user.id,
  });
  const email = `morag-${tag}@kestrel.example`;
  const contact = await buildContact(t.db, {
    name: `Morag Keir ${tag}`,
    emails: emails ?? [email],
  });
  await buildAffiliation(t.db, { contactId: contact.id, partnerId: partner.id });
  return { partner, relationship, contact, email };
}

const assess = (relationshipId: string, body: Record<string, unknown>) =>
  t.call(manager, 'POST', `/api/v1/relationships/${relationshipId}/assessments`, body);

const history = async (relationshipId: string) => {
  const res = await t.call(manager, 'GET', `/api/v1/relationships/${relationshipId}/assessments`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};

const object = (contactId: string) =>
  t.db.insert(consents).values({
    contactId,
    purpose: 'surveys',
    decision: 'withdrawn',
    lawfulBasis: 'legitimate_interests',
    source: 'email',
    recordedOn: '2026-11-01',
  });

describe("e-mailing the assessment link to the partner's key contact", () => {
  it('sends the private link once over SMTP, keeps only its hash after, and the link from the e-mail scores the checklist', async () => {
    const { relationship, contact, email, partner } = await relationshipWithContact();
    const closesOn = new Date(Date.now() + 40 * 86_400_000).toISOString().slice(0, 10);
    expect((await history(relationship.id)).contacts).toEqual([
      { id: contact.id, name: contact.name, canEmail: true },
    ]);
    const res = await assess(relationship.id, {
      items: [{ item: 'trust_openness', score: 3 }],
      partnerContactId: contact.id,
      partnerClosesOn: closesOn,
      emailPartner: true,
    });
    expect(res.statusCode, res.body).toBe(201);
    // The link goes to the contact, not to the assessor.
    expect(res.json().partnerLink).toBeNull();
    expect(res.json().partnerEmailed).toBe(true);
    await settle();
    const mails = mailsTo(email);
    expect(mails).toHaveLength(1);
    const mail = mails[0]!;
    expect(mail.subject).toBe('Careers Service asks how you see our relationship');
    expect(mail.text).toContain(`Dear ${contact.name},`);
    expect(mail.text).toContain(`between ${partner.name} and Careers Service`);
    expect(mail.text).toContain(`The link closes at the end of ${dayInWords(`${closesOn}T12:00:00Z`)}.`);
    const token = tokenIn(mail);
    // Sent: the link is erased, its hash stays; the history says when it went.
    const [row] = await t.db.select().from(assessments).where(eq(assessments.id, res.json().assessment.id));
    expect(row!.partnerToken).toBeNull();
    expect(JSON.stringify(row)).not.toContain(token);
    const [shown] = (await history(relationship.id)).items;
    expect(shown.partner.emailedAt).not.toBeNull();
    expect(shown.partner.answeredAt).toBeNull();
    // Another run sends nothing more.
    await settle();
    expect(mailsTo(email)).toHaveLength(1);
    // The link in the e-mail works, once.
    const page = await t.call(null, 'GET', `/api/v1/public/assessments/${token}`);
    expect(page.statusCode, page.body).toBe(200);
    expect(page.json()).toMatchObject({ contactName: contact.name, answered: false });
    const answer = await t.call(null, 'POST', `/api/v1/public/assessments/${token}`, {
      items: [{ item: 'trust_openness', score: 1 }],
    });
    expect(answer.statusCode, answer.body).toBe(200);
    const [answered] = (await history(relationship.id)).items;
    expect(answered.items.find((i: { item: string }) => i.item === 'trust_openness')).toMatchObject({
      score: 3,
      partnerScore: 1,
      gap: -2,
    });
    expect(
      (
        await t.call(null, 'POST', `/api/v1/public/assessments/${token}`, {
          items: [{ item: 'trust_openness', score: 4 }],
        })
      ).statusCode,
    ).toBe(409);
  });

  it('refuses, naming the field and changing nothing, for a contact who objected to surveys, one with no address, or no contact', async () => {
    const objector = await relationshipWithContact();
    await object(objector.contact.id);
    const noAddress = await relationshipWithContact([]);
    expect((await history(objector.relationship.id)).contacts[0].canEmail).toBe(false);
    expect((await history(noAddress.relationship.id)).contacts[0].canEmail).toBe(false);
    const items = [{ item: 'trust_openness', score: 2 }];
    const cases: [string, Record<string, unknown>, string][] = [
      // Who objected to surveys is not asked at all, by e-mail or by a link passed on.
      [
        objector.relationship.id,
        { items, partnerContactId: objector.contact.id, emailPartner: true },
        'partnerContactId',
      ],
      [objector.relationship.id, { items, partnerContactId: objector.contact.id }, 'partnerContactId'],
      [
        noAddress.relationship.id,
        { items, partnerContactId: noAddress.contact.id, emailPartner: true },
        'emailPartner',
      ],
      [objector.relationship.id, { items, emailPartner: true }, 'emailPartner'],
      [
        objector.relationship.id,
        { items, partnerContactId: objector.contact.id, emailPartner: 'yes' },
        'emailPartner',
      ],
    ];
    for (const [relationshipId, body, field] of cases) {
      const res = await assess(relationshipId, body);
      expect(res.statusCode, res.body).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json().errors[0].field, JSON.stringify(body)).toBe(field);
    }
    expect((await history(objector.relationship.id)).items).toEqual([]);
    expect((await history(noAddress.relationship.id)).items).toEqual([]);
    await settle();
    expect(mailsTo(objector.email)).toEqual([]);
    // Without an address, the link can still be handed to the assessor to pass on.
    const handed = await assess(noAddress.relationship.id, { items, partnerContactId: noAddress.contact.id });
    expect(handed.statusCode, handed.body).toBe(201);
    expect(handed.json().partnerLink).toMatch(/^\/assessments\/answer\//);
    expect(handed.json().partnerEmailed).toBe(false);
  });

  it('drops a queued link unsent when the contact objects to surveys before it goes, erasing it', async () => {
    const { relationship, contact, email } = await relationshipWithContact();
    // The objection is recorded after the link was queued (the row as createAssessment leaves it)
    // and before the job runs: consent is asked again at sending.
    await object(contact.id);
    const [queued] = await t.db
      .insert(assessments)
      .values({
        relationshipId: relationship.id,
        unitId,
        assessedById: manager.user.id,
        meanScore: 200,
        stage: 'service_provider',
        partnerContactId: contact.id,
        partnerTokenHash: `hash-${randomUUID()}`,
        partnerToken: `queued-${randomUUID()}`,
        partnerClosesAt: new Date(Date.now() + 7 * 86_400_000),
      })
      .returning();
    await settle();
    expect(mailsTo(email)).toEqual([]);
    const [row] = await t.db.select().from(assessments).where(eq(assessments.id, queued!.id));
    expect(row!.partnerToken).toBeNull();
    expect(row!.partnerEmailedAt).toBeNull();
  });
});
