/**
 * Times and targets in words, for notifications, e-mails and screens: "Tue 27 Oct, 17:00", and
 * "Response due Tue 27 Oct, 17:00 — 24 working hours overdue". Always in the university's time
 * zone (the working calendar's), never the reader's machine's, so everyone reads the same hour.
 */

/** The working calendar's default zone (service levels may set another). */
export const UNIVERSITY_TIME_ZONE = 'Europe/London';

/**
 * One formatter per set of options, made once: making an Intl.DateTimeFormat costs far more than
 * using one, and a list draws a date or two on every row.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();
const formatter = (options: Intl.DateTimeFormatOptions) => {
  const key = JSON.stringify(options);
  let found = formatters.get(key);
  if (!found) {
    found = new Intl.DateTimeFormat('en-GB', options);
    formatters.set(key, found);
  }
  return found;
};

const parts = (date: Date, timeZone: string, withYear: boolean) => {
  const found = formatter({
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: withYear ? 'numeric' : undefined,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone,
  }).formatToParts(date);
  const get = (type: Intl.DateTimeFormatPartTypes) => found.find((p) => p.type === type)?.value ?? '';
  return {
    weekday: get('weekday'),
    day: get('day'),
    month: get('month'),
    year: get('year'),
    time: `${get('hour')}:${get('minute')}`,
  };
};

const yearIn = (date: Date, timeZone: string) => formatter({ year: 'numeric', timeZone }).format(date);

/** "Tue 27 Oct, 17:00"; the year is added when it is not the current one ("Tue 27 Oct 2027, 17:00"). */
export function momentInWords(
  when: string | Date,
  timeZone = UNIVERSITY_TIME_ZONE,
  now = new Date(),
): string {
  const date = typeof when === 'string' ? new Date(when) : when;
  const withYear = yearIn(date, timeZone) !== yearIn(now, timeZone);
  const p = parts(date, timeZone, withYear);
  return `${p.weekday} ${p.day} ${p.month}${withYear ? ` ${p.year}` : ''}, ${p.time}`;
}

/** "1 Dec 2026": the day in the university's time zone (the year always: lists compare across years). */
export function dayInWords(when: string | Date, timeZone = UNIVERSITY_TIME_ZONE): string {
  const date = typeof when === 'string' ? new Date(when) : when;
  return formatter({ day: 'numeric', month: 'short', year: 'numeric', timeZone }).format(date);
}

const hours = (n: number) => {
  const shown = Number.isInteger(n) ? String(n) : n.toFixed(1);
  return `${shown} working hour${shown === '1' ? '' : 's'}`;
};

/** "6 working hours left", "1 working hour left", "24 working hours overdue", "due now". */
export function workingHoursInWords(left: number): string {
  if (left === 0) return 'due now';
  return left > 0 ? `${hours(left)} left` : `${hours(-left)} overdue`;
}

/** "Response due Tue 27 Oct, 17:00 — 24 working hours overdue" (without hours: the due time alone). */
export function targetInWords(
  label: string,
  target: { dueAt: string; workingHoursLeft: number | null },
  timeZone = UNIVERSITY_TIME_ZONE,
  now = new Date(),
): string {
  const due = `${label} due ${momentInWords(target.dueAt, timeZone, now)}`;
  return target.workingHoursLeft === null ? due : `${due} — ${workingHoursInWords(target.workingHoursLeft)}`;
}
