import { DateTime } from 'luxon';
import rrule from 'rrule';

const { RRule } = rrule;

/** Local wall time "2026-12-08T14:00" in a zone, as an instant; null if the zone skips that time (a clock change). */
export function instantOf(local: string, zone: string): Date | null {
  const at = DateTime.fromISO(local, { zone });
  if (!at.isValid) return null;
  // A wall time the clocks jump over comes back shifted: it does not exist in that zone.
  if (at.toFormat("yyyy-MM-dd'T'HH:mm") !== local.slice(0, 16)) return null;
  return at.toJSDate();
}

/** An instant as wall time in a zone: "2026-12-08T14:00". */
export const localOf = (instant: Date, zone: string) =>
  DateTime.fromJSDate(instant, { zone }).toFormat("yyyy-MM-dd'T'HH:mm");

/**
 * Checks an RRULE (RFC 5545 recurrence rule, without DTSTART) and returns it in its normal
 * form, or a message saying what is wrong. The start comes from the activity, so a DTSTART
 * or UNTIL-less infinite rule is fine; a rule that never occurs is not.
 */
export function normaliseRule(text: string): { rule: string } | { error: string } {
  const body = text
    .trim()
    .replace(/^RRULE:/i, '')
    .toUpperCase();
  if (/DTSTART|\n/.test(body)) return { error: 'give the rule alone (FREQ=…), without DTSTART' };
  let options: ReturnType<typeof RRule.parseString>;
  try {
    options = RRule.parseString(body);
  } catch (error) {
    return { error: `is not a valid RRULE: ${(error as Error).message}` };
  }
  if (options.freq === undefined || options.freq === null)
    return { error: 'is not a valid RRULE: it needs FREQ (e.g. FREQ=WEEKLY)' };
  // Meetings repeat by the day at most; an hourly "series" would be thousands of meetings a year.
  if (options.freq > RRule.DAILY) return { error: 'repeats too often: use DAILY, WEEKLY, MONTHLY or YEARLY' };
  for (const key of ['count', 'interval', 'bysetpos'] as const) {
    const value = options[key];
    const values = Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
    if (values.some((v) => !Number.isInteger(v)))
      return { error: `is not a valid RRULE: ${key.toUpperCase()} must be a whole number` };
  }
  if (options.count !== undefined && options.count !== null && options.count < 1)
    return { error: 'is not a valid RRULE: COUNT must be at least 1' };
  try {
    const rule = new RRule({ ...options, dtstart: new Date(Date.UTC(2026, 0, 1)) });
    if (!rule.after(new Date(Date.UTC(2025, 11, 31)), true))
      return { error: 'is not a valid RRULE: it never occurs' };
    return { rule: RRule.optionsToString(options).replace(/^RRULE:/, '') };
  } catch (error) {
    return { error: `is not a valid RRULE: ${(error as Error).message}` };
  }
}

export type Series = {
  startsAt: Date;
  endsAt: Date;
  timeZone: string;
  recurrence: string | null;
  exceptionDates: string[];
};

export type Occurrence = { startsAt: Date; endsAt: Date; localStart: string };

/** Wall time as a "floating" UTC date, the way rrule expands local times without shifting them. */
const floating = (local: string) => new Date(`${local.slice(0, 16)}:00Z`);
const fromFloating = (date: Date) => date.toISOString().slice(0, 16);

/**
 * The occurrences of an activity that start in [from, to), at most `limit`: the one meeting of
 * a single activity, or a series expanded in its own time zone (a 2 pm meeting stays at 2 pm
 * across the clock change), less its exception dates.
 */
export function occurrencesOf(series: Series, from: Date, to: Date, limit = 200): Occurrence[] {
  const duration = series.endsAt.getTime() - series.startsAt.getTime();
  const first = localOf(series.startsAt, series.timeZone);
  const at = (local: string): Occurrence | null => {
    const startsAt = instantOf(local, series.timeZone);
    return startsAt ? { startsAt, endsAt: new Date(startsAt.getTime() + duration), localStart: local } : null;
  };
  if (!series.recurrence) {
    const only = { startsAt: series.startsAt, endsAt: series.endsAt, localStart: first };
    return only.startsAt >= from && only.startsAt < to ? [only] : [];
  }
  const rule = new RRule({ ...RRule.parseString(series.recurrence), dtstart: floating(first) });
  // The window in floating time, a day wider on each side for the zone's offset.
  const day = 86_400_000;
  const skipped = new Set(series.exceptionDates);
  const out: Occurrence[] = [];
  rule.between(new Date(from.getTime() - day), new Date(to.getTime() + day), true, (date) => {
    const local = fromFloating(date);
    const occurrence = skipped.has(local.slice(0, 10)) ? null : at(local);
    if (occurrence && occurrence.startsAt >= from && occurrence.startsAt < to) out.push(occurrence);
    return out.length < limit;
  });
  return out;
}
