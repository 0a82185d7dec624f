import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notifications } from '../../db/schema/notifications.ts';
import { requests } from '../../db/schema/requests.ts';
import { JOB } from '../../jobs/names.ts';
import { type Agent, createTestApp, type TestApp } from '../../test/app.ts';
import { buildPartner, buildUnit } from '../../test/factories/index.ts';
import { startTestSmtp } from '../../test/smtp.ts';
import { checkTargets } from '../requests/targets.job.ts';
import { createMailer } from './mailer.ts';
import { deliverPendingEmails, sendDigests } from './notifications.service.ts';

let t: TestApp;
let smtp: Awaited<ReturnType<typeof startTestSmtp>>;
let raiser: Agent;
let owner: Agent;
let partner: string;

beforeAll(async () => {
  smtp = await startTestSmtp();
  // Jobs run in this process, so e-mail goes out as it would in production.
  t = await createTestApp(
    {
      SMTP_URL: smtp.url,
      SMTP_FROM: 'Rapport <rapport@northmoor.ac.uk>',
      RAPPORT_PUBLIC_URL: 'https://rapport.northmoor.ac.uk',
    },
    { jobs: { work: true, queue: 'in-process' } },
  );
  const unit = (await buildUnit(t.db)).id;
  raiser = await t.signIn('staff', { unitId: unit });
  owner = await t.signIn('staff', { unitId: unit, email: 'ada.owner@northmoor.ac.uk' });
  partner = (await buildPartner(t.db, { name: 'Kestrel Foods' })).id;
});
afterAll(async () => {
  await t.close();
  await smtp.close();
});

/**
 * Waits for the side effects of the writes so far: asks for event delivery (a write's own ask
 * may come a moment after its response), then drains the queue, which also waits for the e-mail
 * job that delivering notices triggers. By then the SMTP server has accepted every e-mail sent.
 */
const settle = async () => {
  await t.app.jobs.trigger(JOB.deliverEvents);
  await t.app.jobs.drain();
};
const mailsTo = (address: string) =>
  smtp.received.filter((m) => (Array.isArray(m.to) ? m.to : [m.to]).some((to) => to?.text.includes(address)));

describe('notifications', () => {
  it('tells the owner in the app and by e-mail through SMTP when a request is assigned', async () => {
    const r = (
      await t.call(raiser, 'POST', '/api/v1/requests', {
        partnerId: partner,
        kind: 'incident',
        title: 'Delivery bay blocked',
        ownerId: owner.user.id,
      })
    ).json();
    await settle();
    const mine = (await t.call(owner, 'GET', '/api/v1/me/notifications')).json();
    expect(mine.unreadCount).toBe(1);
    expect(mine.items[0]).toMatchObject({ kind: 'assigned', read: false, link: `/requests/${r.id}` });
    expect(mine.items[0].title).toContain('Delivery bay blocked');
    // Nobody is told of their own action.
    expect((await t.call(raiser, 'GET', '/api/v1/me/notifications')).json().unreadCount).toBe(0);

    const [mail] = mailsTo('ada.owner@northmoor.ac.uk');
    expect(mail!.subject).toBe(`[Rapport] You own request #${r.reference}: Delivery bay blocked`);
    expect(mail!.from?.text).toContain('rapport@northmoor.ac.uk');
    expect(mail!.text).toContain(`https://rapport.northmoor.ac.uk/requests/${r.id}`);
    const [row] = await t.db.select().from(notifications).where(eq(notifications.userId, owner.user.id));
    expect(row!.emailedAt).not.toBeNull();
  });

  it('e-mails a comment on my request, and never sends one notification twice', async () => {
    const r = (
      await t.call(owner, 'POST', '/api/v1/requests', {
        partnerId: partner,
        kind: 'enquiry',
        title: 'Graduate scheme dates',
      })
    ).json();
    await settle();
    const before = mailsTo('ada.owner@northmoor.ac.uk').length;
    await t.call(raiser, 'POST', `/api/v1/requests/${r.id}/comments`, {
      body: 'Dates are in the attached brochure',
    });
    await settle();
    const mails = mailsTo('ada.owner@northmoor.ac.uk').slice(before);
    expect(mails.map((m) => m.subject)).toEqual([
      `[Rapport] New comment on request #${r.reference}: Graduate scheme dates`,
    ]);
    expect(mails[0]!.text).toContain('Dates are in the attached brochure');
    // Running the delivery again (another worker, a retry) sends nothing more.
    const mailer = createMailer({ url: smtp.url, from: 'Rapport <rapport@northmoor.ac.uk>' })!;
    expect(await deliverPendingEmails(t.db, mailer, 'https://x')).toBe(0);
    mailer.close();
    expect(mailsTo('ada.owner@northmoor.ac.uk').slice(before)).toHaveLength(1);
  });

  it('warns of a breached target once, however often the check runs', async () => {
    const r = (
      await t.call(raiser, 'POST', '/api/v1/requests', {
        partnerId: partner,
        kind: 'complaint',
        title: 'Noise from site works',
        ownerId: owner.user.id,
      })
    ).json();
    await t.db
      .update(requests)
      .set({ resolveDueAt: new Date(Date.now() - 86_400_000) })
      .where(eq(requests.id, r.id));
    const [first, second] = await Promise.all([checkTargets(t.db), checkTargets(t.db)]);
    const again = await checkTargets(t.db);
    const rows = await t.db.select().from(notifications).where(eq(notifications.userId, owner.user.id));
    const breached = rows.filter((n) => n.kind === 'target_breached' && n.link === `/requests/${r.id}`);
    expect(breached).toHaveLength(1);
    // In words, never an ISO string or a negative count.
    expect(breached[0]!.body).toMatch(
      /^Resolution due (Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d{1,2} [A-Z][a-z]{2}( \d{4})?, \d\d:\d\d — [\d.]+ working hours? overdue\.$/,
    );
    expect(first! + second!).toBeGreaterThanOrEqual(1);
    expect(again).toBe(0);
    const total = smtp.received.length;
    await t.app.jobs.trigger(JOB.deliverEmail);
    await settle();
    const sent = smtp.received.slice(total);
    expect(sent.some((m) => m.subject?.includes('missed its resolution target'))).toBe(true);
  });

  it('never tells anyone about a record they may not read: a confidential request named someone else as its raiser', async () => {
    const outsider = await t.signIn('staff', { unitId: (await buildUnit(t.db)).id });
    const secret = await t.call(owner, 'POST', '/api/v1/requests', {
      partnerId: partner,
      kind: 'complaint',
      title: 'Confidential: director misconduct',
      visibility: 'confidential',
      raisedByUserId: outsider.user.id,
    });
    expect(secret.statusCode).toBe(201);
    const id = secret.json().id;
    expect((await t.call(outsider, 'GET', `/api/v1/requests/${id}`)).statusCode).toBe(404);
    const mailsBefore = smtp.received.length;
    expect(
      (await t.call(owner, 'POST', `/api/v1/requests/${id}/comments`, { body: 'Witness statement attached' }))
        .statusCode,
    ).toBe(201);
    await settle();
    const bell = (await t.call(outsider, 'GET', '/api/v1/me/notifications')).json();
    expect(bell.items).toEqual([]);
    expect(smtp.received.slice(mailsBefore).some((m) => m.text?.includes('Witness statement'))).toBe(false);
    expect(mailsTo(outsider.user.email)).toEqual([]);
  });

  it('marks my notifications read, one or all, and never anyone else’s', async () => {
    const mine = (await t.call(owner, 'GET', '/api/v1/me/notifications?unread=true')).json();
    expect(mine.unreadCount).toBeGreaterThanOrEqual(2);
    const othersTry = await t.call(raiser, 'POST', '/api/v1/me/notifications/read', {
      ids: [mine.items[0].id],
    });
    expect(othersTry.json().updated).toBe(0);
    const one = await t.call(owner, 'POST', '/api/v1/me/notifications/read', { ids: [mine.items[0].id] });
    expect(one.json()).toEqual({ updated: 1, unreadCount: mine.unreadCount - 1 });
    const bad = await t.call(owner, 'POST', '/api/v1/me/notifications/read', { ids: ['not-a-uuid'] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('ids.0');
    const all = await t.call(owner, 'POST', '/api/v1/me/notifications/read', {});
    expect(all.json().unreadCount).toBe(0);
    expect((await t.call(owner, 'GET', '/api/v1/me/notifications?unread=true')).json().items).toEqual([]);
  });

  it('sends a daily digest to each person with unread notifications', async () => {
    await t.call(owner, 'POST', '/api/v1/requests', {
      partnerId: partner,
      kind: 'enquiry',
      title: 'Open day',
      ownerId: raiser.user.id,
    });
    await settle();
    const mailer = createMailer({ url: smtp.url, from: 'Rapport <rapport@northmoor.ac.uk>' })!;
    const before = smtp.received.length;
    const sent = await sendDigests(t.db, mailer, 'https://rapport.northmoor.ac.uk');
    mailer.close();
    const digests = smtp.received.slice(before).filter((m) => m.subject?.includes('daily digest'));
    expect(digests.length).toBe(sent);
    expect(digests.some((m) => m.text?.includes('Open day'))).toBe(true);
    // The owner read everything above, so gets no digest.
    expect(
      digests.some((m) => (Array.isArray(m.to) ? m.to : [m.to]).some((to) => to?.text.includes('ada.owner'))),
    ).toBe(false);
  });
});
