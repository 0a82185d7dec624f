import { and, eq } from 'drizzle-orm';
import { DateTime } from 'luxon';
import type { ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notifications } from '../../db/schema/notifications.ts';
import { JOB } from '../../jobs/names.ts';
import { type Agent, createTestApp, type TestApp } from '../../test/app.ts';
import { buildPartner, buildRelationship, buildUnit } from '../../test/factories/index.ts';
import { startTestSmtp } from '../../test/smtp.ts';
import { remindReviewsDue } from './reminders.job.ts';

let t: TestApp;
let smtp: Awaited<ReturnType<typeof startTestSmtp>>;
let unitId: string;
let manager: Agent;
let colleague: Agent;

beforeAll(async () => {
  smtp = await startTestSmtp();
  // Jobs run in this process, so the reminders go out through SMTP as they would in production.
  t = await createTestApp(
    {
      SMTP_URL: smtp.url,
      SMTP_FROM: 'Rapport <rapport@northmoor.ac.uk>',
      RAPPORT_PUBLIC_URL: 'https://rapport.northmoor.ac.uk',
    },
    { jobs: { work: true, queue: 'in-process' } },
  );
  unitId = (await buildUnit(t.db, { name: 'School of Computing' })).id;
  manager = await t.signIn('relationship_manager', { unitId });
  colleague = await t.signIn('staff', { unitId });
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
  await t.app.jobs.trigger(JOB.deliverEmail);
  await t.app.jobs.drain();
};
const mailsTo = (address: string): ParsedMail[] =>
  smtp.received.filter((m) => (Array.isArray(m.to) ? m.to : [m.to]).some((to) => to?.text.includes(address)));

/** A review of a new relationship of the manager's, scheduled for `scheduledFor`. */
async function review(name: string, scheduledFor: string) {
  const partner = await buildPartner(t.db, { name });
  const relationship = await buildRelationship(t.db, {
    unitId,
    partnerId: partner.id,
    managerId: manager.user.id,
    startDate: day(-300),
    reviewDate: null,
  });
  const res = await t.call(manager, 'POST', `/api/v1/relationships/${relationship.id}/reviews`, {
    scheduledFor,
  });
  expect(res.statusCode, res.body).toBe(201);
  return { partner: partner.id, id: res.json().id as string };
}

const remindersAbout = async (names: RegExp) =>
  (
    await t.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, manager.user.id), eq(notifications.kind, 'review_due')))
  ).filter((n) => names.test(n.title));

describe('review-due reminders', () => {
  it('tell the manager once, in the app and by e-mail, of a review coming up or late', async () => {
    // Whatever other tests left due is reminded first, so this test counts only its own.
    await remindReviewsDue(t.db);
    const soon = await review('Hunslet Engines', day(7));
    await review('Beeston Tiles', day(-3));
    await review('Holbeck Mill', day(60));
    const held = await review('Wortley Glass', day(2));
    const heldRes = await t.call(
      manager,
      'PATCH',
      `/api/v1/reviews/${held.id}`,
      { heldOn: day(0) },
      { 'if-match': '"v1"' },
    );
    expect(heldRes.statusCode, heldRes.body).toBe(200);

    // Two workers sweep at once: each review is claimed by one of them; a later sweep finds nothing.
    const [first, second] = await Promise.all([remindReviewsDue(t.db), remindReviewsDue(t.db)]);
    expect(first + second).toBe(2);
    expect(await remindReviewsDue(t.db)).toBe(0);
    await settle();
    await settle();

    const reminders = await remindersAbout(/Hunslet Engines|Beeston Tiles|Holbeck Mill|Wortley Glass/);
    expect(reminders.map((n) => n.title).sort()).toEqual(
      [
        `Relationship review ${day(-3)}: Beeston Tiles with School of Computing`,
        `Relationship review ${day(7)}: Hunslet Engines with School of Computing`,
      ].sort(),
    );
    expect(reminders.find((n) => n.title.includes('Hunslet'))!.link).toBe(
      `/partners/${soon.partner}/relationships`,
    );
    const mails = mailsTo(manager.user.email).filter((m) =>
      /Hunslet Engines|Beeston Tiles|Holbeck Mill|Wortley Glass/.test(m.subject ?? ''),
    );
    expect(mails.map((m) => m.subject).sort()).toEqual(
      [
        `[Rapport] Relationship review ${day(-3)}: Beeston Tiles with School of Computing`,
        `[Rapport] Relationship review ${day(7)}: Hunslet Engines with School of Computing`,
      ].sort(),
    );
    // A colleague of the unit who does not look after the relationship is not reminded.
    expect(mailsTo(colleague.user.email).filter((m) => /Hunslet|Beeston/.test(m.subject ?? ''))).toEqual([]);
  });

  it('come again for the new date when a review is rescheduled', async () => {
    await remindReviewsDue(t.db);
    const r = await review('Kirkgate Market', day(3));
    expect(await remindReviewsDue(t.db)).toBe(1);
    const moved = await t.call(
      manager,
      'PATCH',
      `/api/v1/reviews/${r.id}`,
      { scheduledFor: day(10) },
      { 'if-match': '"v1"' },
    );
    expect(moved.statusCode, moved.body).toBe(200);
    expect(await remindReviewsDue(t.db)).toBe(1);
    expect(await remindReviewsDue(t.db)).toBe(0);
    await settle();
    expect((await remindersAbout(/Kirkgate Market/)).map((n) => n.title).sort()).toEqual(
      [
        `Relationship review ${day(10)}: Kirkgate Market with School of Computing`,
        `Relationship review ${day(3)}: Kirkgate Market with School of Computing`,
      ].sort(),
    );
  });
});
