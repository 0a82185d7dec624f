import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import ICAL from 'ical.js';
import type { ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activities, activityInvitations, activityOutbox } from '../../db/schema/activities.ts';
import { partnerTypes } from '../../db/schema/partner-types.ts';
import { JOB } from '../../jobs/names.ts';
import { type Agent, createTestApp, type TestApp } from '../../test/app.ts';
import { buildAffiliation, buildContact, buildPartner, buildUnit } from '../../test/factories/index.ts';
import { startTestSmtp } from '../../test/smtp.ts';

type Contact = Awaited<ReturnType<typeof buildContact>>;

let t: TestApp;
let smtp: Awaited<ReturnType<typeof startTestSmtp>>;
let organiser: Agent;
let outsider: Agent;

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
  organiser = await t.signIn('staff', { unitId: (await buildUnit(t.db, { name: 'Careers Service' })).id });
  outsider = await t.signIn('staff');
});
afterAll(async () => {
  await t.close();
  await smtp.close();
});

/** Waits for the e-mail the writes so far queued: by then the SMTP server holds every message. */
const settle = async () => {
  await t.app.jobs.trigger(JOB.deliverActivityMail);
  await t.app.jobs.drain();
};
const mailsTo = (address: string): ParsedMail[] =>
  smtp.received.filter((m) => (Array.isArray(m.to) ? m.to : [m.to]).some((to) => to?.text.includes(address)));
const linkIn = (mail: ParsedMail) =>
  /https:\/\/rapport\.northmoor\.ac\.uk\/invitations\/([A-Za-z0-9_-]+)/.exec(mail.text ?? '')!;

/** A partner type of its own, with partners and affiliated contacts, so the audience is exactly these. */
async function audienceOf(size: number, tag = randomUUID().slice(0, 6)) {
  const [type] = await t.db
    .insert(partnerTypes)
    .values({ name: `Type ${tag}` })
    .returning();
  const partner = await buildPartner(t.db, { typeId: type!.id, name: `Kestrel ${tag}` });
  const contacts = [];
  for (let i = 0; i < size; i++) {
    const contact = await buildContact(t.db, {
      name: `Person ${tag} ${i}`,
      emails: [`p${i}-${tag}@kestrel.example`],
    });
    await buildAffiliation(t.db, { contactId: contact.id, partnerId: partner.id });
    contacts.push(contact);
  }
  return { typeId: type!.id, partnerId: partner.id, contacts };
}

const createActivity = async (body: Record<string, unknown> = {}) => {
  const response = await t.call(organiser, 'POST', '/api/v1/activities', {
    kind: 'seminar',
    title: `Employer seminar ${randomUUID().slice(0, 6)}`,
    start: '2027-12-08T14:00',
    end: '2027-12-08T16:00',
    location: 'Room 2.14, Hub building',
    ...body,
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
};

const respond = (token: string, action: 'register' | 'decline' | 'cancel') =>
  t.call(null, 'POST', `/api/v1/public/invitations/${token}/${action}`);

describe('invitations and registration', () => {
  it('e-mails each contact of a partner type an invitation with an iCalendar file and a private link', async () => {
    const group = await audienceOf(2);
    const activity = await createActivity({ capacity: 30 });
    const invited = await t.call(organiser, 'POST', `/api/v1/activities/${activity.id}/invitations`, {
      partnerTypeIds: [group.typeId],
    });
    expect(invited.statusCode, invited.body).toBe(200);
    expect(invited.json()).toEqual({
      invited: 2,
      alreadyInvited: 0,
      noConsent: 0,
      noEmail: 0,
    });
    await settle();

    const [mail] = mailsTo(group.contacts[0]!.emails[0]!);
    expect(mail!.subject).toBe(`Invitation: ${activity.title}`);
    expect(mail!.from?.text).toContain('rapport@northmoor.ac.uk');
    expect(mail!.text).toContain('Wed 8 Dec 2027, 14:00–16:00 (Europe/London)');
    const link = linkIn(mail!);
    expect(link[1]!.length).toBeGreaterThanOrEqual(40);

    // The attachment, read by an independent parser: the event in its zone, with the link.
    const attachment = mail!.attachments.find((a) => a.contentType.startsWith('text/calendar'))!;
    expect(attachment.filename).toBe('invitation.ics');
    const calendar = new ICAL.Component(ICAL.parse(attachment.content.toString('utf8')));
    const zone = calendar.getFirstSubcomponent('vtimezone')!;
    expect(zone.getFirstPropertyValue('tzid')).toBe('Europe/London');
    const event = calendar.getFirstSubcomponent('vevent')!;
    const start = event.getFirstProperty('dtstart')!;
    expect(start.getParameter('tzid')).toBe('Europe/London');
    expect(start.getFirstValue()!.toString()).toBe('2027-12-08T14:00:00');
    expect(event.getFirstPropertyValue('summary')).toBe(activity.title);
    expect(String(event.getFirstPropertyValue('url'))).toBe(link[0]);
    expect(String(event.getFirstPropertyValue('description'))).toContain(link[0]);

    // Only the link's hash is kept; the token left the outbox once the message was sent.
    const rows = await t.db
      .select()
      .from(activityInvitations)
      .where(eq(activityInvitations.activityId, activity.id));
    expect(rows.map((r) => r.tokenHash)).not.toContain(link[1]);
    expect(rows.every((r) => r.emailedAt !== null)).toBe(true);
    const outbox = await t.db.select().from(activityOutbox).where(sql`${activityOutbox.token} is not null`);
    expect(outbox.map((o) => o.token)).not.toContain(link[1]);

    // Inviting again sends nobody a second invitation.
    const again = await t.call(organiser, 'POST', `/api/v1/activities/${activity.id}/invitations`, {
      partnerIds: [group.partnerId],
    });
    expect(again.json()).toMatchObject({ invited: 0, alreadyInvited: 2 });
    await settle();
    expect(mailsTo(group.contacts[0]!.emails[0]!)).toHaveLength(1);

    // The page by link needs no account; the invitation list shows who was sent what.
    const page = await t.call(null, 'GET', `/api/v1/public/invitations/${link[1]}`);
    expect(page.statusCode).toBe(200);
    expect(page.json()).toMatchObject({
      contactName: group.contacts[0]!.name,
      status: 'invited',
      activity: {
        title: activity.title,
        localStart: '2027-12-08T14:00',
        unitName: 'Careers Service',
        placesLeft: 30,
      },
    });
    const list = (await t.call(organiser, 'GET', `/api/v1/activities/${activity.id}/invitations`)).json();
    expect(list.items).toHaveLength(2);
    expect(list.items[0]).toMatchObject({ status: 'invited', emailedAt: expect.any(String) });
  });

  it('sends nothing to a contact without consent for events and invitations (personal data)', async () => {
    const group = await audienceOf(3);
    const [withdrew, gave, unasked] = group.contacts as [Contact, Contact, Contact];
    const decide = async (contactId: string, decision: 'given' | 'withdrawn') => {
      const response = await t.call(organiser, 'POST', `/api/v1/contacts/${contactId}/consents`, {
        purpose: 'events',
        decision,
        lawfulBasis: 'consent',
        source: 'email',
        recordedOn: new Date().toISOString().slice(0, 10),
      });
      expect(response.statusCode, response.body).toBe(201);
    };
    await decide(withdrew.id, 'given');
    await decide(withdrew.id, 'withdrawn');
    await decide(gave.id, 'given');
    const first = await createActivity();
    const invited = await t.call(organiser, 'POST', `/api/v1/activities/${first.id}/invitations`, {
      partnerIds: [group.partnerId],
    });
    // Events rest on legitimate interests: the person never asked is invited, the one who withdrew is not.
    expect(invited.json()).toEqual({
      invited: 2,
      alreadyInvited: 0,
      noConsent: 1,
      noEmail: 0,
    });
    await settle();
    expect(mailsTo(withdrew.emails[0]!)).toHaveLength(0);
    expect(mailsTo(gave.emails[0]!)).toHaveLength(1);
    expect(mailsTo(unasked.emails[0]!)).toHaveLength(1);

    // Once the university decides events need consent, only the person who gave it is invited.
    const admin = await t.signIn('administrator');
    const purpose = (await t.call(admin, 'GET', '/api/v1/personal-data/purposes'))
      .json()
      .items.find((p: { key: string }) => p.key === 'events');
    const put = (lawfulBasis: string, version: number) =>
      t.call(
        admin,
        'PUT',
        '/api/v1/personal-data/purposes/events',
        { name: purpose.name, lawfulBasis },
        {
          'if-match': `"v${version}"`,
        },
      );
    const changed = await put('consent', purpose.version);
    expect(changed.statusCode, changed.body).toBe(200);
    try {
      const second = await createActivity();
      const again = await t.call(organiser, 'POST', `/api/v1/activities/${second.id}/invitations`, {
        partnerIds: [group.partnerId],
      });
      expect(again.json()).toMatchObject({ invited: 1, noConsent: 2 });
      await settle();
      expect(mailsTo(unasked.emails[0]!)).toHaveLength(1);
      expect(mailsTo(withdrew.emails[0]!)).toHaveLength(0);
      expect(mailsTo(gave.emails[0]!)).toHaveLength(2);
    } finally {
      expect((await put(purpose.lawfulBasis, changed.json().version)).statusCode).toBe(200);
    }
  });

  it('registers, declines and cancels by link; a waiting list moves up in order, and each promotion is e-mailed', async () => {
    const group = await audienceOf(4);
    const activity = await createActivity({ capacity: 2 });
    await t.call(organiser, 'POST', `/api/v1/activities/${activity.id}/invitations`, {
      partnerIds: [group.partnerId],
    });
    await settle();
    const tokens = group.contacts.map((c) => linkIn(mailsTo(c.emails[0]!)[0]!)[1]!);

    expect((await respond(tokens[0]!, 'register')).json()).toMatchObject({ status: 'registered' });
    expect((await respond(tokens[1]!, 'register')).json()).toMatchObject({ status: 'registered' });
    // Full: the next two wait, in the order they asked.
    expect((await respond(tokens[2]!, 'register')).json()).toMatchObject({
      status: 'waiting',
      waitingPosition: 1,
    });
    expect((await respond(tokens[3]!, 'register')).json()).toMatchObject({
      status: 'waiting',
      waitingPosition: 2,
    });

    // Registering twice is refused and changes nothing.
    const twice = await respond(tokens[0]!, 'register');
    expect(twice.statusCode).toBe(409);
    expect(twice.json().detail).toBe('You are already registered');

    // A registered person cancels: the first on the waiting list gets the place and an e-mail.
    expect((await respond(tokens[0]!, 'cancel')).json()).toMatchObject({ status: 'cancelled' });
    await settle();
    const promoted = mailsTo(group.contacts[2]!.emails[0]!);
    expect(promoted.map((m) => m.subject)).toEqual([
      `Invitation: ${activity.title}`,
      `A place for you: ${activity.title}`,
    ]);
    expect((await t.call(null, 'GET', `/api/v1/public/invitations/${tokens[3]}`)).json()).toMatchObject({
      status: 'waiting',
      waitingPosition: 1,
    });
    // Declining a held place offers it on too.
    expect((await respond(tokens[1]!, 'decline')).json()).toMatchObject({ status: 'declined' });
    await settle();
    expect(mailsTo(group.contacts[3]!.emails[0]!).at(-1)!.subject).toBe(`A place for you: ${activity.title}`);

    const list = (await t.call(organiser, 'GET', `/api/v1/activities/${activity.id}/invitations`)).json();
    const byContact = Object.fromEntries(
      list.items.map((i: { contactId: string; status: string }) => [i.contactId, i.status]),
    );
    expect(group.contacts.map((c) => byContact[c.id])).toEqual([
      'cancelled',
      'declined',
      'registered',
      'registered',
    ]);
    const counted = (await t.call(organiser, 'GET', `/api/v1/activities/${activity.id}`)).json();
    expect(counted.counts).toMatchObject({ registered: 2, waiting: 0, declined: 1, invited: 4 });
    // Nothing to cancel any more, and an unknown link is not found.
    expect((await respond(tokens[0]!, 'cancel')).statusCode).toBe(409);
    expect((await respond('x'.repeat(43), 'register')).statusCode).toBe(404);
  });

  it('lets staff register a contact on their behalf, once', async () => {
    const contact = await buildContact(t.db, { name: 'Walk-up Person' });
    const activity = await createActivity({ capacity: 1 });
    const first = await t.call(organiser, 'POST', `/api/v1/activities/${activity.id}/registrations`, {
      contactId: contact.id,
    });
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toMatchObject({
      contactName: 'Walk-up Person',
      status: 'registered',
      invitedAt: null,
    });
    expect(first.json().registeredByName).toBeTruthy();
    const again = await t.call(organiser, 'POST', `/api/v1/activities/${activity.id}/registrations`, {
      contactId: contact.id,
    });
    expect(again.statusCode).toBe(409);
    // Staff of another unit cannot register people for it; a missing contact is named.
    expect(
      (
        await t.call(outsider, 'POST', `/api/v1/activities/${activity.id}/registrations`, {
          contactId: contact.id,
        })
      ).statusCode,
    ).toBe(403);
    const missing = await t.call(organiser, 'POST', `/api/v1/activities/${activity.id}/registrations`, {
      contactId: randomUUID(),
    });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().errors[0].field).toBe('contactId');
  });

  it('refuses a capacity below the registrations, with the count, and changes nothing', async () => {
    const group = await audienceOf(3);
    const activity = await createActivity({ capacity: 5 });
    for (const c of group.contacts)
      await t.call(organiser, 'POST', `/api/v1/activities/${activity.id}/registrations`, { contactId: c.id });
    const lowered = await t.call(
      organiser,
      'PATCH',
      `/api/v1/activities/${activity.id}`,
      { capacity: 2 },
      { 'if-match': `"v${activity.version}"` },
    );
    expect(lowered.statusCode).toBe(400);
    expect(lowered.json().errors).toEqual([
      { field: 'capacity', message: 'cannot be lower than the 3 people already registered' },
    ]);
    const [row] = await t.db.select().from(activities).where(eq(activities.id, activity.id));
    expect(row).toMatchObject({ capacity: 5, version: activity.version });
  });

  it('refuses registration once the activity has started, and an expired link once it is over', async () => {
    const group = await audienceOf(2);
    const activity = await createActivity();
    await t.call(organiser, 'POST', `/api/v1/activities/${activity.id}/invitations`, {
      partnerIds: [group.partnerId],
    });
    await settle();
    const [a, b] = group.contacts.map((c) => linkIn(mailsTo(c.emails[0]!)[0]!)[1]!);
    // Under way: started an hour ago, ends in an hour.
    await t.db
      .update(activities)
      .set({ startsAt: sql`now() - interval '1 hour'`, endsAt: sql`now() + interval '1 hour'` })
      .where(eq(activities.id, activity.id));
    const late = await respond(a!, 'register');
    expect(late.statusCode).toBe(409);
    expect(late.json().detail).toBe('The activity has started: you can no longer register');
    // Over: the link has expired.
    await t.db
      .update(activities)
      .set({ startsAt: sql`now() - interval '3 hours'`, endsAt: sql`now() - interval '1 hour'` })
      .where(eq(activities.id, activity.id));
    const expired = await t.call(null, 'GET', `/api/v1/public/invitations/${b}`);
    expect(expired.statusCode).toBe(410);
    expect(expired.json().detail).toBe('This link has expired: the activity is over');
    expect((await respond(b!, 'register')).statusCode).toBe(410);
    const rows = await t.db
      .select()
      .from(activityInvitations)
      .where(eq(activityInvitations.activityId, activity.id));
    expect(rows.map((r) => r.status)).toEqual(['invited', 'invited']);
    // Nor can anyone be invited any more.
    const invite = await t.call(organiser, 'POST', `/api/v1/activities/${activity.id}/invitations`, {
      partnerIds: [group.partnerId],
    });
    expect(invite.statusCode).toBe(409);
  });

  it('never exceeds the capacity: 50 registrations at once for 20 places → 20 registered, 30 waiting', async () => {
    const group = await audienceOf(50);
    const activity = await createActivity({ capacity: 20 });
    await t.call(organiser, 'POST', `/api/v1/activities/${activity.id}/invitations`, {
      partnerIds: [group.partnerId],
    });
    await settle();
    const tokens = group.contacts.map((c) => linkIn(mailsTo(c.emails[0]!)[0]!)[1]!);
    // Each link fired twice at once as well: nobody registers twice.
    const answers = await Promise.all(
      [...tokens, ...tokens.slice(0, 10)].map((token) => respond(token, 'register')),
    );
    expect(answers.filter((r) => r.statusCode === 200)).toHaveLength(50);
    expect(answers.filter((r) => r.statusCode === 409)).toHaveLength(10);
    const rows = await t.db
      .select()
      .from(activityInvitations)
      .where(eq(activityInvitations.activityId, activity.id));
    expect(rows.filter((r) => r.status === 'registered')).toHaveLength(20);
    expect(rows.filter((r) => r.status === 'waiting')).toHaveLength(30);
    expect(new Set(rows.map((r) => r.contactId)).size).toBe(50);
    // The waiting list is in order, 1 to 30.
    const list = (await t.call(organiser, 'GET', `/api/v1/activities/${activity.id}/invitations`)).json();
    const positions = list.items.flatMap((i: { waitingPosition: number | null }) =>
      i.waitingPosition ? [i.waitingPosition] : [],
    );
    expect(positions.sort((x: number, y: number) => x - y)).toEqual(
      Array.from({ length: 30 }, (_, i) => i + 1),
    );
    // Fifty contacts, fifty e-mails and sixty registrations: more than the default 30 s on a busy machine.
  }, 120_000);
});

describe('the feedback e-mail after the activity', () => {
  it('sends the short form by the private link once, to those who came, honouring consent', async () => {
    const group = await audienceOf(3);
    const activity = await createActivity({ title: `Careers fair ${randomUUID().slice(0, 6)}` });
    const invited = await t.call(organiser, 'POST', `/api/v1/activities/${activity.id}/invitations`, {
      partnerTypeIds: [group.typeId],
    });
    expect(invited.json().invited).toBe(3);
    await settle();
    const [came, missed, withdrew] = group.contacts.map((c) => c.emails[0]!);
    const invitationTokens = [came, missed, withdrew].map((to) => linkIn(mailsTo(to!)[0]!)[1]!);
    for (const token of invitationTokens) expect((await respond(token, 'register')).statusCode).toBe(200);
    // The fair is over; one was recorded as not coming; one has withdrawn consent to event e-mail since.
    await t.db
      .update(activities)
      .set({ startsAt: sql`now() - interval '3 hours'`, endsAt: sql`now() - interval '1 hour'` })
      .where(eq(activities.id, activity.id));
    await t.db.execute(
      sql`insert into activity_attendance (id, activity_id, occurrence_starts_at, contact_id, status, recorded_by_id)
          select gen_random_uuid(), ${activity.id}, starts_at, ${group.contacts[1]!.id}, 'no_show', ${organiser.user.id}
          from activities where id = ${activity.id}`,
    );
    const withdrawn = await t.call(organiser, 'POST', `/api/v1/contacts/${group.contacts[2]!.id}/consents`, {
      purpose: 'events',
      decision: 'withdrawn',
      lawfulBasis: 'consent',
      source: 'email',
      recordedOn: new Date().toISOString().slice(0, 10),
      evidence: 'Asked by e-mail to hear no more about events',
    });
    expect(withdrawn.statusCode, withdrawn.body).toBe(201);

    const askForFeedback = async () => {
      await t.app.jobs.trigger(JOB.requestActivityFeedback);
      await t.app.jobs.drain();
      await settle();
    };
    await askForFeedback();
    const asked = (to: string) => mailsTo(to).filter((m) => m.subject?.startsWith('How was it?'));
    const [mail, ...more] = asked(came!);
    expect(more).toEqual([]);
    expect(mail!.subject).toBe(`How was it? ${activity.title}`);
    expect(mail!.text).toContain('what was useful, and what we should change');
    expect(asked(missed!)).toEqual([]);
    expect(asked(withdrew!)).toEqual([]);
    // The link opens the same private page, where the form is open; the token is kept only hashed.
    const token = linkIn(mail!)[1]!;
    expect(token).not.toBe(invitationTokens[0]);
    const page = await t.call(null, 'GET', `/api/v1/public/invitations/${token}`);
    expect(page.statusCode, page.body).toBe(200);
    expect(page.json().feedback).toMatchObject({ open: true, given: false });
    const stored = await t.db.select().from(activityOutbox).where(eq(activityOutbox.kind, 'feedback'));
    expect(stored.every((m) => m.token === null)).toBe(true);
    const given = await t.call(null, 'POST', `/api/v1/public/invitations/${token}/feedback`, {
      rating: 5,
      useful: 'Meeting three employers in an hour',
    });
    expect(given.statusCode, given.body).toBeLessThan(300);
    expect(given.json().feedback.given).toBe(true);
    // Each place is asked once, whoever was left out.
    await askForFeedback();
    expect(asked(came!)).toHaveLength(1);
    expect(asked(missed!)).toEqual([]);
    expect(asked(withdrew!)).toEqual([]);
  });
});
