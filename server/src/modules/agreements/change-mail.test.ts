import { eq } from 'drizzle-orm';
import { DateTime } from 'luxon';
import type { ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agreementChanges } from '../../db/schema/agreements.ts';
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
  // Jobs run in this process, so the e-mail goes out through SMTP as it would in production.
  t = await createTestApp(
    {
      SMTP_URL: smtp.url,
      SMTP_FROM: 'Rapport <rapport@northmoor.ac.uk>',
      RAPPORT_PUBLIC_URL: 'https://rapport.northmoor.ac.uk',
    },
    { jobs: { work: true, queue: 'in-process' } },
  );
  unitId = (await buildUnit(t.db, { name: 'Knowledge Exchange' })).id;
  manager = await t.signIn('relationship_manager', { unitId });
});
afterAll(async () => {
  await t.close();
  await smtp.close();
});

const today = DateTime.now().setZone('Europe/London').startOf('day');
const day = (offset: number) => today.plus({ days: offset }).toISODate()!;

const settle = async () => {
  await t.app.jobs.trigger(JOB.deliverEvents);
  await t.app.jobs.drain();
  await t.app.jobs.trigger(JOB.deliverAgreementChangeMail);
  await t.app.jobs.drain();
};
const mailsTo = (address: string): ParsedMail[] =>
  smtp.received.filter((m) => (Array.isArray(m.to) ? m.to : [m.to]).some((to) => to?.text.includes(address)));

/**
 * An agreement in force on a new partner: its signatory named (`signatory`), or none and the
 * partner's key contact to tell instead.
 */
async function inForce(name: string, address: string, signatory = true) {
  const partner = await buildPartner(t.db, { name });
  const relationship = await buildRelationship(t.db, {
    unitId,
    partnerId: partner.id,
    managerId: manager.user.id,
  });
  const contact = await buildContact(t.db, { name: `Director of ${name}`, emails: [address] });
  await buildAffiliation(t.db, { contactId: contact.id, partnerId: partner.id, isKeyContact: true });
  const other = await buildContact(t.db, { name: `Officer of ${name}`, emails: [`officer.${address}`] });
  await buildAffiliation(t.db, { contactId: other.id, partnerId: partner.id, isKeyContact: false });
  const created = await t.call(manager, 'POST', '/api/v1/agreements', {
    relationshipId: relationship.id,
    kind: 'ktp_agreement',
    title: 'Knowledge transfer partnership',
    partnerCommitments: 'Host one associate',
    startDate: day(-100),
    endDate: day(300),
    partnerContactId: signatory ? contact.id : null,
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
  return { id: created.json().id as string, contact: contact.id };
}

async function change(agreementId: string, decision: 'approved' | 'declined', withPartner: boolean) {
  const proposed = await t.call(manager, 'POST', `/api/v1/agreements/${agreementId}/changes`, {
    reason: 'A second associate from January',
    terms: { partnerCommitments: 'Host two associates', endDate: day(400) },
  });
  expect(proposed.statusCode, proposed.body).toBe(201);
  const id = proposed.json().id as string;
  const decide = (side: string, d: string) =>
    t.call(manager, 'POST', `/api/v1/agreement-changes/${id}/decisions`, {
      side,
      decision: d,
      ...(d === 'declined' ? { note: 'Not in this year’s budget' } : {}),
    });
  const university = await decide('university', decision);
  expect(university.statusCode, university.body).toBe(200);
  if (withPartner && decision === 'approved') {
    const partner = await decide('partner', 'approved');
    expect(partner.statusCode, partner.body).toBe(200);
    expect(partner.json().status).toBe('approved');
  }
  return id;
}

describe("telling the partner's contact of an approved change", () => {
  it('e-mails the signatory once, with the change field by field and its reason', async () => {
    const a = await inForce('Ouseburn Robotics', 'director@ouseburn.example');
    const changeId = await change(a.id, 'approved', true);
    await settle();
    await settle();
    const [told] = await t.db
      .select({ notice: agreementChanges.partnerNotice, at: agreementChanges.partnerNoticeAt })
      .from(agreementChanges)
      .where(eq(agreementChanges.id, changeId));
    expect(told!.notice).toBe('sent');
    expect(told!.at).not.toBeNull();
    const mails = mailsTo('director@ouseburn.example');
    expect(mails.map((m) => m.subject)).toEqual([
      'Knowledge Exchange: a change to "Knowledge transfer partnership" is now in force',
    ]);
    expect(mails[0]!.text).toContain('The partner commits to: Host one associate → Host two associates');
    expect(mails[0]!.text).toContain(`End date: ${day(300)} → ${day(400)}`);
    expect(mails[0]!.text).toContain('Why: A second associate from January');
    expect(mailsTo('officer.director@ouseburn.example')).toEqual([]);
  });

  it("tells the partner's key contact when the agreement names no signatory", async () => {
    const a = await inForce('Pelaw Instruments', 'head@pelaw.example', false);
    await change(a.id, 'approved', false);
    await settle();
    expect(mailsTo('head@pelaw.example').map((m) => m.subject)).toEqual([
      'Knowledge Exchange: a change to "Knowledge transfer partnership" is now in force',
    ]);
    expect(mailsTo('officer.head@pelaw.example')).toEqual([]);
  });

  it('tells nobody of a declined change, nor a contact who withdrew consent for the arrangement', async () => {
    const declined = await inForce('Quayside Printers', 'md@quayside.example');
    await change(declined.id, 'declined', true);
    const refused = await inForce('Ryton Chemicals', 'ceo@ryton.example');
    await t.db.insert(consents).values({
      contactId: refused.contact,
      purpose: 'arrangements',
      decision: 'withdrawn',
      lawfulBasis: 'contract',
      source: 'email',
      recordedOn: '2026-11-01',
    });
    await change(refused.id, 'approved', true);
    await settle();
    expect(mailsTo('md@quayside.example')).toEqual([]);
    expect(mailsTo('ceo@ryton.example')).toEqual([]);
  });
});
