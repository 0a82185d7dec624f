import { describe, expect, it } from 'vitest';
import { informedBefore, median } from './measure.ts';

const DAY = 86_400_000;
const raised = new Date('2026-03-20T12:00:00Z');
const daysBefore = (days: number) => new Date(raised.getTime() - days * DAY);

describe('informed before it escalated (the arithmetic)', () => {
  it('takes the median, the mean of the middle two for an even count', () => {
    expect(median([])).toBeNull();
    expect(median([5])).toBe(5);
    expect(median([9, 1, 4])).toBe(4);
    expect(median([1, 4, 9, 10])).toBe(6.5);
  });

  it('counts per unit the share briefed before and the median days earlier; a never-briefed one counts only below the line', () => {
    const rows = [
      { unitId: 'u1', unitName: 'Research Office', raisedAt: raised, firstBriefedAt: daysBefore(3) },
      { unitId: 'u1', unitName: 'Research Office', raisedAt: raised, firstBriefedAt: daysBefore(10) },
      { unitId: 'u1', unitName: 'Research Office', raisedAt: raised, firstBriefedAt: null },
      { unitId: 'u2', unitName: 'Careers', raisedAt: raised, firstBriefedAt: null },
      { unitId: 'u3', unitName: 'Estates', raisedAt: raised, firstBriefedAt: daysBefore(1.25) },
    ];
    expect(informedBefore(rows)).toEqual([
      {
        unitId: 'u2',
        unitName: 'Careers',
        escalations: 1,
        briefedBefore: 0,
        share: 0,
        medianDaysEarlier: null,
      },
      {
        unitId: 'u3',
        unitName: 'Estates',
        escalations: 1,
        briefedBefore: 1,
        share: 1,
        medianDaysEarlier: 1.3,
      },
      {
        unitId: 'u1',
        unitName: 'Research Office',
        escalations: 3,
        briefedBefore: 2,
        share: 2 / 3,
        medianDaysEarlier: 6.5,
      },
    ]);
  });
});
