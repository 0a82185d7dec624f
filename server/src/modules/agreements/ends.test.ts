import { and, eq, sql } from 'drizzle-orm';
import { DateTime } from 'luxon';
import type { ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client.ts';
import { notifications } from '../../db/schema/notifications.ts';
import { JOB } from '../../jobs/names.ts';
import { type Agent, createTestApp, type TestApp } from '../../test/app.ts';
import { buildPartner, buildRelationship, buildUnit } from '../../test/factories/index.ts';
import { startTestSmtp } from '../../test/smtp.ts';
import { remindAgreementEnds } from './ends.job.ts';

let t: TestApp;
let smtp: Awaited<ReturnType<typeof startTestSmtp>>;
let unitId: string;
let manager: Agent;
let otherManager: Agent;

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
  unitId = (await buildUnit(t.db, { name: 'Placements Office' })).id;
  manager = await t.signIn('relationship_manager', { unitId });
  otherManager = await t.signIn('relationship_manager', { unitId });
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

/** An agreement of the manager's, in force or a draft, ending on `endDate`. */
async function agreement(name: string, endDate: string, extra: Record<string, unknown> = {}, active = true) {
  const partner = await buildPartner(t.db, { name });
  const relationship = await buildRelationship(t.db, {
    unitId,
    partnerId: partner.id,
    managerId: manager.user.id,
  });
  const created = await t.call(manager, 'POST', '/api/v1/agreements', {
    relationshipId: relationship.id,
    kind: 'placement_agreement',
    title: 'Summer placements',
    startDate: day(-300),
    endDate,
    ...extra,
  });
  expect(created.statusCode, created.body).toBe(201);
  if (!active) return { partner: partner.id, id: created.json().id as string };
  const activated = await t.call(
    manager,
    'PATCH',
    `/api/v1/agreements/${created.json().id}`,
    { status: 'active' },
    { 'if-match': '"v1"' },
  );
  expect(activated.statusCode, activated.body).toBe(200);
  return { partner: partner.id, id: created.json().id as string };
}

describe('agreement end-date reminders', () => {
  it('refuses reminder days out of range, naming the field, and records nothing', async () => {
    const partner = await buildPartner(t.db, { name: 'Quarry Bank Dyers' });
    const relationship = await buildRelationship(t.db, {
      unitId,
      partnerId: partner.id,
      managerId: manager.user.id,
    });
    for (const endReminderDays of [-1, 366, 'soon', 2 ** 40]) {
      const res = await t.call(manager, 'POST', '/api/v1/agreements', {
        relationshipId: relationship.id,
        kind: 'contract',
        title: 'Consultancy',
        endReminderDays,
      });
      expect(res.statusCode, String(endReminderDays)).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      const fields = (res.json().errors as { field: string }[]).map((e) => e.field);
      expect(fields.length).toBeGreaterThan(0);
      expect(new Set(fields)).toEqual(new Set(['endReminderDays']));
    }
    const counted = await queryRows<{ n: number }>(
      t.db,
      sql`select count(*)::int as n from agreements where relationship_id = ${relationship.id}`,
    );
    expect(counted[0]!.n).toBe(0);
  });

  it('tells the owner once, in the app and by e-mail, ahead of the end by the days configured', async () => {
    // Whatever other tests left due is reminded first, so this test counts only its own.
    await remindAgreementEnds(t.db);
    const ending = await agreement('Kirkstall Forge', day(20));
    await agreement('Armley Looms', day(200));
    await agreement('Headingley Press', day(20), { endReminderDays: 10 });
    await agreement('Bramley Bakers', day(5), {}, false);
    const shown = await t.call(manager, 'GET', `/api/v1/agreements/${ending.id}`);
    expect(shown.json().endReminderDays).toBe(60);

    // Two workers sweep at once: one reminder between them; a later sweep finds nothing.
    const [first, second] = await Promise.all([remindAgreementEnds(t.db), remindAgreementEnds(t.db)]);
    expect(first + second).toBe(1);
    expect(await remindAgreementEnds(t.db)).toBe(0);
    await settle();
    await settle();

    const reminders = (
      await t.db
        .select()
        .from(notifications)
        .where(and(eq(notifications.userId, manager.user.id), eq(notifications.kind, 'agreement_ending')))
    ).filter((n) => /Kirkstall Forge|Armley Looms|Headingley Press|Bramley Bakers/.test(n.title));
    expect(reminders.map((n) => n.title)).toEqual([
      `Ends ${day(20)}: Summer placements with Kirkstall Forge`,
    ]);
    expect(reminders[0]!.link).toBe(`/partners/${ending.partner}/relationships`);

    const mails = mailsTo(manager.user.email).filter((m) => m.subject?.includes('Kirkstall Forge'));
    expect(mails.map((m) => m.subject)).toEqual([
      `[Rapport] Ends ${day(20)}: Summer placements with Kirkstall Forge`,
    ]);
    expect(mails[0]!.text).toContain('https://rapport.northmoor.ac.uk/partners/');
    expect(mailsTo(otherManager.user.email).filter((m) => m.subject?.includes('Kirkstall Forge'))).toEqual(
      [],
    );
    expect(
      smtp.received.filter((m) => /Armley Looms|Headingley Press|Bramley Bakers/.test(m.subject ?? '')),
    ).toEqual([]);
  });

  it('comes again for a new end date, once the agreement is changed to end later', async () => {
    await remindAgreementEnds(t.db);
    const ending = await agreement('Saltaire Mills', day(30));
    expect(await remindAgreementEnds(t.db)).toBe(1);
    const proposed = await t.call(manager, 'POST', `/api/v1/agreements/${ending.id}/changes`, {
      reason: 'Extended by a term',
      terms: { endDate: day(40) },
    });
    expect(proposed.statusCode, proposed.body).toBe(201);
    // Another end date not yet in force brings nothing.
    expect(await remindAgreementEnds(t.db)).toBe(0);
    const approved = await t.call(
      manager,
      'POST',
      `/api/v1/agreement-changes/${proposed.json().id}/decisions`,
      {
        side: 'university',
        decision: 'approved',
      },
    );
    expect(approved.statusCode, approved.body).toBe(200);
    expect(await remindAgreementEnds(t.db)).toBe(1);
    await settle();
    const titles = (
      await t.db
        .select({ title: notifications.title })
        .from(notifications)
        .where(and(eq(notifications.userId, manager.user.id), eq(notifications.kind, 'agreement_ending')))
    )
      .map((n) => n.title)
      .filter((title) => title.includes('Saltaire Mills'))
      .sort();
    expect(titles).toEqual([
      `Ends ${day(30)}: Summer placements with Saltaire Mills`,
      `Ends ${day(40)}: Summer placements with Saltaire Mills`,
    ]);
  });
});
