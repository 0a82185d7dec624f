import { eq, sql } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client.ts';
import { activities, activityAttendance } from '../../db/schema/activities.ts';
import { escalations, requestReaders, requests } from '../../db/schema/requests.ts';
import { tasks } from '../../db/schema/tasks.ts';
import { type Agent, createTestApp, type TestApp } from '../../test/app.ts';
import {
  buildAffiliation,
  buildContact,
  buildPartner,
  buildRelationship,
  buildUnit,
} from '../../test/factories/index.ts';

let t: TestApp;
let unitA: string;
let unitB: string;
let manager: Agent;
let colleague: Agent;
let outsider: Agent;
let viewer: Agent;
let senior: Agent;

const today = DateTime.now().setZone('Europe/London').startOf('day');
const day = (offset: number) => today.plus({ days: offset }).toISODate()!;
const at = (offset: number, hour = 12) => today.plus({ days: offset, hours: hour }).toJSDate();

beforeAll(async () => {
  t = await createTestApp();
  unitA = (await buildUnit(t.db, { name: 'IT Services' })).id;
  unitB = (await buildUnit(t.db, { name: 'Research Office' })).id;
  manager = await t.signIn('relationship_manager', { unitId: unitA });
  colleague = await t.signIn('staff', { unitId: unitA });
  outsider = await t.signIn('relationship_manager', { unitId: unitB });
  viewer = await t.signIn('viewer', { unitId: unitA });
  senior = await t.signIn('senior_manager', { unitId: unitB });
});
afterAll(() => t.close());

/** A partner with a relationship of unit A managed by `manager`, started 300 days ago, and a contact. */
async function setting(name: string, extra: { reviewDate?: string | null; startDate?: string } = {}) {
  const partner = await buildPartner(t.db, { name });
  const relationship = await buildRelationship(t.db, {
    unitId: unitA,
    partnerId: partner.id,
    managerId: manager.user.id,
    startDate: extra.startDate ?? day(-300),
    reviewDate: extra.reviewDate === undefined ? day(-10) : extra.reviewDate,
  });
  const contact = await buildContact(t.db, { name: `Head of School at ${name}` });
  await buildAffiliation(t.db, { contactId: contact.id, partnerId: partner.id });
  return { partner: partner.id, relationship: relationship.id, contact: contact.id };
}

const schedule = (agent: Agent, relationshipId: string, body: Record<string, unknown> = {}) =>
  t.call(agent, 'POST', `/api/v1/relationships/${relationshipId}/reviews`, body);

const countReviews = async (relationshipId: string) =>
  (
    await queryRows<{ n: number }>(
      t.db,
      sql`select count(*)::int as n from relationship_reviews where relationship_id = ${relationshipId}`,
    )
  )[0]!.n;

const fieldsOf = (body: string) =>
  (JSON.parse(body) as { errors?: { field: string }[] }).errors?.map((e) => e.field) ?? [];

/** A request of unit A (or another) on the partner, with hand-set dates. */
async function request(
  partnerId: string,
  values: Partial<typeof requests.$inferInsert> & { createdAt: Date },
) {
  const [row] = await t.db
    .insert(requests)
    .values({
      partnerId,
      unitId: unitA,
      kind: 'incident',
      title: 'Printing fails in the lab',
      createdById: manager.user.id,
      ...values,
    })
    .returning();
  return row!;
}

describe('scheduling a review', () => {
  it("takes the relationship's review date when none is given, and shows on Home and in the senior view once overdue", async () => {
    const s = await setting('Schoolhouse Trust');
    const created = await schedule(manager, s.relationship);
    expect(created.statusCode, created.body).toBe(201);
    const review = created.json();
    expect(review).toMatchObject({ scheduledFor: day(-10), status: 'scheduled', overdue: true });
    expect(review.can.update).toBe(true);

    const home = await t.call(manager, 'GET', '/api/v1/me/home');
    expect(home.statusCode, home.body).toBe(200);
    expect(home.json().overdueReviews.map((r: { id: string }) => r.id)).toContain(review.id);
    const colleagueHome = await t.call(colleague, 'GET', '/api/v1/me/home');
    expect(colleagueHome.json().overdueReviews.map((r: { id: string }) => r.id)).not.toContain(review.id);

    const view = await t.call(senior, 'GET', '/api/v1/escalations');
    expect(view.statusCode, view.body).toBe(200);
    const listed = view.json().atRisk.reviews.find((r: { id: string }) => r.id === review.id);
    expect(listed).toMatchObject({ partner: { name: 'Schoolhouse Trust' }, scheduledFor: day(-10) });

    // Held: it leaves Home.
    const held = await t.call(
      manager,
      'PATCH',
      `/api/v1/reviews/${review.id}`,
      { heldOn: day(-2), minutes: 'Agreed a new escalation path.' },
      { 'if-match': '"v1"' },
    );
    expect(held.statusCode, held.body).toBe(200);
    expect(held.json()).toMatchObject({ status: 'held', heldOn: day(-2), overdue: false });
    const after = await t.call(manager, 'GET', '/api/v1/me/home');
    expect(after.json().overdueReviews.map((r: { id: string }) => r.id)).not.toContain(review.id);
  });

  it("takes a governing agreement's review date", async () => {
    const s = await setting('Harbour Logistics', { reviewDate: null });
    const agreement = await t.call(manager, 'POST', '/api/v1/agreements', {
      relationshipId: s.relationship,
      kind: 'service_level_agreement',
      title: 'Desktop support',
      startDate: day(-200),
      reviewDate: day(40),
    });
    expect(agreement.statusCode, agreement.body).toBe(201);
    const created = await schedule(manager, s.relationship, { agreementId: agreement.json().id });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({
      scheduledFor: day(40),
      overdue: false,
      agreement: { id: agreement.json().id, title: 'Desktop support' },
    });
  });

  it('refuses a date before the relationship started, and nothing is recorded', async () => {
    const s = await setting('Northfield College');
    const res = await schedule(manager, s.relationship, { scheduledFor: day(-301) });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(fieldsOf(res.body)).toEqual(['scheduledFor']);
    expect(await countReviews(s.relationship)).toBe(0);
  });

  it('refuses no date when neither the relationship nor an agreement has one', async () => {
    const s = await setting('Quayside Arts', { reviewDate: null });
    const res = await schedule(manager, s.relationship);
    expect(res.statusCode, res.body).toBe(400);
    expect(fieldsOf(res.body)).toEqual(['scheduledFor']);
    expect(await countReviews(s.relationship)).toBe(0);
  });

  it("refuses another relationship's agreement, a malformed date and a second review still to be held", async () => {
    const s = await setting('Meadow Foods');
    const other = await setting('Riverside Clinic');
    const agreement = await t.call(manager, 'POST', '/api/v1/agreements', {
      relationshipId: other.relationship,
      kind: 'contract',
      title: 'Clinic network',
      reviewDate: day(20),
    });
    expect(agreement.statusCode, agreement.body).toBe(201);
    const wrong = await schedule(manager, s.relationship, { agreementId: agreement.json().id });
    expect(wrong.statusCode, wrong.body).toBe(400);
    expect(fieldsOf(wrong.body)).toEqual(['agreementId']);
    const bad = await schedule(manager, s.relationship, { scheduledFor: '2026-02-30' });
    expect(bad.statusCode, bad.body).toBe(400);
    expect(fieldsOf(bad.body)).toEqual(['scheduledFor']);
    expect(await countReviews(s.relationship)).toBe(0);

    expect((await schedule(manager, s.relationship, { scheduledFor: day(5) })).statusCode).toBe(201);
    const second = await schedule(manager, s.relationship, { scheduledFor: day(50) });
    expect(second.statusCode, second.body).toBe(409);
    expect(second.json().detail).toContain(day(5));
    expect(await countReviews(s.relationship)).toBe(1);
  });

  it('is for those who look after the relationship (403), and an unknown relationship is 404', async () => {
    const s = await setting('Linden Housing');
    for (const agent of [outsider, colleague, viewer]) {
      const res = await schedule(agent, s.relationship, { scheduledFor: day(5) });
      expect(res.statusCode, res.body).toBe(403);
    }
    expect(await countReviews(s.relationship)).toBe(0);
    const missing = await schedule(manager, '0190d9a6-0000-7000-8000-000000000000', { scheduledFor: day(5) });
    expect(missing.statusCode).toBe(404);
  });
});

describe('changing a review', () => {
  it('refuses a stale version (412), a held day in the future or before the start (400), and outsiders (403)', async () => {
    const s = await setting('Oakwell Academy');
    const review = (await schedule(manager, s.relationship, { scheduledFor: day(3) })).json();
    const url = `/api/v1/reviews/${review.id}`;
    const future = await t.call(manager, 'PATCH', url, { heldOn: day(1) }, { 'if-match': '"v1"' });
    expect(future.statusCode, future.body).toBe(400);
    expect(fieldsOf(future.body)).toEqual(['heldOn']);
    const early = await t.call(manager, 'PATCH', url, { scheduledFor: day(-400) }, { 'if-match': '"v1"' });
    expect(early.statusCode, early.body).toBe(400);
    expect(fieldsOf(early.body)).toEqual(['scheduledFor']);
    const foreign = await t.call(outsider, 'PATCH', url, { minutes: 'x' }, { 'if-match': '"v1"' });
    expect(foreign.statusCode).toBe(403);
    const moved = await t.call(manager, 'PATCH', url, { scheduledFor: day(7) }, { 'if-match': '"v1"' });
    expect(moved.statusCode, moved.body).toBe(200);
    const stale = await t.call(manager, 'PATCH', url, { minutes: 'late' }, { 'if-match': '"v1"' });
    expect(stale.statusCode).toBe(412);
    const fresh = (await t.call(manager, 'GET', url)).json();
    expect(fresh).toMatchObject({ scheduledFor: day(7), minutes: null, version: 2 });
  });
});

describe('review actions', () => {
  it('become tasks: a staff owner is assigned; a partner contact’s is followed up by the manager', async () => {
    const s = await setting('Elmstead Hospital');
    const review = (await schedule(manager, s.relationship, { scheduledFor: day(2) })).json();
    const url = `/api/v1/reviews/${review.id}/actions`;
    const mine = await t.call(manager, 'POST', url, {
      description: 'Send the revised escalation contacts',
      ownerUserId: colleague.user.id,
      dueOn: day(14),
    });
    expect(mine.statusCode, mine.body).toBe(201);
    expect(mine.json()).toMatchObject({ owner: { side: 'university', id: colleague.user.id }, done: false });
    const theirs = await t.call(manager, 'POST', url, {
      description: 'Share the timetable for next term',
      ownerContactId: s.contact,
      dueOn: day(21),
    });
    expect(theirs.statusCode, theirs.body).toBe(201);
    expect(theirs.json().owner).toMatchObject({ side: 'partner', id: s.contact });

    const [staffTask] = await t.db.select().from(tasks).where(eq(tasks.id, mine.json().taskId));
    expect(staffTask).toMatchObject({
      assigneeId: colleague.user.id,
      dueOn: day(14),
      relationshipId: s.relationship,
    });
    const [partnerTask] = await t.db.select().from(tasks).where(eq(tasks.id, theirs.json().taskId));
    expect(partnerTask).toMatchObject({ assigneeId: manager.user.id, dueOn: day(21) });
    expect(partnerTask!.title).toContain('Head of School at Elmstead Hospital');

    const shown = (await t.call(viewer, 'GET', `/api/v1/reviews/${review.id}`)).json();
    expect(shown.actions.map((a: { description: string }) => a.description)).toEqual([
      'Send the revised escalation contacts',
      'Share the timetable for next term',
    ]);
    expect(shown.can.update).toBe(false);
  });

  it('refuses no owner, two owners, a contact of another partner and an unknown member of staff (400, no task)', async () => {
    const s = await setting('Brookside Primary');
    const other = await setting('Fernhill Dairy');
    const review = (await schedule(manager, s.relationship, { scheduledFor: day(2) })).json();
    const url = `/api/v1/reviews/${review.id}/actions`;
    const cases: [Record<string, unknown>, string][] = [
      [{ description: 'Nobody', dueOn: day(3) }, 'ownerUserId'],
      [
        { description: 'Both', ownerUserId: manager.user.id, ownerContactId: s.contact, dueOn: day(3) },
        'ownerUserId',
      ],
      [{ description: 'Elsewhere', ownerContactId: other.contact, dueOn: day(3) }, 'ownerContactId'],
      [
        { description: 'Ghost', ownerUserId: '0190d9a6-0000-7000-8000-000000000001', dueOn: day(3) },
        'ownerUserId',
      ],
      [{ description: '', ownerUserId: manager.user.id, dueOn: day(3) }, 'description'],
      [{ description: 'No date', ownerUserId: manager.user.id }, 'dueOn'],
    ];
    for (const [body, field] of cases) {
      const res = await t.call(manager, 'POST', url, body);
      expect(res.statusCode, res.body).toBe(400);
      expect(fieldsOf(res.body)).toEqual([field]);
    }
    const forbidden = await t.call(outsider, 'POST', url, {
      description: 'Not mine',
      ownerUserId: outsider.user.id,
      dueOn: day(3),
    });
    expect(forbidden.statusCode).toBe(403);
    const open = await queryRows<{ n: number }>(
      t.db,
      sql`select count(*)::int as n from tasks where relationship_id = ${s.relationship}`,
    );
    expect(open[0]!.n).toBe(0);
  });
});

describe('the agenda', () => {
  it('shows the right figures for the period since the last review, counting only what the reader may see', async () => {
    const s = await setting('Westgate Engineering');
    // The review before, held 120 days ago: the period runs from then to today.
    const first = (await schedule(manager, s.relationship, { scheduledFor: day(-125) })).json();
    const held = await t.call(
      manager,
      'PATCH',
      `/api/v1/reviews/${first.id}`,
      { heldOn: day(-120) },
      { 'if-match': '"v1"' },
    );
    expect(held.statusCode, held.body).toBe(200);
    const review = (await schedule(manager, s.relationship, { scheduledFor: day(-10) })).json();

    // Raised before the period, still open: counts as open, not as raised.
    await request(s.partner, { createdAt: at(-200) });
    // Raised and resolved in the period within its target; and one past its target.
    await request(s.partner, {
      createdAt: at(-60),
      status: 'resolved',
      resolvedAt: at(-50),
      resolveDueAt: at(-40),
    });
    await request(s.partner, {
      createdAt: at(-30),
      status: 'closed',
      resolvedAt: at(-20),
      closedAt: at(-19),
      resolveDueAt: at(-25),
    });
    // Resolved before the period: not closed in it.
    await request(s.partner, {
      createdAt: at(-180),
      status: 'resolved',
      resolvedAt: at(-150),
      resolveDueAt: at(-140),
    });
    // A concern in the period, open.
    await request(s.partner, { createdAt: at(-15), kind: 'concern', title: 'Lab staff feel unheard' });
    // A confidential complaint only the manager may read, escalated.
    const secret = await request(s.partner, {
      createdAt: at(-5),
      kind: 'complaint',
      title: 'Data handling worry',
      visibility: 'confidential',
    });
    await t.db.insert(requestReaders).values({ requestId: secret.id, userId: manager.user.id });
    await t.db.insert(escalations).values({
      requestId: secret.id,
      level: 'senior_management',
      briefing: 'Legal may be involved',
      raisedById: manager.user.id,
      raisedAt: at(-4),
    });
    // An escalation of the relationship itself, seen by everyone.
    await t.db.insert(escalations).values({
      relationshipId: s.relationship,
      level: 'line_manager',
      briefing: 'Response times slipping',
      raisedById: manager.user.id,
      raisedAt: at(-8),
    });
    // Another unit's request on the same partner: not this relationship's.
    await request(s.partner, { createdAt: at(-10), unitId: unitB, kind: 'concern', title: 'Research data' });
    // Activities: one in the period the contact attended, one before it.
    const attended = async (title: string, offset: number) => {
      const [a] = await t.db
        .insert(activities)
        .values({
          kind: 'workshop',
          title,
          unitId: unitA,
          ownerId: manager.user.id,
          startsAt: at(offset, 10),
          endsAt: at(offset, 12),
        })
        .returning();
      await t.db.insert(activityAttendance).values({
        activityId: a!.id,
        occurrenceStartsAt: a!.startsAt,
        contactId: s.contact,
        status: 'attended',
        recordedById: manager.user.id,
      });
    };
    await attended('Cloud skills workshop', -45);
    await attended('Old induction day', -200);
    // An agreed action: an open task.
    const action = await t.call(manager, 'POST', `/api/v1/reviews/${review.id}/actions`, {
      description: 'Agree response targets',
      ownerUserId: manager.user.id,
      dueOn: day(5),
    });
    expect(action.statusCode, action.body).toBe(201);

    const mine = await t.call(manager, 'GET', `/api/v1/reviews/${review.id}/agenda`);
    expect(mine.statusCode, mine.body).toBe(200);
    const a = mine.json();
    expect(a.period).toEqual({ from: day(-120), to: day(0) });
    expect(a.requests).toEqual({
      open: 3,
      raised: 4,
      closed: 2,
      withTarget: 2,
      metTarget: 1,
      metPercent: 50,
    });
    expect(a.concerns.map((c: { title: string }) => c.title)).toEqual([
      'Lab staff feel unheard',
      'Data handling worry',
    ]);
    expect(a.escalations.map((e: { briefing: string }) => e.briefing)).toEqual([
      'Response times slipping',
      'Legal may be involved',
    ]);
    expect(a.activities).toEqual([expect.objectContaining({ title: 'Cloud skills workshop', attended: 1 })]);
    expect(a.openTasks).toBe(1);

    // A colleague who may not read the confidential complaint sees neither it nor its escalation, nor counts it.
    const theirs = (await t.call(colleague, 'GET', `/api/v1/reviews/${review.id}/agenda`)).json();
    expect(theirs.requests).toEqual({
      open: 2,
      raised: 3,
      closed: 2,
      withTarget: 2,
      metTarget: 1,
      metPercent: 50,
    });
    expect(theirs.concerns.map((c: { title: string }) => c.title)).toEqual(['Lab staff feel unheard']);
    expect(theirs.escalations.map((e: { briefing: string }) => e.briefing)).toEqual([
      'Response times slipping',
    ]);
    expect(JSON.stringify(theirs)).not.toContain('Data handling');
    expect(JSON.stringify(theirs)).not.toContain('Legal may be involved');

    // The first review's agenda runs from the relationship's start to the day it was held.
    const before = (await t.call(manager, 'GET', `/api/v1/reviews/${first.id}/agenda`)).json();
    expect(before.period).toEqual({ from: day(-300), to: day(-120) });
    expect(before.requests).toMatchObject({ raised: 2, closed: 1, withTarget: 1, metTarget: 1 });
    expect(before.activities.map((x: { title: string }) => x.title)).toEqual(['Old induction day']);
  });

  it('is 404 for an unknown review', async () => {
    const res = await t.call(manager, 'GET', '/api/v1/reviews/0190d9a6-0000-7000-8000-000000000002/agenda');
    expect(res.statusCode).toBe(404);
  });
});
