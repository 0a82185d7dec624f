import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WhoKnowsWhom } from '../../../../common/src/contracts/who-knows-whom.ts';
import { queryRows } from '../../db/client.ts';
import { notifications } from '../../db/schema/notifications.ts';
import { touchpointContacts, touchpointStaff } from '../../db/schema/touchpoints.ts';
import { JOB } from '../../jobs/names.ts';
import { type Agent, createTestApp, type TestApp } from '../../test/app.ts';
import { buildContact, buildPartner, buildTouchpoint, buildUnit } from '../../test/factories/index.ts';
import { startTestSmtp } from '../../test/smtp.ts';

let t: TestApp;
let smtp: Awaited<ReturnType<typeof startTestSmtp>>;
let unitA: string;
let unitB: string;
let asker: Agent;
let ada: Agent;
let ben: Agent;
let outsider: Agent;
let viewer: Agent;

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
  unitA = (await buildUnit(t.db, { name: 'Careers and Employability' })).id;
  unitB = (await buildUnit(t.db, { name: 'Research Office' })).id;
  asker = await t.signIn('staff', { unitId: unitB });
  ada = await t.signIn('relationship_manager', { unitId: unitA, email: 'ada.knows@northmoor.ac.uk' });
  ben = await t.signIn('staff', { unitId: unitA });
  outsider = await t.signIn('staff', { unitId: unitB });
  viewer = await t.signIn('viewer', { unitId: unitB });
});
afterAll(async () => {
  await t.close();
  await smtp.close();
});

const DAY = 86_400_000;
const daysAgo = (n: number) => new Date(Date.now() - n * DAY);
const settle = async () => {
  await t.app.jobs.trigger(JOB.deliverEvents);
  await t.app.jobs.drain();
};

async function whoKnows(agent: Agent, partnerId: string, query = '') {
  const res = await t.call(agent, 'GET', `/api/v1/partners/${partnerId}/who-knows-whom${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as WhoKnowsWhom;
}

/** A touch point with the partner; `contact` records one of its people taking part (two-way for a meeting). */
async function touch(
  partnerId: string,
  author: Agent,
  values: {
    kind?: 'meeting' | 'email' | 'enquiry' | 'event' | 'note';
    daysAgo: number;
    contact?: string;
    visibility?: 'institution' | 'unit' | 'confidential';
    also?: Agent[];
  },
) {
  const tp = await buildTouchpoint(t.db, {
    partnerId,
    unitId: author.user.unitId!,
    authorId: author.user.id,
    kind: values.kind ?? 'meeting',
    subject: `${values.kind ?? 'meeting'} ${values.daysAgo} days ago`,
    occurredAt: daysAgo(values.daysAgo),
    visibility: values.visibility ?? 'institution',
    readerIds: (values.also ?? []).map((a) => a.user.id),
  });
  if (values.contact)
    await t.db.insert(touchpointContacts).values({ touchpointId: tp.id, contactId: values.contact });
  for (const other of values.also ?? [])
    await t.db.insert(touchpointStaff).values({ touchpointId: tp.id, userId: other.user.id });
  return tp;
}

describe('who knows whom', () => {
  it('ranks staff by link strength, with the parts and the touch points behind each rank', async () => {
    const partner = (await buildPartner(t.db, { name: 'Kestrel Foods' })).id;
    const contact = (await buildContact(t.db, { name: 'Dana Kestrel' })).id;
    // Ada: four two-way meetings over a year and an event, the last a week ago.
    await touch(partner, ada, { daysAgo: 7, contact });
    await touch(partner, ada, { daysAgo: 100, contact });
    await touch(partner, ada, { daysAgo: 200, kind: 'enquiry' });
    await touch(partner, ada, { daysAgo: 360, contact });
    await touch(partner, ada, { daysAgo: 30, kind: 'event', contact, also: [ben] });
    // Ben: the event with Ada, and two e-mails out with no reply recorded.
    await touch(partner, ben, { daysAgo: 3, kind: 'email' });
    await touch(partner, ben, { daysAgo: 5, kind: 'email' });

    const result = await whoKnows(asker, partner);
    expect(result.canAskForIntroduction).toBe(true);
    expect(result.links.map((l) => [l.rank, l.colleague.id])).toEqual([
      [1, ada.user.id],
      [2, ben.user.id],
    ]);
    const [first, second] = result.links;
    expect(first).toMatchObject({
      touchpoints: 5,
      twoWay: 5,
      lastYear: 5,
      events: 1,
      unitName: 'Careers and Employability',
    });
    expect(second).toMatchObject({ touchpoints: 3, twoWay: 1, lastYear: 3, events: 1 });
    // Ada: 30 × 0.5^(7/90) + 25 × 5/12 + 20 × 5/5 + 15 × 353/730 + 10 × 1/4 = 28.43 + 10.42 + 20 + 7.25 + 2.5 = 68.6
    expect(first!.strength).toBe(69);
    // Ben: 30 × 0.5^(3/90) + 25 × 3/12 + 20 × 1/3 + 15 × 27/730 + 10 × 1/4 = 29.31 + 6.25 + 6.67 + 0.55 + 2.5 = 45.3
    expect(second!.strength).toBe(45);
    expect(first!.parts.find((p) => p.key === 'reciprocity')!.evidence).toBe('5 of 5 touch points two-way');
    expect(first!.recent.map((r) => r.subject)).toEqual([
      'meeting 7 days ago',
      'event 30 days ago',
      'meeting 100 days ago',
    ]);
    expect(second!.recent.map((r) => [r.kind, r.twoWay])).toEqual([
      ['email', false],
      ['email', false],
      ['event', true],
    ]);
    // The limit keeps the strongest.
    expect((await whoKnows(asker, partner, '?limit=1')).links.map((l) => l.colleague.id)).toEqual([
      ada.user.id,
    ]);
  });

  it('counts only the touch points the viewer may see: a confidential meeting adds no one and moves no rank for others', async () => {
    const partner = (await buildPartner(t.db, { name: 'Heron Trust' })).id;
    await touch(partner, ben, { daysAgo: 10 });
    await touch(partner, ada, { daysAgo: 400 });
    // Six recent two-way confidential meetings of Ada's, which only she reads.
    for (const d of [1, 2, 3, 4, 5, 6])
      await touch(partner, ada, {
        daysAgo: d,
        visibility: 'confidential',
        contact: (await buildContact(t.db)).id,
      });
    const outsiders = await whoKnows(outsider, partner);
    expect(outsiders.links.map((l) => l.colleague.id)).toEqual([ben.user.id, ada.user.id]);
    const adaForOutsider = outsiders.links.find((l) => l.colleague.id === ada.user.id)!;
    expect(adaForOutsider.touchpoints).toBe(1);
    expect(JSON.stringify(outsiders)).not.toContain('meeting 1 days ago');
    // Ada reads her own confidential meetings: for her she ranks first, on six more touch points.
    const own = await whoKnows(ada, partner);
    expect(own.links[0]!.colleague.id).toBe(ada.user.id);
    expect(own.links[0]!.touchpoints).toBe(7);
    // A colleague who takes part only in a confidential touch point (a named reader) is listed for them, not for others.
    await touch(partner, ada, { daysAgo: 1, visibility: 'confidential', also: [asker] });
    expect((await whoKnows(outsider, partner)).links.map((l) => l.colleague.id)).toEqual([
      ben.user.id,
      ada.user.id,
    ]);
    expect((await whoKnows(asker, partner)).links.map((l) => l.colleague.id)).toContain(asker.user.id);
  });

  it('unit-only touch points count for the unit, not for others', async () => {
    const partner = (await buildPartner(t.db, { name: 'Osprey Engineering' })).id;
    await touch(partner, ada, { daysAgo: 2, visibility: 'unit' });
    expect((await whoKnows(outsider, partner)).links).toEqual([]);
    expect((await whoKnows(ben, partner)).links.map((l) => l.colleague.id)).toEqual([ada.user.id]);
  });

  it('answers 404 for an unknown partner and 400 for a bad id or limit, naming the field', async () => {
    const unknown = await t.call(asker, 'GET', `/api/v1/partners/${randomUUID()}/who-knows-whom`);
    expect(unknown.statusCode).toBe(404);
    const badId = await t.call(asker, 'GET', '/api/v1/partners/not-an-id/who-knows-whom');
    expect(badId.statusCode).toBe(400);
    expect(badId.body).toContain('id');
    const partner = (await buildPartner(t.db)).id;
    for (const limit of ['0', '51', 'many', '1e9']) {
      const res = await t.call(asker, 'GET', `/api/v1/partners/${partner}/who-knows-whom?limit=${limit}`);
      expect(res.statusCode, limit).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body).toContain('limit');
    }
  });
});

describe('asking for an introduction', () => {
  const ask = (agent: Agent, partnerId: string, body: Record<string, unknown>) =>
    t.call(agent, 'POST', `/api/v1/partners/${partnerId}/introductions`, body);
  const countRequests = async (partnerId: string) =>
    (
      await queryRows<{ n: number }>(
        t.db,
        sql`select count(*)::int as n from introduction_requests where partner_id = ${partnerId}`,
      )
    )[0]!.n;

  it('tells the colleague in the app and by e-mail, and records who asked', async () => {
    const partner = (await buildPartner(t.db, { name: 'Merlin Analytics' })).id;
    const res = await ask(asker, partner, {
      colleagueId: ada.user.id,
      message: 'Could you introduce me to their research director?',
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      partner: { id: partner, name: 'Merlin Analytics' },
      askedBy: { id: asker.user.id },
      colleague: { id: ada.user.id },
      message: 'Could you introduce me to their research director?',
    });
    await settle();
    const [notice] = await t.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, ada.user.id), eq(notifications.kind, 'introduction_requested')));
    expect(notice!.title).toContain('asks you for an introduction to Merlin Analytics');
    expect(notice!.link).toBe(`/partners/${partner}/people`);
    await expect
      .poll(
        () => smtp.received.filter((m) => JSON.stringify(m.to).includes('ada.knows@northmoor.ac.uk')).length,
      )
      .toBeGreaterThan(0);
    const mail = smtp.received.find((m) => JSON.stringify(m.to).includes('ada.knows@northmoor.ac.uk'))!;
    expect(mail.subject).toContain('introduction to Merlin Analytics');
    const audit = await queryRows<{ n: number }>(
      t.db,
      sql`select count(*)::int as n from audit_log where entity = 'introduction_request' and entity_id = ${res.json().id}`,
    );
    expect(audit[0]!.n).toBe(1);
  });

  it('refuses bad input with the field named, and changes nothing', async () => {
    const partner = (await buildPartner(t.db)).id;
    const cases: [Record<string, unknown>, string, number][] = [
      [{}, 'colleagueId', 400],
      [{ colleagueId: 'ada' }, 'colleagueId', 400],
      [{ colleagueId: randomUUID() }, 'colleagueId', 400],
      [{ colleagueId: asker.user.id }, 'colleagueId', 400],
      [{ colleagueId: ada.user.id, message: 'x'.repeat(2001) }, 'message', 400],
    ];
    for (const [body, field, status] of cases) {
      const res = await ask(asker, partner, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(status);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body).toContain(field);
    }
    expect(await countRequests(partner)).toBe(0);
    const unknown = await ask(asker, randomUUID(), { colleagueId: ada.user.id });
    expect(unknown.statusCode).toBe(404);
  });

  it('a viewer may not ask', async () => {
    const partner = (await buildPartner(t.db)).id;
    expect((await whoKnows(viewer, partner)).canAskForIntroduction).toBe(false);
    const res = await ask(viewer, partner, { colleagueId: ada.user.id });
    expect(res.statusCode).toBe(403);
    expect(await countRequests(partner)).toBe(0);
  });
});
