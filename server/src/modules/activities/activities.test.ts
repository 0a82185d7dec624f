import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activities } from '../../db/schema/activities.ts';
import { type Agent, createTestApp, type TestApp } from '../../test/app.ts';
import { buildUnit } from '../../test/factories/index.ts';

let t: TestApp;
let organiser: Agent;
let colleague: Agent;
let outsider: Agent;
let admin: Agent;

const seminar = (overrides: Record<string, unknown> = {}) => ({
  kind: 'seminar',
  title: `Careers seminar ${randomUUID().slice(0, 6)}`,
  start: '2027-06-08T14:00',
  end: '2027-06-08T16:00',
  location: 'Great Hall',
  capacity: 40,
  ...overrides,
});

beforeAll(async () => {
  t = await createTestApp();
  const unit = (await buildUnit(t.db)).id;
  organiser = await t.signIn('staff', { unitId: unit });
  colleague = await t.signIn('staff', { unitId: unit });
  outsider = await t.signIn('staff');
  admin = await t.signIn('administrator');
});
afterAll(() => t.close());

const rows = async (id: string) => t.db.select().from(activities).where(eq(activities.id, id));

describe('activities', () => {
  it('creates an activity in its time zone, with its audience and co-organisers, and records it', async () => {
    const created = await t.call(
      organiser,
      'POST',
      '/api/v1/activities',
      seminar({ coOrganiserIds: [colleague.user.id], description: 'For final-year students' }),
    );
    expect(created.statusCode).toBe(201);
    const a = created.json();
    // 14:00 in London in June is 13:00 UTC; the local time and zone come back as set.
    expect(a).toMatchObject({
      kind: 'seminar',
      startsAt: '2027-06-08T13:00:00.000Z',
      localStart: '2027-06-08T14:00',
      timeZone: 'Europe/London',
      unitId: organiser.user.unitId,
      ownerId: organiser.user.id,
      coOrganisers: [{ id: colleague.user.id }],
      counts: { invited: 0, registered: 0, waiting: 0, declined: 0 },
      can: { update: true, delete: true, invite: true },
    });
    const history = (await t.call(organiser, 'GET', `/api/v1/activities/${a.id}/history`)).json();
    expect(history.items[0]).toMatchObject({ action: 'create' });

    // A co-organiser may change it; staff of another unit may read it, not change it.
    const changed = await t.call(
      colleague,
      'PATCH',
      `/api/v1/activities/${a.id}`,
      { title: 'Careers seminar: moved', start: '2027-06-08T15:00', end: '2027-06-08T17:00' },
      { 'if-match': `"v${a.version}"` },
    );
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({
      localStart: '2027-06-08T15:00',
      startsAt: '2027-06-08T14:00:00.000Z',
    });
    const read = (await t.call(outsider, 'GET', `/api/v1/activities/${a.id}`)).json();
    expect(read.can).toEqual({ update: false, delete: false, invite: false });
    const refused = await t.call(
      outsider,
      'PATCH',
      `/api/v1/activities/${a.id}`,
      { title: 'Mine now' },
      { 'if-match': `"v${changed.json().version}"` },
    );
    expect(refused.statusCode).toBe(403);
  });

  it('refuses bad input with the field named, and writes nothing', async () => {
    const before = (await t.db.select().from(activities)).length;
    const cases: [Record<string, unknown>, string, string][] = [
      [{ end: '2027-06-08T13:00' }, 'end', 'must be after the start'],
      [{ recurrence: 'FREQ=SOMETIMES' }, 'recurrence', 'FREQ'],
      [{ recurrence: 'every other Tuesday' }, 'recurrence', 'not a valid RRULE'],
      [{ timeZone: 'Europe/Atlantis' }, 'timeZone', 'time zone'],
      [{ start: '2027-03-28T01:30', end: '2027-03-28T03:00' }, 'start', 'clocks change'],
      [{ format: 'online' }, 'onlineUrl', 'required'],
      [{ kind: 'party' }, 'kind', ''],
      [{ capacity: 0 }, 'capacity', ''],
      [{ coOrganiserIds: [randomUUID()] }, 'coOrganiserIds', 'active members of staff'],
      [{ audience: { partnerTypeIds: [randomUUID()] } }, 'audience.partnerTypeIds', 'partner types'],
    ];
    for (const [change, field, message] of cases) {
      const response = await t.call(organiser, 'POST', '/api/v1/activities', seminar(change));
      expect(response.statusCode, JSON.stringify(change)).toBe(400);
      expect(response.headers['content-type']).toContain('application/problem+json');
      const error = response.json().errors.find((e: { field: string }) => e.field === field);
      expect(error, `${field} in ${response.body}`).toBeDefined();
      expect(error.message).toContain(message);
    }
    expect((await t.db.select().from(activities)).length).toBe(before);
  });

  it('keeps a series as its rule and expands its meetings in a window, less the exceptions', async () => {
    const a = (
      await t.call(
        organiser,
        'POST',
        '/api/v1/activities',
        seminar({
          kind: 'working_group',
          start: '2027-01-05T10:00',
          end: '2027-01-05T11:30',
          recurrence: 'freq=monthly;byday=1tu',
          exceptionDates: ['2027-04-06'],
        }),
      )
    ).json();
    expect(a.recurrence).toBe('FREQ=MONTHLY;BYDAY=+1TU');
    const window = new URLSearchParams({ from: '2027-01-01T00:00:00Z', to: '2027-07-01T00:00:00Z' });
    const meetings = (
      await t.call(organiser, 'GET', `/api/v1/activities/${a.id}/occurrences?${window}`)
    ).json();
    expect(meetings.items.map((m: { localStart: string }) => m.localStart)).toEqual([
      '2027-01-05T10:00',
      '2027-02-02T10:00',
      '2027-03-02T10:00',
      '2027-05-04T10:00',
      '2027-06-01T10:00',
    ]);
    // Summer time: 10:00 in London is 09:00 UTC.
    expect(meetings.items[3].startsAt).toBe('2027-05-04T09:00:00.000Z');
    // The window is bounded: expanding a series costs time.
    const wide = new URLSearchParams({ from: '2027-01-01T00:00:00Z', to: '2037-01-01T00:00:00Z' });
    const refused = await t.call(organiser, 'GET', `/api/v1/activities/${a.id}/occurrences?${wide}`);
    expect(refused.statusCode).toBe(400);
    expect(refused.json().errors[0].field).toBe('to');
    const [row] = await rows(a.id);
    expect(row!.recurrence).toBe('FREQ=MONTHLY;BYDAY=+1TU');
  });

  it('never shows a confidential activity to someone it does not name: get, list, export', async () => {
    const secret = (
      await t.call(
        organiser,
        'POST',
        '/api/v1/activities',
        seminar({ title: 'Restructure consultation', visibility: 'confidential' }),
      )
    ).json();
    expect(secret.readers.map((r: { id: string }) => r.id)).toEqual([organiser.user.id]);
    expect((await t.call(outsider, 'GET', `/api/v1/activities/${secret.id}`)).statusCode).toBe(404);
    const list = (await t.call(outsider, 'GET', '/api/v1/activities?limit=500')).json();
    expect(list.items.some((a: { id: string }) => a.id === secret.id)).toBe(false);
    const csv = (await t.call(outsider, 'GET', '/api/v1/activities/export?format=csv')).body;
    expect(csv).not.toContain('Restructure consultation');
    expect((await t.call(outsider, 'GET', `/api/v1/activities/${secret.id}/invitations`)).statusCode).toBe(
      404,
    );
    // Its organiser and an administrator see it.
    expect((await t.call(admin, 'GET', `/api/v1/activities/${secret.id}`)).statusCode).toBe(200);
    expect((await t.call(organiser, 'GET', '/api/v1/activities/export?format=csv')).body).toContain(
      'Restructure consultation',
    );
  });

  it('lists upcoming and past activities by kind and unit, soonest first', async () => {
    const unit = (await buildUnit(t.db)).id;
    const planner = await t.signIn('staff', { unitId: unit });
    const later = (
      await t.call(
        planner,
        'POST',
        '/api/v1/activities',
        seminar({ kind: 'roadshow', start: '2027-09-01T09:00', end: '2027-09-01T12:00' }),
      )
    ).json();
    const sooner = (
      await t.call(
        planner,
        'POST',
        '/api/v1/activities',
        seminar({ kind: 'roadshow', start: '2027-08-01T09:00', end: '2027-08-01T12:00' }),
      )
    ).json();
    const past = (
      await t.call(
        planner,
        'POST',
        '/api/v1/activities',
        seminar({ kind: 'roadshow', start: '2025-08-01T09:00', end: '2025-08-01T12:00' }),
      )
    ).json();
    const ids = async (query: string) =>
      (await t.call(planner, 'GET', `/api/v1/activities?${query}`))
        .json()
        .items.map((a: { id: string }) => a.id);
    expect(await ids(`unitId=${unit}&when=upcoming`)).toEqual([sooner.id, later.id]);
    expect(await ids(`unitId=${unit}&when=past`)).toEqual([past.id]);
    expect(await ids(`unitId=${unit}&kind=seminar`)).toEqual([]);
    const bad = await t.call(planner, 'GET', '/api/v1/activities?when=someday');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('query.when');
  });
});
