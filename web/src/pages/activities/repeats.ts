import { rrulestr } from 'rrule';

/**
 * A series' iCalendar rule in words, as rrule reads it ("Every month on the 1st Tuesday"), or
 * null when it is not a rule rrule can read (the server checks it and says why).
 */
export function repeatsInWords(rule: string): string | null {
  const trimmed = rule.trim();
  if (!trimmed) return null;
  try {
    const rule = rrulestr(/^RRULE:/i.test(trimmed) ? trimmed : `RRULE:${trimmed}`);
    // Dates the British way: "until 31 July 2027".
    const text = rule.toText(undefined, undefined, (year, month, day) => `${day} ${month} ${year}`);
    return text ? text.charAt(0).toUpperCase() + text.slice(1) : null;
  } catch {
    return null;
  }
}

/** How a series repeats, as people say it; `custom` is an iCalendar rule typed in. */
export const repeatChoices = [
  'none',
  'weekly',
  'fortnightly',
  'monthly_weekday',
  'monthly_date',
  'weekdays',
  'custom',
] as const;
export type RepeatChoice = (typeof repeatChoices)[number];

/** When a series stops: never, after a number of meetings, or on a date (inclusive). */
export const repeatEnds = ['never', 'count', 'until'] as const;
export type RepeatEnd = (typeof repeatEnds)[number];

export type Repeat = {
  choice: RepeatChoice;
  ends: RepeatEnd;
  count: number | string;
  until: string;
  /** The typed rule, for `custom`. */
  rule: string;
};

export const noRepeat: Repeat = { choice: 'none', ends: 'never', count: '', until: '', rule: '' };

const DAYS = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'] as const;
const DAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const NTH = ['first', 'second', 'third', 'fourth'];

/** The weekday, day of month and week of month of a local start ("2027-01-12T14:00"). */
function startOf(start: string) {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(start);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const weekday = new Date(Date.UTC(y, mo - 1, d)).getUTCDay();
  // The 29th to 31st are in no "nth" week of every month: they are the last such weekday.
  const nth = d > 28 ? -1 : Math.ceil(d / 7);
  return { weekday, day: d, nth };
}

/** The rule's own part of each choice for a series starting at `start`, or null without a start. */
function presetRule(choice: RepeatChoice, start: string): string | null {
  const s = startOf(start);
  if (!s) return null;
  const day = DAYS[s.weekday];
  switch (choice) {
    case 'weekly':
      return `FREQ=WEEKLY;BYDAY=${day}`;
    case 'fortnightly':
      return `FREQ=WEEKLY;INTERVAL=2;BYDAY=${day}`;
    case 'monthly_weekday':
      return `FREQ=MONTHLY;BYDAY=${s.nth === -1 ? '-1' : s.nth}${day}`;
    case 'monthly_date':
      return `FREQ=MONTHLY;BYMONTHDAY=${s.day}`;
    case 'weekdays':
      return 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR';
    default:
      return null;
  }
}

/** The choices offered for a series starting at `start`, each in words ("Every week on Tuesday"). */
export function repeatOptions(start: string): { value: RepeatChoice; label: string }[] {
  const s = startOf(start);
  const name = s ? DAY_NAMES[s.weekday] : null;
  const options: { value: RepeatChoice; label: string }[] = [{ value: 'none', label: 'Does not repeat' }];
  if (s && name) {
    const nth = s.nth === -1 ? 'last' : NTH[s.nth - 1];
    options.push(
      { value: 'weekly', label: `Every week on ${name}` },
      { value: 'fortnightly', label: `Every two weeks on ${name}` },
      { value: 'monthly_weekday', label: `Every month on the ${nth} ${name}` },
      { value: 'monthly_date', label: `Every month on day ${s.day}` },
      { value: 'weekdays', label: 'Every working day (Monday to Friday)' },
    );
  }
  options.push({ value: 'custom', label: 'Another rule (iCalendar)…' });
  return options;
}

/** The iCalendar rule a choice makes for a series starting at `start`, or null for none. */
export function ruleOf(repeat: Repeat, start: string): string | null {
  if (repeat.choice === 'none') return null;
  if (repeat.choice === 'custom') return repeat.rule.trim() || null;
  const base = presetRule(repeat.choice, start);
  if (!base) return null;
  if (repeat.ends === 'count' && repeat.count !== '') return `${base};COUNT=${Number(repeat.count)}`;
  if (repeat.ends === 'until' && /^\d{4}-\d{2}-\d{2}$/.test(repeat.until))
    return `${base};UNTIL=${repeat.until.replaceAll('-', '')}T235959Z`;
  return base;
}

const partsOf = (rule: string) =>
  new Map(
    rule
      .trim()
      .replace(/^RRULE:/i, '')
      .toUpperCase()
      .split(';')
      .filter(Boolean)
      .map((p) => p.split('=') as [string, string]),
  );

/**
 * The choice a stored rule reads as for a series starting at `start`: one of the choices when it
 * is exactly one of them (with its end), otherwise `custom` with the rule as typed.
 */
export function repeatOf(rule: string | null, start: string): Repeat {
  if (!rule?.trim()) return noRepeat;
  const parts = partsOf(rule);
  if (parts.get('INTERVAL') === '1') parts.delete('INTERVAL');
  const count = parts.get('COUNT');
  const until = parts.get('UNTIL');
  parts.delete('COUNT');
  parts.delete('UNTIL');
  const untilDay = until && /^(\d{4})(\d{2})(\d{2})/.exec(until);
  const ends: Pick<Repeat, 'ends' | 'count' | 'until'> =
    count && /^\d+$/.test(count)
      ? { ends: 'count', count: Number(count), until: '' }
      : untilDay
        ? { ends: 'until', count: '', until: `${untilDay[1]}-${untilDay[2]}-${untilDay[3]}` }
        : { ends: 'never', count: '', until: '' };
  if (count && until) return { ...noRepeat, choice: 'custom', rule };
  for (const choice of repeatChoices) {
    const preset = presetRule(choice, start);
    if (!preset) continue;
    const wanted = partsOf(preset);
    if (wanted.size === parts.size && [...wanted].every(([k, v]) => parts.get(k) === v))
      return { ...noRepeat, choice, ...ends };
  }
  return { ...noRepeat, choice: 'custom', rule };
}
