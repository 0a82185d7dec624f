import { rrulestr } from 'rrule';

/**
 * A series' iCalendar rule in words, as rrule reads it ("Every month on the 1st Tuesday"), or
 * null when it is not a rule rrule can read (the server checks it and says why).
 */
export function repeatsInWords(rule: string): string | null {
  const trimmed = rule.trim();
  if (!trimmed) return null;
  try {
    const text = rrulestr(/^RRULE:/i.test(trimmed) ? trimmed : `RRULE:${trimmed}`).toText();
    return text ? text.charAt(0).toUpperCase() + text.slice(1) : null;
  } catch {
    return null;
  }
}
