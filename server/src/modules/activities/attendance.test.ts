import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activities, activityAttendance } from '../../db/schema/activities.ts';
import { touchpoints } from '../../db/schema/touchpoints.ts';
import { type Agent, createTestApp, type TestApp } from '../../test/app.ts';
import { buildAffiliation, buildContact, buildPartner, buildUnit } from '../../test/factories/index.ts';

let t: TestApp;
let organiser: Agent;
let colleague: Agent;
let outsider: Agent;

beforeAll(async () => {
  t = await createTestApp();
  const unit = (await buildUnit(t.db, { name: 'Careers Service' })).id;
  organiser = await t.signIn('staff', { unitId: unit });
  colleague = await t.signIn('staff', { unitId: unit });
  outsider = await t.signIn('staff');
});
afterAll(() => t.close());

/** A contact with a current place at a partner (and, if asked, a second partner). */
async function person(tag = randomUUID().slice(0, 6), second = false) {
  const partner = await buildPartner(t.db, { name: `Kestrel Foods ${tag}` });
  const contact = await buildContact(t.db, {
    name: `Priya Shah ${tag}`,
    emails: [`priya-${tag}@kestrel.example`],
  });
  await buildAffiliation(t.db, { contactId: contact.id, partnerId: partner.id, isPrimary: true });
  let other: { id: string } | null = null;
  if (second) {
    other = await buildPartner(t.db, { name: `Heron Trust ${tag}` });
    await buildAffiliation(t.db, { contactId: contact.id, partnerId: other.id });
  }
  return { contact, partner, other };
}

/**
 * A seminar with people registered on their behalf, then moved to an hour ago: registration
 * closes at the start, attendance opens an hour before it, so the clock has to pass between.
 */
async function heldSeminar(registeredIds: string[], body: Record<string, unknown> = {}, by = organiser) {
  const created = await t.call(by, 'POST', '/api/v1/activities', {
    kind: 'seminar',
    title: `Employer seminar ${randomUUID().slice(0, 6)}`,
    start: '2027-12-08T14:00',
    end: '2027-12-08T16:00',
    location: 'Room 2.14, Hub building',
    ...body,
  });
  expect(created.statusCode, created.body).toBe(201);
  const activity = created.json();
  for (const contactId of registeredIds) {
    const r = await t.call(by, 'POST', `/api/v1/activities/${activity.id}/registrations`, { contactId });
    expect(r.statusCode, r.body).toBe(201);
  }
  await t.db
    .update(activities)
    .set({ startsAt: sql`now() - interval '1 hour'`, endsAt: sql`now() + interval '1 hour'` })
    .where(eq(activities.id, activity.id));
  return activity as { id: string; title: string };
}

const mark = (agent: Agent, activityId: string, contactId: string, status: 'attended' | 'no_show') =>
  t.call(agent, 'PUT', `/api/v1/activities/${activityId}/attendance/${contactId}`, { status });
const doorList = (agent: Agent, activityId: string) =>
  t.call(agent, 'GET', `/api/v1/activities/${activityId}/attendance`);
const timeline = async (agent: Agent, partnerId: string) => {
  const r = await t.call(agent, 'GET', `/api/v1/partners/${partnerId}/timeline`);
  expect(r.statusCode, r.body).toBe(200);
  return r.json().items as { id: string; kind: string; subject: string; contacts: { id: string }[] }[];
};

describe('attendance', () => {
  it('lists the registered, records who came, and logs a touch point of kind event on the partner timeline', async () => {
    const priya = await person();
    const tom = await person();
    const activity = await heldSeminar([priya.contact.id, tom.contact.id]);

    const before = await doorList(organiser, activity.id);
    expect(before.statusCode, before.body).toBe(200);
    expect(before.json().items.map((i: { contactName: string }) => i.contactName)).toEqual(
      [priya.contact.name, tom.contact.name].sort(),
    );
    expect(before.json().items[0]).toMatchObject({ registered: true, attendance: null, walkIn: false });
    expect(before.json().items[0].partners).toHaveLength(1);

    const came = await mark(organiser, activity.id, priya.contact.id, 'attended');
    expect(came.statusCode, came.body).toBe(200);
    expect(came.json()).toMatchObject({ attendance: 'attended', walkIn: false, registered: true });
    expect(came.json().touchpointId).toEqual(expect.any(String));

    const entries = await timeline(organiser, priya.partner.id);
    const entry = entries.find((e) => e.id === came.json().touchpointId)!;
    expect(entry.kind).toBe('event');
    expect(entry.subject).toBe(`Seminar: ${activity.title}`);
    expect(entry.contacts.map((c) => c.id)).toEqual([priya.contact.id]);

    // Tom did not come: no touch point for him, and the counts say so.
    const missed = await mark(organiser, activity.id, tom.contact.id, 'no_show');
    expect(missed.json()).toMatchObject({ attendance: 'no_show', touchpointId: null });
    expect(await timeline(organiser, tom.partner.id)).toEqual([]);
    expect((await doorList(organiser, activity.id)).json().counts).toEqual({
      registered: 2,
      attended: 1,
      noShow: 1,
      walkIns: 0,
    });
  });

  it('adds a walk-in, logs the touch point on each of their partners once, and a second tap changes nothing', async () => {
    const walkIn = await person(undefined, true);
    const activity = await heldSeminar([]);
    const [first, second] = await Promise.all([
      mark(organiser, activity.id, walkIn.contact.id, 'attended'),
      mark(organiser, activity.id, walkIn.contact.id, 'attended'),
    ]);
    expect(first.statusCode, first.body).toBe(200);
    expect(second.statusCode, second.body).toBe(200);
    expect(first.json().touchpointId).toBe(second.json().touchpointId);
    expect(first.json()).toMatchObject({ walkIn: true, registered: false });
    const logged = await t.db.select().from(touchpoints).where(eq(touchpoints.id, first.json().touchpointId));
    expect(logged).toHaveLength(1);
    // One touch point, on both partners' timelines.
    expect((await timeline(organiser, walkIn.partner.id)).map((e) => e.id)).toEqual([
      first.json().touchpointId,
    ]);
    expect((await timeline(organiser, walkIn.other!.id)).map((e) => e.id)).toEqual([
      first.json().touchpointId,
    ]);
    expect((await doorList(organiser, activity.id)).json().counts.walkIns).toBe(1);
  });

  it('correcting an attendance to "did not come" withdraws its touch point', async () => {
    const priya = await person();
    const activity = await heldSeminar([priya.contact.id]);
    const came = await mark(organiser, activity.id, priya.contact.id, 'attended');
    const touchpointId = came.json().touchpointId;
    const corrected = await mark(organiser, activity.id, priya.contact.id, 'no_show');
    expect(corrected.statusCode, corrected.body).toBe(200);
    expect(corrected.json()).toMatchObject({ attendance: 'no_show', touchpointId: null, walkIn: false });
    expect(await t.db.select().from(touchpoints).where(eq(touchpoints.id, touchpointId))).toEqual([]);
    expect(await timeline(organiser, priya.partner.id)).toEqual([]);
  });

  it('marks everyone registered and not yet recorded as not coming, once', async () => {
    const a = await person();
    const b = await person();
    const c = await person();
    const activity = await heldSeminar([a.contact.id, b.contact.id, c.contact.id]);
    await mark(organiser, activity.id, a.contact.id, 'attended');
    const marked = await t.call(organiser, 'POST', `/api/v1/activities/${activity.id}/attendance/no-shows`);
    expect(marked.statusCode, marked.body).toBe(200);
    expect(marked.json()).toEqual({ marked: 2 });
    const again = await t.call(organiser, 'POST', `/api/v1/activities/${activity.id}/attendance/no-shows`);
    expect(again.json()).toEqual({ marked: 0 });
    const list = (await doorList(organiser, activity.id)).json();
    expect(list.counts).toEqual({ registered: 3, attended: 1, noShow: 2, walkIns: 0 });
  });

  it('a confidential activity logs confidential touch points, read only by its readers', async () => {
    const priya = await person();
    const activity = await heldSeminar([priya.contact.id], {
      title: 'Restructure consultation',
      visibility: 'confidential',
    });
    const came = await mark(organiser, activity.id, priya.contact.id, 'attended');
    expect(came.statusCode, came.body).toBe(200);
    expect((await timeline(organiser, priya.partner.id)).map((e) => e.id)).toEqual([
      came.json().touchpointId,
    ]);
    // Neither the door list nor the timeline shows it to a colleague the activity does not name.
    expect(await timeline(colleague, priya.partner.id)).toEqual([]);
    expect(await timeline(outsider, priya.partner.id)).toEqual([]);
    expect((await doorList(outsider, activity.id)).statusCode).toBe(404);
    expect((await mark(outsider, activity.id, priya.contact.id, 'attended')).statusCode).toBe(404);
  });

  it('only the organisers take attendance; others may read the door list', async () => {
    const priya = await person();
    const activity = await heldSeminar([priya.contact.id]);
    expect((await doorList(outsider, activity.id)).statusCode).toBe(200);
    const refused = await mark(outsider, activity.id, priya.contact.id, 'attended');
    expect(refused.statusCode).toBe(403);
    expect(
      await t.db.select().from(activityAttendance).where(eq(activityAttendance.activityId, activity.id)),
    ).toEqual([]);
  });

  it('refuses bad input with a message naming it, and changes nothing', async () => {
    const priya = await person();
    const stranger = await person();
    const activity = await heldSeminar([priya.contact.id]);
    const cases: [string, unknown, number, string][] = [
      [
        `/api/v1/activities/${activity.id}/attendance/${priya.contact.id}`,
        { status: 'maybe' },
        400,
        'status',
      ],
      [
        `/api/v1/activities/${activity.id}/attendance/${priya.contact.id}`,
        { status: 'attended\u0000' },
        400,
        'status',
      ],
      [`/api/v1/activities/${activity.id}/attendance/not-a-uuid`, { status: 'attended' }, 400, 'contactId'],
      [
        `/api/v1/activities/${activity.id}/attendance/${randomUUID()}`,
        { status: 'attended' },
        400,
        'contactId',
      ],
      [
        `/api/v1/activities/${randomUUID()}/attendance/${priya.contact.id}`,
        { status: 'attended' },
        404,
        'Activity',
      ],
      // Someone who had no place cannot be recorded as missing it.
      [
        `/api/v1/activities/${activity.id}/attendance/${stranger.contact.id}`,
        { status: 'no_show' },
        400,
        'status',
      ],
    ];
    for (const [url, body, status, names] of cases) {
      const r = await t.call(organiser, 'PUT', url, body);
      expect(r.statusCode, `${url} ${r.body}`).toBe(status);
      expect(r.headers['content-type']).toContain('application/problem+json');
      expect(r.body).toContain(names);
    }
    expect(
      await t.db.select().from(activityAttendance).where(eq(activityAttendance.activityId, activity.id)),
    ).toEqual([]);
  });

  it('opens an hour before the start: earlier, taking attendance is refused with the time it opens', async () => {
    const priya = await person();
    const created = await t.call(organiser, 'POST', '/api/v1/activities', {
      kind: 'workshop',
      title: 'Future workshop',
      start: '2027-12-08T14:00',
      end: '2027-12-08T16:00',
    });
    const activity = created.json();
    const r = await mark(organiser, activity.id, priya.contact.id, 'attended');
    expect(r.statusCode).toBe(409);
    expect(r.json().detail).toContain('an hour before the start');
    const early = await t.call(organiser, 'POST', `/api/v1/activities/${activity.id}/attendance/no-shows`);
    expect(early.statusCode).toBe(409);
    expect((await doorList(organiser, activity.id)).json().items).toEqual([]);
  });

  it('a contact with no current partner is recorded, with no touch point', async () => {
    const loner = await buildContact(t.db, { name: `Sam Loner ${randomUUID().slice(0, 6)}` });
    const activity = await heldSeminar([loner.id]);
    const r = await mark(organiser, activity.id, loner.id, 'attended');
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ attendance: 'attended', touchpointId: null, partners: [] });
  });
});

describe('attendance at each meeting of a series', () => {
  it('is taken per occurrence, and each touch point is dated at its meeting', async () => {
    const priya = await person();
    // A weekly series, registered for as a whole, then moved to have begun fifteen days ago.
    const created = await t.call(organiser, 'POST', '/api/v1/activities', {
      kind: 'working_group',
      title: `Placement working group ${randomUUID().slice(0, 6)}`,
      start: '2027-12-07T14:00',
      end: '2027-12-07T15:00',
      recurrence: 'FREQ=WEEKLY',
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id as string;
    const r = await t.call(organiser, 'POST', `/api/v1/activities/${id}/registrations`, {
      contactId: priya.contact.id,
    });
    expect(r.statusCode, r.body).toBe(201);
    await t.db
      .update(activities)
      .set({
        startsAt: sql`date_trunc('minute', now()) - interval '15 days'`,
        endsAt: sql`date_trunc('minute', now()) - interval '15 days' + interval '1 hour'`,
      })
      .where(eq(activities.id, id));
    const from = new Date(Date.now() - 16 * 86_400_000).toISOString();
    const to = new Date(Date.now() + 10 * 86_400_000).toISOString();
    const occurrences = await t.call(
      organiser,
      'GET',
      `/api/v1/activities/${id}/occurrences?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`,
    );
    const meetings = (occurrences.json().items as { startsAt: string }[]).map((o) => o.startsAt);
    const held = meetings.filter((m) => new Date(m) < new Date());
    const ahead = meetings.filter((m) => new Date(m).getTime() > Date.now() + 2 * 3_600_000);
    expect(held).toHaveLength(3);
    expect(ahead.length).toBeGreaterThan(0);

    // By default the door list is the latest meeting held.
    const latest = await doorList(organiser, id);
    expect(latest.statusCode, latest.body).toBe(200);
    expect(latest.json().occurrenceStartsAt).toBe(held[2]);
    const at = (status: 'attended' | 'no_show', occurrenceStartsAt: string | undefined) =>
      t.call(organiser, 'PUT', `/api/v1/activities/${id}/attendance/${priya.contact.id}`, {
        status,
        occurrenceStartsAt,
      });
    const first = await at('attended', held[0]);
    expect(first.statusCode, first.body).toBe(200);
    const second = await at('attended', held[1]);
    expect(second.statusCode, second.body).toBe(200);
    expect(second.json().touchpointId).not.toBe(first.json().touchpointId);
    // Each meeting's touch point is dated at that meeting.
    const entries = await timeline(organiser, priya.partner.id);
    const dated = await t.db
      .select({ id: touchpoints.id, occurredAt: touchpoints.occurredAt })
      .from(touchpoints)
      .where(sql`${touchpoints.id} in (${first.json().touchpointId}, ${second.json().touchpointId})`);
    expect(entries.map((e) => e.id).sort()).toEqual(dated.map((d) => d.id).sort());
    expect(Object.fromEntries(dated.map((d) => [d.id, d.occurredAt.toISOString()]))).toEqual({
      [first.json().touchpointId]: held[0],
      [second.json().touchpointId]: held[1],
    });

    const door = async (occurrence: string) => {
      const list = await t.call(
        organiser,
        'GET',
        `/api/v1/activities/${id}/attendance?occurrence=${encodeURIComponent(occurrence)}`,
      );
      expect(list.statusCode, list.body).toBe(200);
      return list.json() as { items: { attendance: string | null }[]; counts: { attended: number } };
    };
    expect((await door(held[0]!)).items[0]!.attendance).toBe('attended');
    expect((await door(held[2]!)).items[0]!.attendance).toBeNull();
    expect((await door(held[2]!)).counts.attended).toBe(0);
    // The rest of the third meeting did not come; the first meeting has nobody left to mark.
    const marked = await t.call(
      organiser,
      'POST',
      `/api/v1/activities/${id}/attendance/no-shows?occurrence=${encodeURIComponent(held[2]!)}`,
    );
    expect(marked.json()).toEqual({ marked: 1 });
    const none = await t.call(
      organiser,
      'POST',
      `/api/v1/activities/${id}/attendance/no-shows?occurrence=${encodeURIComponent(held[0]!)}`,
    );
    expect(none.json()).toEqual({ marked: 0 });

    // Not a meeting, a meeting to come, nonsense: refused, naming the field, and nothing changes.
    const notAMeeting = new Date(new Date(held[1]!).getTime() + 60_000).toISOString();
    const wrong = await at('attended', notAMeeting);
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().errors[0].field).toBe('occurrenceStartsAt');
    expect((await at('attended', ahead[0])).statusCode).toBe(409);
    const nonsense = await at('attended', 'last Tuesday');
    expect(nonsense.statusCode).toBe(400);
    expect(nonsense.json().errors[0].field).toBe('occurrenceStartsAt');
    const badQuery = await t.call(
      organiser,
      'GET',
      `/api/v1/activities/${id}/attendance?occurrence=${notAMeeting}`,
    );
    expect(badQuery.statusCode).toBe(400);
    expect(badQuery.json().errors[0].field).toBe('occurrence');
    const rows = await t.db.select().from(activityAttendance).where(eq(activityAttendance.activityId, id));
    expect(rows.map((row) => [row.occurrenceStartsAt.toISOString(), row.status]).sort()).toEqual(
      [
        [held[0], 'attended'],
        [held[1], 'attended'],
        [held[2], 'no_show'],
      ].sort(),
    );
  });
});
