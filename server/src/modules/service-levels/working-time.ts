import { DateTime } from 'luxon';

/** The hours the service-level clocks run: weekdays (ISO, 1 = Monday), a daily window, in one time zone. */
export type WorkingWeek = {
  timeZone: string;
  days: number[];
  /** "HH:MM", local time. */
  start: string;
  end: string;
};

/** A working week and the closed days (ISO dates) it skips. */
export type WorkingCalendar = WorkingWeek & { holidays: ReadonlySet<string> };

const HOUR_MS = 3_600_000;
/** No target is longer than this; a calendar with no working time at all stops here instead of looping. */
const HORIZON_DAYS = 3 * 366;

const clock = (hhmm: string) => {
  const [hour, minute] = hhmm.split(':').map(Number);
  return { hour: hour!, minute: minute! };
};

/** The working windows [start, end) in epoch ms, day by day from the local day containing `from`. */
function* windows(calendar: WorkingCalendar, from: Date): Generator<[number, number]> {
  const open = clock(calendar.start);
  const close = clock(calendar.end);
  let day = DateTime.fromJSDate(from, { zone: calendar.timeZone }).startOf('day');
  for (let i = 0; i < HORIZON_DAYS; i++, day = day.plus({ days: 1 })) {
    if (!calendar.days.includes(day.weekday) || calendar.holidays.has(day.toISODate()!)) continue;
    const start = day.set({ ...open, second: 0, millisecond: 0 }).toMillis();
    const end = day.set({ ...close, second: 0, millisecond: 0 }).toMillis();
    if (end > start) yield [start, end];
  }
}

export class NoWorkingTimeError extends Error {
  override name = 'NoWorkingTimeError';
}

/** The moment `hours` working hours after `from` (from the next working moment when `from` is outside hours). */
export function addWorkingHours(calendar: WorkingCalendar, from: Date, hours: number): Date {
  let remaining = hours * HOUR_MS;
  const t = from.getTime();
  for (const [start, end] of windows(calendar, from)) {
    const begin = Math.max(start, t);
    if (begin >= end) continue;
    if (remaining <= end - begin) return new Date(begin + remaining);
    remaining -= end - begin;
  }
  throw new NoWorkingTimeError('The working week has no working time within three years');
}

/** Working milliseconds between two moments; negative when `to` is before `from`. */
export function workingMsBetween(calendar: WorkingCalendar, from: Date, to: Date): number {
  if (to < from) return -workingMsBetween(calendar, to, from);
  const a = from.getTime();
  const b = to.getTime();
  let total = 0;
  for (const [start, end] of windows(calendar, from)) {
    if (start >= b) break;
    total += Math.max(0, Math.min(end, b) - Math.max(start, a));
  }
  return total;
}

export const workingHoursBetween = (calendar: WorkingCalendar, from: Date, to: Date) =>
  workingMsBetween(calendar, from, to) / HOUR_MS;
