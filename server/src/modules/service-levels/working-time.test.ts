import { describe, expect, it } from 'vitest';
import {
  addWorkingHours,
  NoWorkingTimeError,
  stepwise,
  type WorkingCalendar,
  workingHoursBetween,
  workingMsBetween,
} from './working-time.ts';

const london = (holidays: string[] = []): WorkingCalendar => ({
  timeZone: 'Europe/London',
  days: [1, 2, 3, 4, 5],
  start: '09:00',
  end: '17:00',
  holidays: new Set(holidays),
});
const at = (iso: string) => new Date(iso);

describe('working-hours arithmetic', () => {
  it('counts within one working day', () => {
    // Monday 2026-11-23, 10:00 GMT (London is on UTC in November).
    expect(addWorkingHours(london(), at('2026-11-23T10:00:00Z'), 4).toISOString()).toBe(
      '2026-11-23T14:00:00.000Z',
    );
  });

  it('carries over to the next morning at the end of the day', () => {
    expect(addWorkingHours(london(), at('2026-11-23T15:00:00Z'), 4).toISOString()).toBe(
      '2026-11-24T11:00:00.000Z',
    );
  });

  it('starts the clock at the next opening when raised out of hours', () => {
    expect(addWorkingHours(london(), at('2026-11-23T20:00:00Z'), 1).toISOString()).toBe(
      '2026-11-24T10:00:00.000Z',
    );
    expect(addWorkingHours(london(), at('2026-11-23T06:00:00Z'), 1).toISOString()).toBe(
      '2026-11-23T10:00:00.000Z',
    );
  });

  it('skips the weekend', () => {
    // Friday 2026-11-27 16:00 + 2h → Monday 2026-11-30 10:00.
    expect(addWorkingHours(london(), at('2026-11-27T16:00:00Z'), 2).toISOString()).toBe(
      '2026-11-30T10:00:00.000Z',
    );
    // Raised on Saturday: the clock starts Monday 09:00.
    expect(addWorkingHours(london(), at('2026-11-28T12:00:00Z'), 8).toISOString()).toBe(
      '2026-11-30T17:00:00.000Z',
    );
  });

  it('skips holidays, including a run of them over Christmas', () => {
    const christmas = london(['2026-12-25', '2026-12-28']);
    // Thursday 24 Dec 16:00 + 2h: Fri 25 (holiday), weekend, Mon 28 (holiday) → Tue 29 10:00.
    expect(addWorkingHours(christmas, at('2026-12-24T16:00:00Z'), 2).toISOString()).toBe(
      '2026-12-29T10:00:00.000Z',
    );
    expect(workingHoursBetween(christmas, at('2026-12-24T16:00:00Z'), at('2026-12-29T10:00:00Z'))).toBe(2);
  });

  it('follows the local clock across the change to summer time', () => {
    // Friday 2027-03-26 16:00 GMT; on Monday 29 March London is on BST (UTC+1): 09:00 local = 08:00Z.
    expect(addWorkingHours(london(), at('2027-03-26T16:00:00Z'), 2).toISOString()).toBe(
      '2027-03-29T09:00:00.000Z',
    );
  });

  it('measures working hours between two moments, negative when reversed', () => {
    const monday = at('2026-11-23T09:00:00Z');
    const nextMonday = at('2026-11-30T09:00:00Z');
    expect(workingHoursBetween(london(), monday, nextMonday)).toBe(40);
    expect(workingHoursBetween(london(), nextMonday, monday)).toBe(-40);
    expect(workingHoursBetween(london(), at('2026-11-28T10:00:00Z'), at('2026-11-29T18:00:00Z'))).toBe(0);
  });

  it('is the inverse of adding hours, across weekends and holidays', () => {
    const calendar = london(['2026-12-25']);
    const start = at('2026-12-21T13:37:00Z');
    for (const hours of [0.5, 3, 8, 17, 40, 120]) {
      expect(workingHoursBetween(calendar, start, addWorkingHours(calendar, start, hours))).toBeCloseTo(
        hours,
        6,
      );
    }
  });

  it('honours another working week and time zone', () => {
    const gulf: WorkingCalendar = {
      timeZone: 'Asia/Dubai',
      days: [1, 2, 3, 4, 5],
      start: '08:00',
      end: '16:00',
      holidays: new Set(),
    };
    // Monday 2026-11-23 15:00 Dubai (11:00Z) + 2h → Tuesday 09:00 Dubai (05:00Z).
    expect(addWorkingHours(gulf, at('2026-11-23T11:00:00Z'), 2).toISOString()).toBe(
      '2026-11-24T05:00:00.000Z',
    );
  });

  it('refuses a calendar without working time instead of looping', () => {
    expect(() => addWorkingHours({ ...london(), days: [] }, at('2026-11-23T09:00:00Z'), 1)).toThrow(
      NoWorkingTimeError,
    );
  });

  it('answers the same from its window index as day by day, at a thousand random moments', () => {
    const calendar = london(['2026-12-25', '2026-12-28', '2027-01-01', '2027-04-02']);
    let seed = 7;
    const random = () => {
      seed = (seed * 16807) % 2147483647;
      return seed / 2147483647;
    };
    const year = 365 * 86_400_000;
    for (let i = 0; i < 1000; i++) {
      const a = new Date(Date.now() - year + random() * 2 * year);
      const b = new Date(a.getTime() + (random() - 0.3) * 90 * 86_400_000);
      const hours = Math.round(random() * 300 * 4) / 4;
      expect(workingMsBetween(calendar, a, b)).toBe(
        b < a ? -stepwise.workingMsBetween(calendar, b, a) : stepwise.workingMsBetween(calendar, a, b),
      );
      expect(addWorkingHours(calendar, a, hours).getTime()).toBe(
        stepwise.addWorkingHours(calendar, a, hours).getTime(),
      );
    }
  });
});
