import { describe, expect, it } from 'vitest';
import { dayInWords, momentInWords, targetInWords, workingHoursInWords } from './wording.ts';

const now = new Date('2026-10-20T09:00:00Z');

describe('times and targets in words', () => {
  it('writes a moment in the university time zone, summer time included', () => {
    // 16:00 UTC is 17:00 in London while British Summer Time lasts (until 25 Oct 2026)…
    expect(momentInWords('2026-10-23T16:00:00.000Z', 'Europe/London', now)).toBe('Fri 23 Oct, 17:00');
    // …and 17:00 UTC is 17:00 once the clocks have gone back.
    expect(momentInWords('2026-10-27T17:00:00.000Z', 'Europe/London', now)).toBe('Tue 27 Oct, 17:00');
    expect(momentInWords('2026-10-27T17:00:00.000Z', 'Asia/Singapore', now)).toBe('Wed 28 Oct, 01:00');
  });

  it('adds the year only when it is not this year', () => {
    expect(momentInWords('2027-01-05T09:30:00Z', 'Europe/London', now)).toBe('Tue 5 Jan 2027, 09:30');
  });

  it('says hours left or overdue, never a negative number', () => {
    expect(workingHoursInWords(6)).toBe('6 working hours left');
    expect(workingHoursInWords(1)).toBe('1 working hour left');
    expect(workingHoursInWords(-192)).toBe('192 working hours overdue');
    expect(workingHoursInWords(-0.5)).toBe('0.5 working hours overdue');
    expect(workingHoursInWords(0)).toBe('due now');
  });

  it('writes a target as the issue asks', () => {
    expect(
      targetInWords(
        'Response',
        { dueAt: '2026-10-27T17:00:00.000Z', workingHoursLeft: -24 },
        'Europe/London',
        now,
      ),
    ).toBe('Response due Tue 27 Oct, 17:00 — 24 working hours overdue');
    expect(
      targetInWords(
        'Resolution',
        { dueAt: '2026-10-27T17:00:00.000Z', workingHoursLeft: null },
        'Europe/London',
        now,
      ),
    ).toBe('Resolution due Tue 27 Oct, 17:00');
  });

  it('gives the day in the university zone, not the reader machine', () => {
    // 23:30 in London on 1 December is already 2 December in Auckland, still 1 December in New York.
    expect(dayInWords('2026-12-01T23:30:00.000Z', 'Europe/London')).toBe('1 Dec 2026');
    expect(dayInWords('2026-12-01T23:30:00.000Z', 'Pacific/Auckland')).toBe('2 Dec 2026');
    expect(dayInWords('2026-12-02T03:00:00.000Z', 'America/New_York')).toBe('1 Dec 2026');
  });
});
