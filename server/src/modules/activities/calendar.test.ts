import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import type { Activity } from '../../db/schema/activities.ts';
import { activityCalendar } from './calendar.ts';

const summer = {
  id: '0190f3a4-0000-7000-8000-000000000001',
  kind: 'seminar',
  title: 'Summer placements seminar',
  description: null,
  unitId: '0190f3a4-0000-7000-8000-000000000002',
  ownerId: '0190f3a4-0000-7000-8000-000000000003',
  // 14:00 in London in June is 13:00 UTC (British Summer Time).
  startsAt: new Date('2027-06-15T13:00:00Z'),
  endsAt: new Date('2027-06-15T15:00:00Z'),
  timeZone: 'Europe/London',
  format: 'in_person',
  location: 'Hub building',
  onlineUrl: null,
  capacity: null,
  visibility: 'institution',
  recurrence: 'FREQ=WEEKLY;COUNT=3',
  exceptionDates: ['2027-06-22'],
  version: 1,
  createdAt: new Date(),
  updatedAt: new Date(),
} satisfies Activity;

describe('an activity as iCalendar', () => {
  it('writes the local time in the activity’s zone beside its TZID, in summer time too', () => {
    const calendar = new ICAL.Component(ICAL.parse(activityCalendar(summer, 'Careers Service', null)));
    for (const zone of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(zone);
    const event = new ICAL.Event(calendar.getFirstSubcomponent('vevent')!);
    expect(event.component.getFirstProperty('dtstart')!.getParameter('tzid')).toBe('Europe/London');
    expect(event.startDate.toString()).toBe('2027-06-15T14:00:00');
    expect(event.startDate.toJSDate().toISOString()).toBe('2027-06-15T13:00:00.000Z');
    expect(event.endDate.toString()).toBe('2027-06-15T16:00:00');
    // The series skips 22 June at the same local time.
    const it = event.iterator();
    const dates: string[] = [];
    for (let next = it.next(); next; next = it.next()) dates.push(next.toString());
    expect(dates).toEqual(['2027-06-15T14:00:00', '2027-06-29T14:00:00']);
  });
});
