import { describe, expect, it } from 'vitest';
import { isOccurrence, itemStatus, type Logged, pairCoverage } from './plan-status.ts';

const UNIT = 'unit-a';
const senior = { id: 'senior' };
const operational = { id: 'operational' };
const pairs = [
  { id: 'p1', level: senior, user: { id: 'director' }, contact: { id: 'head' }, cadenceDays: 30 },
  { id: 'p2', level: operational, user: { id: 'consultant' }, contact: { id: 'rep' }, cadenceDays: 14 },
];
const tp = (over: Partial<Logged>): Logged => ({
  id: 'tp',
  occurredAt: new Date('2026-11-20T10:00:00Z'),
  kind: 'meeting',
  unitId: UNIT,
  staffIds: ['director'],
  contactIds: ['head'],
  ...over,
});
const item = (over: Partial<Parameters<typeof isOccurrence>[1]> = {}) => ({
  channel: 'meeting' as const,
  direction: 'both' as const,
  frequencyDays: 7,
  levels: [] as { id: string }[],
  ...over,
});

describe('which touch points are occurrences of a plan item', () => {
  it('matches the channel’s kinds: a newsletter is logged as an e-mail', () => {
    expect(
      isOccurrence(
        tp({ kind: 'email' }),
        item({ channel: 'newsletter', direction: 'to_partner' }),
        UNIT,
        pairs,
      ),
    ).toBe(true);
    expect(isOccurrence(tp({ kind: 'call' }), item(), UNIT, pairs)).toBe(false);
  });

  it('needs someone of the partner’s for "both ways" and "from the partner", not for "to the partner"', () => {
    const alone = tp({ contactIds: [] });
    expect(isOccurrence(alone, item(), UNIT, pairs)).toBe(false);
    expect(isOccurrence(alone, item({ direction: 'from_partner' }), UNIT, pairs)).toBe(false);
    expect(isOccurrence(alone, item({ direction: 'to_partner' }), UNIT, pairs)).toBe(true);
  });

  it('counts another unit’s touch point only when one of the relationship’s peers took part', () => {
    expect(isOccurrence(tp({ unitId: 'other', staffIds: ['someone'] }), item(), UNIT, pairs)).toBe(false);
    expect(isOccurrence(tp({ unitId: 'other', staffIds: ['consultant'] }), item(), UNIT, pairs)).toBe(true);
  });

  it('needs both sides at the item’s level', () => {
    const atSenior = item({ levels: [senior] });
    expect(isOccurrence(tp({}), atSenior, UNIT, pairs)).toBe(true);
    expect(isOccurrence(tp({ contactIds: ['rep'] }), atSenior, UNIT, pairs)).toBe(false);
    expect(isOccurrence(tp({ staffIds: ['consultant'], contactIds: ['rep'] }), atSenior, UNIT, pairs)).toBe(
      false,
    );
    expect(
      isOccurrence(
        tp({ staffIds: ['director'], contactIds: [] }),
        item({ levels: [senior], direction: 'to_partner' }),
        UNIT,
        pairs,
      ),
    ).toBe(true);
  });
});

describe('an item’s status', () => {
  it('is due a frequency after the start when nothing happened, and overdue after that', () => {
    expect(itemStatus([], 7, '2026-11-20', '2026-11-27')).toMatchObject({
      nextDueOn: '2026-11-27',
      overdue: false,
      lastAt: null,
    });
    expect(itemStatus([], 7, '2026-11-20', '2026-11-28')).toMatchObject({ overdue: true });
  });

  it('is due a frequency after the last occurrence, in the university’s time zone', () => {
    // 23:30 UTC on 30 Nov is 23:30 in London (GMT); 23:30 UTC on 30 June is 00:30 on 1 July (BST).
    expect(itemStatus([new Date('2026-06-30T23:30:00Z')], 7, '2026-01-01', '2026-07-03').nextDueOn).toBe(
      '2026-07-08',
    );
    expect(itemStatus([new Date('2026-11-30T23:30:00Z')], 7, '2026-01-01', '2026-12-01').nextDueOn).toBe(
      '2026-12-07',
    );
  });

  it('counts the periods of the last year that held an occurrence', () => {
    const occurrences = ['2026-01-05', '2026-01-06', '2026-02-20'].map((d) => new Date(`${d}T10:00:00Z`));
    // Monthly from 1 Jan: periods 1 Jan–31 Jan, 31 Jan–2 Mar, 2 Mar–1 Apr; the first two were met.
    expect(itemStatus(occurrences, 30, '2026-01-01', '2026-04-01').adherence).toEqual({
      periods: 3,
      met: 2,
      percent: 67,
    });
    // No full period yet: no share to give.
    expect(itemStatus([], 30, '2026-03-20', '2026-04-01').adherence).toEqual({
      periods: 0,
      met: 0,
      percent: null,
    });
    // A relationship older than a year is measured over the last year alone.
    expect(itemStatus([], 7, '2020-01-01', '2026-12-01').adherence.periods).toBe(52);
  });
});

describe('a peer pair’s coverage', () => {
  const now = new Date('2026-12-01T12:00:00Z');
  it('is the last touch point both took part in, silent past the cadence', () => {
    const last = new Date('2026-11-10T10:00:00Z');
    const seen = pairCoverage(pairs[0]!, [tp({ occurredAt: last })], pairs, now);
    expect(seen).toMatchObject({ lastTwoWayAt: last.toISOString(), silent: false, notPeerCount: 0 });
    expect(
      pairCoverage(pairs[0]!, [tp({ occurredAt: new Date('2026-10-01T10:00:00Z') })], pairs, now).silent,
    ).toBe(true);
    expect(pairCoverage(pairs[1]!, [tp({})], pairs, now)).toMatchObject({ lastTwoWayAt: null, silent: true });
  });

  it('counts a touch point between people at different levels as not peer, for both pairs', () => {
    const across = tp({ staffIds: ['director'], contactIds: ['rep'] });
    expect(pairCoverage(pairs[0]!, [across], pairs, now)).toMatchObject({ notPeerCount: 1, silent: true });
    expect(pairCoverage(pairs[1]!, [across], pairs, now)).toMatchObject({ notPeerCount: 1 });
    // Someone with no level in this relationship is not "another level".
    expect(pairCoverage(pairs[0]!, [tp({ contactIds: ['head', 'visitor'] })], pairs, now).notPeerCount).toBe(
      0,
    );
  });
});
