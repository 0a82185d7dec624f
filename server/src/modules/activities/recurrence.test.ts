import { describe, expect, it } from 'vitest';
import { instantOf, localOf, normaliseRule, occurrencesOf } from './recurrence.ts';

describe('activity time and recurrence', () => {
  it('turns local wall time into an instant in the zone, and refuses a time the clocks skip', () => {
    expect(instantOf('2026-12-08T14:00', 'Europe/London')!.toISOString()).toBe('2026-12-08T14:00:00.000Z');
    expect(instantOf('2026-07-08T14:00', 'Europe/London')!.toISOString()).toBe('2026-07-08T13:00:00.000Z');
    expect(instantOf('2026-03-29T01:30', 'Europe/London')).toBeNull();
    expect(localOf(new Date('2026-07-08T13:00:00Z'), 'Europe/London')).toBe('2026-07-08T14:00');
  });

  it('accepts a valid RRULE in its normal form and explains an invalid one', () => {
    expect(normaliseRule('rrule:freq=monthly;byday=1tu')).toEqual({ rule: 'FREQ=MONTHLY;BYDAY=+1TU' });
    expect(normaliseRule('FREQ=SOMETIMES')).toMatchObject({ error: expect.stringContaining('FREQ') });
    expect(normaliseRule('hello')).toMatchObject({ error: expect.stringContaining('not a valid RRULE') });
    expect(normaliseRule('FREQ=WEEKLY;COUNT=x')).toMatchObject({ error: expect.stringContaining('COUNT') });
    expect(normaliseRule('FREQ=WEEKLY;COUNT=0')).toMatchObject({ error: expect.stringContaining('COUNT') });
    expect(normaliseRule('FREQ=MINUTELY')).toMatchObject({ error: expect.stringContaining('too often') });
  });

  it('expands a series in its own zone across the clock change, skipping exception dates', () => {
    // The first Tuesday of each month at 10:00 London time, from March 2026; April's is skipped.
    const series = {
      startsAt: new Date('2026-03-03T10:00:00Z'),
      endsAt: new Date('2026-03-03T11:30:00Z'),
      timeZone: 'Europe/London',
      recurrence: 'FREQ=MONTHLY;BYDAY=1TU;COUNT=4',
      exceptionDates: ['2026-04-07'],
    };
    const all = occurrencesOf(series, new Date('2026-01-01Z'), new Date('2027-01-01Z'));
    expect(all.map((o) => o.localStart)).toEqual([
      '2026-03-03T10:00',
      '2026-05-05T10:00',
      '2026-06-02T10:00',
    ]);
    // In summer time 10:00 London is 09:00 UTC, and the length stays 90 minutes.
    expect(all[1]!.startsAt.toISOString()).toBe('2026-05-05T09:00:00.000Z');
    expect(all[1]!.endsAt.toISOString()).toBe('2026-05-05T10:30:00.000Z');
    // A window shows only what starts in it.
    expect(
      occurrencesOf(series, new Date('2026-05-10Z'), new Date('2026-07-01Z')).map((o) => o.localStart),
    ).toEqual(['2026-06-02T10:00']);
  });

  it('shows a single activity once, inside its window only', () => {
    const single = {
      startsAt: new Date('2026-12-08T14:00:00Z'),
      endsAt: new Date('2026-12-08T16:00:00Z'),
      timeZone: 'Europe/London',
      recurrence: null,
      exceptionDates: [],
    };
    expect(occurrencesOf(single, new Date('2026-12-01Z'), new Date('2027-01-01Z'))).toHaveLength(1);
    expect(occurrencesOf(single, new Date('2027-01-01Z'), new Date('2028-01-01Z'))).toHaveLength(0);
  });
});
