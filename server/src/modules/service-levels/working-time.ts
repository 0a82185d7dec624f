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
function* windows(calendar: WorkingCalendar, from: Date, days = HORIZON_DAYS): Generator<[number, number]> {
  const open = clock(calendar.start);
  const close = clock(calendar.end);
  let day = DateTime.fromJSDate(from, { zone: calendar.timeZone }).startOf('day');
  for (let i = 0; i < days; i++, day = day.plus({ days: 1 })) {
    if (!calendar.days.includes(day.weekday) || calendar.holidays.has(day.toISODate()!)) continue;
    const start = day.set({ ...open, second: 0, millisecond: 0 }).toMillis();
    const end = day.set({ ...close, second: 0, millisecond: 0 }).toMillis();
    if (end > start) yield [start, end];
  }
}

export class NoWorkingTimeError extends Error {
  override name = 'NoWorkingTimeError';
}

/**
 * Every working window from two years back to three years ahead, with the working time before
 * each: sums and searches instead of walking day by day (a list page computes two targets per
 * request). Built once per calendar object; moments outside the span take the day-by-day path.
 */
type WindowIndex = {
  starts: Float64Array;
  ends: Float64Array;
  before: Float64Array;
  from: number;
  to: number;
  builtAt: number;
};
/** Keyed by the calendar's content, so every copy of the same calendar shares one index. */
const indexes = new Map<string, WindowIndex>();
const INDEX_BACK_DAYS = 2 * 366;
const INDEX_MAX_AGE_MS = 86_400_000;

function indexOf(calendar: WorkingCalendar): WindowIndex {
  const key = JSON.stringify([
    calendar.timeZone,
    calendar.days,
    calendar.start,
    calendar.end,
    [...calendar.holidays].sort(),
  ]);
  let index = indexes.get(key);
  if (index && Date.now() - index.builtAt < INDEX_MAX_AGE_MS) return index;
  const from = Date.now() - INDEX_BACK_DAYS * 86_400_000;
  const list: [number, number][] = [];
  for (const w of windows(calendar, new Date(from), INDEX_BACK_DAYS + HORIZON_DAYS)) list.push(w);
  const starts = new Float64Array(list.length);
  const ends = new Float64Array(list.length);
  const before = new Float64Array(list.length + 1);
  list.forEach(([s, e], i) => {
    starts[i] = s;
    ends[i] = e;
    before[i + 1] = before[i]! + (e - s);
  });
  index = {
    starts,
    ends,
    before,
    from: list[0]?.[0] ?? from,
    to: list.at(-1)?.[1] ?? from,
    builtAt: Date.now(),
  };
  if (indexes.size >= 16) indexes.clear();
  indexes.set(key, index);
  return index;
}

/** Working ms from the index's first window to `t`. */
function workedUntil(index: WindowIndex, t: number): number {
  let lo = 0;
  let hi = index.starts.length; // first window starting after t
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (index.starts[mid]! <= t) lo = mid + 1;
    else hi = mid;
  }
  if (lo === 0) return 0;
  const i = lo - 1;
  return index.before[i]! + Math.min(t, index.ends[i]!) - index.starts[i]!;
}

const inside = (index: WindowIndex, ...moments: number[]) =>
  index.starts.length > 0 && moments.every((t) => t >= index.from && t <= index.to);

/** The moment `hours` working hours after `from` (from the next working moment when `from` is outside hours). */
export function addWorkingHours(calendar: WorkingCalendar, from: Date, hours: number): Date {
  const t = from.getTime();
  const index = indexOf(calendar);
  if (hours > 0 && inside(index, t)) {
    const target = workedUntil(index, t) + hours * HOUR_MS;
    if (target <= index.before[index.starts.length]!) {
      // The first window whose end reaches the target (and ends after `from`).
      let lo = 0;
      let hi = index.starts.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (index.before[mid + 1]! >= target) hi = mid;
        else lo = mid + 1;
      }
      if (index.ends[lo]! <= t) lo++;
      return new Date(index.starts[lo]! + (target - index.before[lo]!));
    }
  }
  return addWorkingHoursStepwise(calendar, from, hours);
}

function addWorkingHoursStepwise(calendar: WorkingCalendar, from: Date, hours: number): Date {
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

/** The moment `hours` working hours after `from`, or null when the calendar has too little working time within three years. */
export function addWorkingHoursWithin(calendar: WorkingCalendar, from: Date, hours: number): Date | null {
  try {
    return addWorkingHours(calendar, from, hours);
  } catch (error) {
    if (error instanceof NoWorkingTimeError) return null;
    throw error;
  }
}

/** Working milliseconds between two moments; negative when `to` is before `from`. */
export function workingMsBetween(calendar: WorkingCalendar, from: Date, to: Date): number {
  if (to < from) return -workingMsBetween(calendar, to, from);
  const index = indexOf(calendar);
  if (inside(index, from.getTime(), to.getTime()))
    return workedUntil(index, to.getTime()) - workedUntil(index, from.getTime());
  return workingMsStepwise(calendar, from, to);
}

function workingMsStepwise(calendar: WorkingCalendar, from: Date, to: Date): number {
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

/** The day-by-day versions, for tests that check the indexed ones against them. */
export const stepwise = { addWorkingHours: addWorkingHoursStepwise, workingMsBetween: workingMsStepwise };
