import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activities } from '../../db/schema/activities.ts';
import { type Agent, createTestApp, type TestApp } from '../../test/app.ts';
import { buildAffiliation, buildContact, buildPartner, buildUnit } from '../../test/factories/index.ts';

let t: TestApp;
let organiser: Agent;
let colleague: Agent;
let outsider: Agent;
let viewer: Agent;

beforeAll(async () => {
  t = await createTestApp();
  const unitId = (await buildUnit(t.db, { name: 'Careers Service' })).id;
  organiser = await t.signIn('staff', { unitId });
  colleague = await t.signIn('staff', { unitId });
  outsider = await t.signIn('staff');
  viewer = await t.signIn('viewer');
});
afterAll(() => t.close());

type Listed = {
  id: string;
  title: string;
  startsAt: string;
  recurring: boolean;
  counts: Record<string, number>;
};
type Page = {
  upcoming: Listed[];
  past: Listed[];
  memberships: {
    activityId: string;
    title: string;
    contactName: string;
    role: string | null;
    leftOn: string | null;
  }[];
};

const pageOf = async (agent: Agent, partnerId: string) => {
  const r = await t.call(agent, 'GET', `/api/v1/partners/${partnerId}/activities`);
  expect(r.statusCode, r.body).toBe(200);
  return r.json() as Page;
};

async function activity(body: Record<string, unknown>) {
  const r = await t.call(organiser, 'POST', '/api/v1/activities', {
    kind: 'seminar',
    title: `Employer seminar ${randomUUID().slice(0, 6)}`,
    start: '2027-12-08T14:00',
    end: '2027-12-08T16:00',
    location: 'Room 2.14',
    ...body,
  });
  expect(r.statusCode, r.body).toBe(201);
  return r.json() as { id: string; title: string };
}

const register = async (activityId: string, contactId: string) => {
  const r = await t.call(organiser, 'POST', `/api/v1/activities/${activityId}/registrations`, { contactId });
  expect(r.statusCode, r.body).toBe(201);
};

/** Moves an activity to have started an hour ago (registration closes at the start; attendance opens before it). */
const started = (id: string) =>
  t.db
    .update(activities)
    .set({ startsAt: sql`now() - interval '1 hour'`, endsAt: sql`now() + interval '1 hour'` })
    .where(eq(activities.id, id));

const ended = (id: string) =>
  t.db
    .update(activities)
    .set({
      startsAt: sql`now() - interval '30 days'`,
      endsAt: sql`now() - interval '30 days' + interval '2 hours'`,
    })
    .where(eq(activities.id, id));

describe("the partner page's activities", () => {
  it("lists upcoming and past activities with the partner's people's attendance, and its working-group memberships", async () => {
    const partner = await buildPartner(t.db, { name: `Kestrel Foods ${randomUUID().slice(0, 4)}` });
    const elsewhere = await buildPartner(t.db);
    const person = async (partnerId: string, dates: { startDate?: string; endDate?: string } = {}) => {
      const contact = await buildContact(t.db, { name: `Priya Shah ${randomUUID().slice(0, 6)}` });
      await buildAffiliation(t.db, { contactId: contact.id, partnerId, isPrimary: true, ...dates });
      return contact;
    };
    const priya = await person(partner.id);
    const tom = await person(partner.id);
    const stranger = await person(elsewhere.id);
    // Someone who left the partner long ago: their activities since are not the partner's.
    const former = await person(partner.id, { startDate: '2010-01-01', endDate: '2011-01-01' });

    // Past: two of the partner's people registered; one came, one did not; an outsider came too.
    const held = await activity({ title: 'Graduate skills seminar' });
    await register(held.id, priya.id);
    await register(held.id, tom.id);
    await register(held.id, stranger.id);
    await started(held.id);
    for (const [contactId, status] of [
      [priya.id, 'attended'],
      [tom.id, 'no_show'],
      [stranger.id, 'attended'],
    ] as const) {
      const r = await t.call(organiser, 'PUT', `/api/v1/activities/${held.id}/attendance/${contactId}`, {
        status,
      });
      expect(r.statusCode, r.body).toBe(200);
    }
    await ended(held.id);
    // Upcoming: aimed at the partner itself, nobody registered yet; and one where Tom is registered.
    const aimed = await activity({
      title: 'Placement roadshow',
      kind: 'roadshow',
      audience: { partnerIds: [partner.id] },
    });
    const soon = await activity({
      title: 'Careers forum',
      kind: 'forum',
      start: '2027-11-02T10:00',
      end: '2027-11-02T12:00',
    });
    await register(soon.id, tom.id);
    // Not the partner's: only the stranger and the former contact registered.
    const other = await activity({ title: 'Other seminar' });
    await register(other.id, stranger.id);
    await register(other.id, former.id);
    // A working group meeting monthly: Priya is a member (its next meeting is upcoming), Tom was.
    const group = await activity({
      title: 'Employer advisory group',
      kind: 'working_group',
      start: '2026-01-06T10:00',
      end: '2026-01-06T11:00',
      recurrence: 'FREQ=MONTHLY;BYDAY=1TU',
    });
    const join = async (contactId: string, body: Record<string, unknown> = {}) => {
      const r = await t.call(organiser, 'POST', `/api/v1/activities/${group.id}/members`, {
        contactId,
        joinedOn: '2026-01-06',
        ...body,
      });
      expect(r.statusCode, r.body).toBe(201);
      return r.json() as { id: string };
    };
    await join(priya.id, { role: 'Chair' });
    const tomMember = await join(tom.id);
    const left = await t.call(
      organiser,
      'POST',
      `/api/v1/activities/${group.id}/members/${tomMember.id}/leave`,
      {
        leftOn: '2026-06-30',
      },
    );
    expect(left.statusCode, left.body).toBe(200);

    const page = await pageOf(viewer, partner.id);
    expect(page.upcoming.map((a) => a.title)).toEqual([
      'Employer advisory group',
      'Careers forum',
      'Placement roadshow',
    ]);
    const [series, forum, roadshow] = page.upcoming;
    // The series shows its next meeting, not its first.
    expect(series!.recurring).toBe(true);
    expect(new Date(series!.startsAt).getTime()).toBeGreaterThan(Date.now());
    expect(forum!.counts).toEqual({ invited: 0, registered: 1, waiting: 0, attended: 0, noShow: 0 });
    expect(roadshow!.id).toBe(aimed.id);
    expect(roadshow!.counts.registered).toBe(0);
    expect(page.past.map((a) => a.title)).toEqual(['Graduate skills seminar']);
    expect(page.past[0]!.counts).toEqual({ invited: 0, registered: 2, waiting: 0, attended: 1, noShow: 1 });
    expect(page.memberships.map((m) => [m.title, m.contactName, m.role, m.leftOn])).toEqual([
      ['Employer advisory group', priya.name, 'Chair', null],
      ['Employer advisory group', tom.name, null, '2026-06-30'],
    ]);
    expect(page.upcoming.concat(page.past).map((a) => a.id)).not.toContain(other.id);
    // The other partner's page has its own.
    const theirs = await pageOf(viewer, elsewhere.id);
    expect(
      theirs.past
        .concat(theirs.upcoming)
        .map((a) => a.title)
        .sort(),
    ).toEqual(['Graduate skills seminar', 'Other seminar'].sort());
    expect(theirs.past.find((a) => a.id === held.id)!.counts.attended).toBe(1);
    expect(theirs.memberships).toEqual([]);
  });

  it('never shows a confidential activity or working group to someone it does not name', async () => {
    const partner = await buildPartner(t.db);
    const contact = await buildContact(t.db, { name: `Hidden member ${randomUUID().slice(0, 6)}` });
    await buildAffiliation(t.db, { contactId: contact.id, partnerId: partner.id, isPrimary: true });
    const secret = await activity({ title: 'Restructure consultation', visibility: 'confidential' });
    await register(secret.id, contact.id);
    const group = await activity({
      title: 'Merger steering group',
      kind: 'working_group',
      visibility: 'confidential',
    });
    const joined = await t.call(organiser, 'POST', `/api/v1/activities/${group.id}/members`, {
      contactId: contact.id,
    });
    expect(joined.statusCode, joined.body).toBe(201);

    const own = await pageOf(organiser, partner.id);
    expect(own.upcoming.map((a) => a.title).sort()).toEqual([
      'Merger steering group',
      'Restructure consultation',
    ]);
    expect(own.memberships.map((m) => m.title)).toEqual(['Merger steering group']);
    for (const agent of [colleague, outsider, viewer]) {
      const r = await t.call(agent, 'GET', `/api/v1/partners/${partner.id}/activities`);
      expect(r.statusCode).toBe(200);
      expect(r.body).not.toContain('Restructure');
      expect(r.body).not.toContain('Merger');
      expect(r.json()).toEqual({ upcoming: [], past: [], memberships: [] });
    }
  });

  it('answers 404 for a partner that does not exist, and 400 naming the field for a malformed id', async () => {
    expect((await t.call(viewer, 'GET', `/api/v1/partners/${randomUUID()}/activities`)).statusCode).toBe(404);
    const bad = await t.call(viewer, 'GET', '/api/v1/partners/not-an-id/activities');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('params.id');
  });
});
