import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
import { startTestSmtp } from '../../test/smtp.ts';
import { createMailer } from '../notifications/mailer.ts';
import { sendDigests } from '../notifications/notifications.service.ts';

let t: TestApp;
let smtp: Awaited<ReturnType<typeof startTestSmtp>>;
let careers: string;
let research: string;
let careersManager: Agent;
let researchManager: Agent;
let researchStaff: Agent;
let elsewhereManager: Agent;
let alumniSenior: Agent;
let partner: string;

beforeAll(async () => {
  smtp = await startTestSmtp();
  t = await createTestApp(
    {
      SMTP_URL: smtp.url,
      SMTP_FROM: 'Rapport <rapport@northmoor.ac.uk>',
      RAPPORT_PUBLIC_URL: 'https://rapport.northmoor.ac.uk',
    },
    { jobs: { work: true, queue: 'in-process' } },
  );
  careers = (await buildUnit(t.db, { name: 'Careers and Employability' })).id;
  research = (await buildUnit(t.db, { name: 'Research Office' })).id;
  careersManager = await t.signIn('relationship_manager', {
    unitId: careers,
    email: 'priya.careers@northmoor.ac.uk',
  });
  researchManager = await t.signIn('relationship_manager', { unitId: research });
  researchStaff = await t.signIn('staff', { unitId: research });
  elsewhereManager = await t.signIn('relationship_manager', { email: 'owen.elsewhere@northmoor.ac.uk' });
  const alumni = (await buildUnit(t.db, { name: 'Alumni Relations' })).id;
  alumniSenior = await t.signIn('senior_manager', { unitId: alumni });
  partner = (await buildPartner(t.db, { name: 'Harrow Robotics' })).id;
  await buildRelationship(t.db, { unitId: alumni, partnerId: partner, managerId: alumniSenior.user.id });
  const other = (await buildPartner(t.db, { name: 'Ilkley Dairies' })).id;
  await buildRelationship(t.db, { unitId: careers, partnerId: partner, managerId: careersManager.user.id });
  await buildRelationship(t.db, { unitId: research, partnerId: partner, managerId: researchManager.user.id });
  await buildRelationship(t.db, {
    unitId: elsewhereManager.user.unitId!,
    partnerId: other,
    managerId: elsewhereManager.user.id,
  });
});
afterAll(async () => {
  await t.close();
  await smtp.close();
});

const settle = async () => {
  await t.app.jobs.trigger(JOB.deliverEvents);
  await t.app.jobs.drain();
};
const noticesOf = (agent: Agent, kind: 'partner_activity' | 'partner_concern') =>
  t.db
    .select()
    .from(notifications)
    .where(and(eq(notifications.userId, agent.user.id), eq(notifications.kind, kind)));
const mailsTo = (address: string) =>
  smtp.received.filter((m) => (Array.isArray(m.to) ? m.to : [m.to]).some((to) => to?.text.includes(address)));

describe('who else is talking to my partner', () => {
  it("tells the managers of the partner's relationships in other units, in the app and the digest, not the others", async () => {
    const tp = await t.call(researchStaff, 'POST', '/api/v1/touchpoints', {
      partnerId: partner,
      kind: 'meeting',
      subject: 'Robotics KTP scoping',
    });
    expect(tp.statusCode).toBe(201);
    await settle();
    const told = await noticesOf(careersManager, 'partner_activity');
    expect(told).toEqual([
      expect.objectContaining({
        title: 'Research Office logged a meeting with Harrow Robotics: Robotics KTP scoping',
        inApp: true,
        byEmail: false,
        inDigest: true,
      }),
    ]);
    expect(await noticesOf(researchManager, 'partner_activity')).toEqual([]);
    expect(await noticesOf(elsewhereManager, 'partner_activity')).toEqual([]);
    expect(mailsTo('priya.careers@northmoor.ac.uk')).toEqual([]);

    const inApp = (await t.call(careersManager, 'GET', '/api/v1/me/notifications')).json();
    expect(inApp.items.map((n: { kind: string }) => n.kind)).toContain('partner_activity');
    const mailer = createMailer({ url: smtp.url, from: 'Rapport <rapport@northmoor.ac.uk>' })!;
    await sendDigests(t.db, mailer, 'https://rapport.northmoor.ac.uk');
    mailer.close();
    const digest = mailsTo('priya.careers@northmoor.ac.uk').find((m) => m.subject?.includes('daily digest'));
    expect(digest?.text).toContain('Research Office logged a meeting with Harrow Robotics');
    expect(mailsTo('owen.elsewhere@northmoor.ac.uk')).toEqual([]);
  });

  it('never gives notice of a confidential touch point, or of one kept to its unit', async () => {
    for (const visibility of ['confidential', 'unit'] as const) {
      const tp = await t.call(researchStaff, 'POST', '/api/v1/touchpoints', {
        partnerId: partner,
        kind: 'call',
        subject: `Redundancies at the partner (${visibility})`,
        visibility,
        readerIds: visibility === 'confidential' ? [careersManager.user.id] : [],
      });
      expect(tp.statusCode).toBe(201);
    }
    await settle();
    // A senior manager of another unit reads no unit's records but their own unit's (and below).
    for (const manager of [careersManager, alumniSenior]) {
      const titles = (await noticesOf(manager, 'partner_activity')).map((n) => n.title);
      expect(titles.some((title) => title.includes('Redundancies'))).toBe(false);
      expect(titles.some((title) => title.includes('Robotics KTP scoping'))).toBe(true);
    }
  });

  it('tells them at once, by e-mail too, of a complaint, and lists it first when logging or raising', async () => {
    const complaint = await t.call(researchStaff, 'POST', '/api/v1/requests', {
      partnerId: partner,
      kind: 'complaint',
      title: 'Invoice sent twice',
    });
    expect(complaint.statusCode).toBe(201);
    const enquiry = await t.call(researchStaff, 'POST', '/api/v1/requests', {
      partnerId: partner,
      kind: 'enquiry',
      title: 'Lab access for interns',
    });
    expect(enquiry.statusCode).toBe(201);
    const secret = await t.call(researchStaff, 'POST', '/api/v1/requests', {
      partnerId: partner,
      kind: 'concern',
      title: 'Worried about the director',
      visibility: 'confidential',
    });
    expect(secret.statusCode).toBe(201);
    await settle();
    const urgent = await noticesOf(careersManager, 'partner_concern');
    expect(urgent).toEqual([
      expect.objectContaining({
        title: `Research Office raised a complaint with Harrow Robotics: #${complaint.json().reference} Invoice sent twice`,
        byEmail: true,
      }),
    ]);
    expect((await noticesOf(careersManager, 'partner_activity')).map((n) => n.title)).toContain(
      `Research Office raised an enquiry with Harrow Robotics: #${enquiry.json().reference} Lab access for interns`,
    );
    expect(await noticesOf(elsewhereManager, 'partner_concern')).toEqual([]);
    expect(
      mailsTo('priya.careers@northmoor.ac.uk').some((m) => m.subject?.includes('Invoice sent twice')),
    ).toBe(true);

    const open = (await t.call(careersManager, 'GET', `/api/v1/partners/${partner}/open-concerns`)).json();
    expect(open.items.map((r: { title: string }) => r.title)).toEqual(['Invoice sent twice']);
    const forResearch = (
      await t.call(researchStaff, 'GET', `/api/v1/partners/${partner}/open-concerns`)
    ).json();
    expect(forResearch.items.map((r: { title: string }) => r.title)).toEqual([
      'Worried about the director',
      'Invoice sent twice',
    ]);
  });

  it('tells them when another unit invites their partner’s people to an activity', async () => {
    const contact = await buildContact(t.db, { name: 'Jo Harrow', emails: ['jo@harrow.example'] });
    await buildAffiliation(t.db, { contactId: contact.id, partnerId: partner });
    const activity = await t.call(researchStaff, 'POST', '/api/v1/activities', {
      kind: 'seminar',
      title: 'Robotics open lab',
      start: '2027-12-08T14:00',
      end: '2027-12-08T16:00',
      location: 'Room 2.14',
    });
    expect(activity.statusCode, activity.body).toBe(201);
    const invited = await t.call(
      researchStaff,
      'POST',
      `/api/v1/activities/${activity.json().id}/invitations`,
      {
        partnerIds: [partner],
      },
    );
    expect(invited.json()).toMatchObject({ invited: 1 });
    await settle();
    expect((await noticesOf(careersManager, 'partner_activity')).map((n) => n.title)).toContain(
      'Research Office invited Harrow Robotics to Robotics open lab',
    );
    expect((await noticesOf(researchManager, 'partner_activity')).map((n) => n.title)).not.toContain(
      'Research Office invited Harrow Robotics to Robotics open lab',
    );
  });
});
