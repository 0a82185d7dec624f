import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calendarFeeds } from '../../db/schema/activities.ts';
import { users } from '../../db/schema/users.ts';
import { type Agent, createTestApp, type TestApp } from '../../test/app.ts';
import { buildUnit } from '../../test/factories/index.ts';

let t: TestApp;
let organiser: Agent;
let coOrganiser: Agent;
let outsider: Agent;

beforeAll(async () => {
  t = await createTestApp();
  const unit = (await buildUnit(t.db, { name: 'Careers Service' })).id;
  organiser = await t.signIn('staff', { unitId: unit });
  coOrganiser = await t.signIn('staff', { unitId: unit });
  outsider = await t.signIn('staff');
});
afterAll(() => t.close());

const schedule = async (agent: Agent, body: Record<string, unknown> = {}) => {
  const r = await t.call(agent, 'POST', '/api/v1/activities', {
    kind: 'working_group',
    title: `Placements working group ${randomUUID().slice(0, 6)}`,
    start: '2027-01-05T14:00',
    end: '2027-01-05T15:30',
    location: 'Room 2.14, Hub building',
    ...body,
  });
  expect(r.statusCode, r.body).toBe(201);
  return r.json() as { id: string; title: string };
};

const newFeed = async (agent: Agent) => {
  const r = await t.call(agent, 'POST', '/api/v1/me/calendar-feed');
  expect(r.statusCode, r.body).toBe(201);
  return r.json().path as string;
};

/** The feed read as a calendar program would, by an independent parser (ical.js). */
const read = async (path: string) => {
  const r = await t.call(null, 'GET', path);
  expect(r.statusCode, r.body).toBe(200);
  expect(r.headers['content-type']).toBe('text/calendar; charset=utf-8');
  return new ICAL.Component(ICAL.parse(r.body));
};
const eventsOf = (calendar: ICAL.Component) => calendar.getAllSubcomponents('vevent');
const titlesOf = (calendar: ICAL.Component) =>
  eventsOf(calendar).map((e) => String(e.getFirstPropertyValue('summary')));

describe('calendar feeds', () => {
  it("carries the activities I organise, series and exceptions included, in each one's own time zone", async () => {
    const series = await schedule(organiser, {
      recurrence: 'FREQ=MONTHLY;BYDAY=1TU',
      exceptionDates: ['2027-02-02'],
      timeZone: 'Europe/London',
      coOrganiserIds: [coOrganiser.user.id],
    });
    const paris = await schedule(organiser, {
      kind: 'seminar',
      title: `Employer seminar in Paris ${randomUUID().slice(0, 6)}`,
      start: '2027-06-10T09:30',
      end: '2027-06-10T12:00',
      timeZone: 'Europe/Paris',
    });
    const theirs = await schedule(outsider);
    const path = await newFeed(organiser);
    expect(path).toMatch(/^\/api\/v1\/public\/calendars\/cal_[A-Za-z0-9_-]{40,}\/activities\.ics$/);

    const calendar = await read(path);
    expect(titlesOf(calendar).sort()).toEqual([series.title, paris.title].sort());
    expect(titlesOf(calendar)).not.toContain(theirs.title);
    const zones = calendar.getAllSubcomponents('vtimezone').map((z) => z.getFirstPropertyValue('tzid'));
    expect(zones.sort()).toEqual(['Europe/London', 'Europe/Paris']);

    // Register the zones with the parser, so times are read in them (as a calendar program does).
    for (const zone of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(zone);
    const parisEvent = new ICAL.Event(
      eventsOf(calendar).find((e) => e.getFirstPropertyValue('summary') === paris.title)!,
    );
    expect(parisEvent.component.getFirstProperty('dtstart')!.getParameter('tzid')).toBe('Europe/Paris');
    expect(parisEvent.startDate.toString()).toBe('2027-06-10T09:30:00');
    expect(parisEvent.startDate.toJSDate().toISOString()).toBe('2027-06-10T07:30:00.000Z');

    // The series: first Tuesdays at 14:00 London time, skipping 2 February.
    const seriesEvent = new ICAL.Event(
      eventsOf(calendar).find((e) => e.getFirstPropertyValue('summary') === series.title)!,
    );
    expect(seriesEvent.isRecurring()).toBe(true);
    const it = seriesEvent.iterator();
    const dates: string[] = [];
    for (let next = it.next(); next && dates.length < 4; next = it.next()) dates.push(next.toString());
    expect(dates).toEqual([
      '2027-01-05T14:00:00',
      '2027-03-02T14:00:00',
      '2027-04-06T14:00:00',
      '2027-05-04T14:00:00',
    ]);

    // A co-organiser's feed has the series too.
    expect(titlesOf(await read(await newFeed(coOrganiser)))).toContain(series.title);
  });

  it('a confidential activity is in its organisers\u2019 feeds only, and an activity download is refused to others', async () => {
    const secret = await schedule(organiser, {
      title: 'Restructure consultation',
      visibility: 'confidential',
    });
    expect(titlesOf(await read(await newFeed(organiser)))).toContain('Restructure consultation');
    expect(titlesOf(await read(await newFeed(outsider)))).not.toContain('Restructure consultation');
    expect((await t.call(outsider, 'GET', `/api/v1/activities/${secret.id}/calendar`)).statusCode).toBe(404);
    const own = await t.call(organiser, 'GET', `/api/v1/activities/${secret.id}/calendar`);
    expect(own.statusCode).toBe(200);
    expect(own.headers['content-disposition']).toContain('attachment');
    const event = new ICAL.Component(ICAL.parse(own.body)).getFirstSubcomponent('vevent')!;
    expect(event.getFirstPropertyValue('summary')).toBe('Restructure consultation');
  });

  it('a new address replaces the old; stopping the feed, or the owner leaving, ends it', async () => {
    const me = await t.signIn('staff');
    const first = await newFeed(me);
    const second = await newFeed(me);
    expect((await t.call(null, 'GET', first)).statusCode).toBe(404);
    await read(second);
    const status = (await t.call(me, 'GET', '/api/v1/me/calendar-feed')).json();
    expect(status).toEqual({ active: true, createdAt: expect.any(String), lastReadAt: expect.any(String) });
    // Only the hash is kept.
    const [row] = await t.db.select().from(calendarFeeds).where(eq(calendarFeeds.userId, me.user.id));
    expect(second).not.toContain(row!.tokenHash);

    expect((await t.call(me, 'DELETE', '/api/v1/me/calendar-feed')).statusCode).toBe(204);
    expect((await t.call(null, 'GET', second)).statusCode).toBe(404);
    expect((await t.call(me, 'DELETE', '/api/v1/me/calendar-feed')).statusCode).toBe(404);
    expect((await t.call(me, 'GET', '/api/v1/me/calendar-feed')).json()).toEqual({
      active: false,
      createdAt: null,
      lastReadAt: null,
    });

    const leaver = await t.signIn('staff');
    const path = await newFeed(leaver);
    await t.db.update(users).set({ deactivatedAt: new Date() }).where(eq(users.id, leaver.user.id));
    expect((await t.call(null, 'GET', path)).statusCode).toBe(404);
  });

  it('answers a made-up, short or malformed address with a clear 400 or 404, never 500', async () => {
    const cases: [string, number][] = [
      [`/api/v1/public/calendars/cal_${'x'.repeat(43)}/activities.ics`, 404],
      ['/api/v1/public/calendars/short/activities.ics', 400],
      [`/api/v1/public/calendars/${'y'.repeat(300)}/activities.ics`, 414],
      [`/api/v1/public/calendars/cal_${'z'.repeat(30)}%00/activities.ics`, 400],
      [`/api/v1/activities/not-a-uuid/calendar`, 400],
    ];
    for (const [url, status] of cases) {
      const r = await t.call(url.includes('/public/') ? null : organiser, 'GET', url);
      expect(r.statusCode, `${url} ${r.body}`).toBe(status);
      expect(r.headers['content-type']).toContain('application/problem+json');
    }
    expect((await t.call(null, 'POST', '/api/v1/me/calendar-feed')).statusCode).toBe(401);
  });
});
