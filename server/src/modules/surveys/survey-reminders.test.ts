import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { surveyTemplate } from '../../../../common/src/contracts/surveys.ts';
import { consents } from '../../db/schema/personal-data.ts';
import { surveyInvitations } from '../../db/schema/surveys.ts';
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
import type { Mailer } from '../notifications/mailer.ts';
import { remindSurveys } from './survey-reminders.job.ts';

const BASE = 'https://rapport.northmoor.ac.uk';
const DAY = 86_400_000;
let t: TestApp;
let smtp: Awaited<ReturnType<typeof startTestSmtp>>;
let mailer: Mailer;
let unitId: string;
let manager: Agent;

beforeAll(async () => {
  smtp = await startTestSmtp();
  t = await createTestApp(
    { SMTP_URL: smtp.url, SMTP_FROM: 'Rapport <rapport@northmoor.ac.uk>', RAPPORT_PUBLIC_URL: BASE },
    { jobs: { work: true, queue: 'in-process' } },
  );
  mailer = t.app.mailer!;
  unitId = (await buildUnit(t.db, { name: 'Careers Service' })).id;
  manager = await t.signIn('relationship_manager', { unitId });
});
afterAll(async () => {
  await t.close();
  await smtp.close();
});

const mailsTo = (address: string): ParsedMail[] =>
  smtp.received.filter((m) => (Array.isArray(m.to) ? m.to : [m.to]).some((to) => to?.text.includes(address)));
const tokenIn = (mail: ParsedMail) =>
  /https:\/\/rapport\.northmoor\.ac\.uk\/surveys\/answer\/([A-Za-z0-9_-]+)/.exec(mail.text ?? '')![1]!;
const day = (offset: number) => new Date(Date.now() + offset * DAY).toISOString().slice(0, 10);

/** A survey sent (and e-mailed) to `names.length` contacts of a new partner, closing on `closesOn`. */
async function sent(names: string[], closesOn: string) {
  const tag = randomUUID().slice(0, 6);
  const partner = await buildPartner(t.db, { name: `Kestrel Engineering ${tag}` });
  const relationship = await buildRelationship(t.db, { unitId, partnerId: partner.id });
  const contacts = [];
  for (const name of names) {
    const contact = await buildContact(t.db, {
      name,
      emails: [`${name.split(' ')[0]}-${tag}@kestrel.example`],
    });
    await buildAffiliation(t.db, { contactId: contact.id, partnerId: partner.id });
    contacts.push({ ...contact, email: contact.emails[0]! });
  }
  const res = await t.call(manager, 'POST', `/api/v1/relationships/${relationship.id}/surveys`, {
    title: 'How are we doing?',
    questions: surveyTemplate,
    closesOn,
    contactIds: contacts.map((c) => c.id),
  });
  expect(res.statusCode, res.body).toBe(201);
  await t.app.jobs.trigger(JOB.deliverSurveyMail);
  await t.app.jobs.drain();
  return { survey: res.json().survey, contacts };
}

const answer = (token: string) =>
  t.call(null, 'POST', `/api/v1/public/surveys/${token}`, { answers: [{ questionId: 'trust', value: 4 }] });

describe('survey reminders', () => {
  it('go once, over SMTP, to those who have not answered when three days are left, with a link of their own; consent and "do not contact" honoured', async () => {
    const { survey, contacts } = await sent(
      ['Aled Rees', 'Bryony Hale', 'Cerys Lloyd', 'Dafydd Moss'],
      day(5),
    );
    const [answered, waiting, objector, marked] = contacts;
    expect((await answer(tokenIn(mailsTo(answered!.email)[0]!))).statusCode).toBe(200);
    await t.db.insert(consents).values({
      contactId: objector!.id,
      purpose: 'surveys',
      decision: 'withdrawn',
      lawfulBasis: 'legitimate_interests',
      source: 'email',
      recordedOn: day(0),
    });
    // Flagged "do not invite" before consent per purpose: migrated to a withdrawal.
    await t.db.insert(consents).values({
      contactId: marked!.id,
      purpose: 'surveys',
      decision: 'withdrawn',
      lawfulBasis: 'legitimate_interests',
      source: 'migrated',
      recordedOn: day(0),
    });

    // Too early: five days are left, and the e-mail went moments ago.
    expect(await remindSurveys(t.db, mailer, BASE)).toBe(0);
    expect(await remindSurveys(t.db, mailer, BASE, new Date(Date.now() + DAY + 60_000))).toBe(0);
    // Three days or fewer left: only the one who may still be asked, and has not answered.
    const later = new Date(Date.now() + 3.5 * DAY);
    expect(await remindSurveys(t.db, mailer, BASE, later)).toBe(1);
    for (const c of [answered, objector, marked]) expect(mailsTo(c!.email)).toHaveLength(1);
    const reminders = mailsTo(waiting!.email);
    expect(reminders).toHaveLength(2);
    const reminder = reminders[1]!;
    expect(reminder.subject).toBe('A reminder from Careers Service: How are we doing?');
    expect(reminder.text).toContain('this is the only reminder we will send');
    // Once: a later run sends nothing more.
    expect(await remindSurveys(t.db, mailer, BASE, new Date(later.getTime() + 3600_000))).toBe(0);
    expect(mailsTo(waiting!.email)).toHaveLength(2);
    // Only the reminder link's hash is kept; both links work, and count once between them.
    const fresh = tokenIn(reminder);
    const first = tokenIn(reminders[0]!);
    expect(fresh).not.toBe(first);
    const rows = await t.db.select().from(surveyInvitations).where(eq(surveyInvitations.surveyId, survey.id));
    expect(JSON.stringify(rows)).not.toContain(fresh);
    expect(rows.filter((r) => r.remindedAt !== null)).toHaveLength(1);
    expect((await t.call(null, 'GET', `/api/v1/public/surveys/${fresh}`)).statusCode).toBe(200);
    expect((await answer(fresh)).statusCode).toBe(200);
    expect((await answer(first)).statusCode).toBe(409);
  });

  it('never remind for a closed or an expired survey', async () => {
    const closing = await sent(['Elin Price'], day(2));
    const closed = await sent(['Ffion Hart'], day(2));
    const close = await t.call(manager, 'POST', `/api/v1/surveys/${closed.survey.id}/close`);
    expect(close.statusCode, close.body).toBeLessThan(300);
    // After its closing day: nothing, however long it went unanswered.
    expect(await remindSurveys(t.db, mailer, BASE, new Date(Date.now() + 4 * DAY))).toBe(0);
    expect(mailsTo(closed.contacts[0]!.email)).toHaveLength(1);
    expect(mailsTo(closing.contacts[0]!.email)).toHaveLength(1);
    // While it is open, the survey still taking answers is reminded; the closed one is not.
    expect(await remindSurveys(t.db, mailer, BASE, new Date(Date.now() + 1.5 * DAY))).toBe(1);
    expect(mailsTo(closing.contacts[0]!.email)).toHaveLength(2);
    expect(mailsTo(closed.contacts[0]!.email)).toHaveLength(1);
  });
});
