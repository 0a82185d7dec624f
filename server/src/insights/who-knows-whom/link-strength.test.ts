import { describe, expect, it } from 'vitest';
import { type LinkFacts, linkStrength } from './link-strength.ts';

const now = new Date('2026-06-30T12:00:00Z');
const daysAgo = (n: number) => new Date(now.getTime() - n * 86_400_000);
const facts = (over: Partial<LinkFacts> = {}): LinkFacts => ({
  touchpoints: 1,
  twoWay: 0,
  lastYear: 1,
  events: 0,
  firstContact: now,
  lastContact: now,
  ...over,
});
const part = (r: ReturnType<typeof linkStrength>, key: string) => r.parts.find((p) => p.key === key)!;

describe('link strength', () => {
  it('the README worked example: 10 touch points, 6 two-way, 9 this year, 2 events, first a year ago, last 9 days ago', () => {
    const r = linkStrength(
      facts({
        touchpoints: 10,
        twoWay: 6,
        lastYear: 9,
        events: 2,
        firstContact: daysAgo(365),
        lastContact: daysAgo(9),
      }),
      now,
    );
    // 30 × 0.5^(9/90) + 25 × 9/12 + 20 × 6/10 + 15 × 356/730 + 10 × 2/4 = 27.99 + 18.75 + 12 + 7.32 + 5 = 71.06
    expect(r.strength).toBe(71);
    expect(r.parts.map((p) => [p.key, p.value, p.points])).toEqual([
      ['recency', 0.93, 27.99],
      ['frequency', 0.75, 18.75],
      ['reciprocity', 0.6, 12],
      ['longevity', 0.49, 7.32],
      ['sharedActivities', 0.5, 5],
    ]);
    expect(part(r, 'reciprocity').evidence).toBe('6 of 10 touch points two-way');
    expect(part(r, 'recency').evidence).toBe('Last touch point 9 days ago');
  });

  it('recency halves every 90 days', () => {
    expect(part(linkStrength(facts({ lastContact: now }), now), 'recency').value).toBe(1);
    expect(
      part(linkStrength(facts({ lastContact: daysAgo(90), firstContact: daysAgo(90) }), now), 'recency')
        .value,
    ).toBe(0.5);
    expect(
      part(linkStrength(facts({ lastContact: daysAgo(180), firstContact: daysAgo(180) }), now), 'recency')
        .value,
    ).toBe(0.25);
  });

  it('frequency, longevity and shared activities are full at 12 a year, two years and four events, and no more', () => {
    const r = linkStrength(
      facts({
        touchpoints: 40,
        twoWay: 40,
        lastYear: 30,
        events: 9,
        firstContact: daysAgo(2000),
        lastContact: now,
      }),
      now,
    );
    expect(r.parts.every((p) => p.value === 1)).toBe(true);
    expect(r.strength).toBe(100);
  });

  it('outbound only scores no reciprocity: two-way contact ranks a link above the same contact one way', () => {
    const oneWay = linkStrength(facts({ touchpoints: 6, twoWay: 0, lastYear: 6 }), now);
    const twoWay = linkStrength(facts({ touchpoints: 6, twoWay: 6, lastYear: 6 }), now);
    expect(part(oneWay, 'reciprocity').value).toBe(0);
    expect(twoWay.strength - oneWay.strength).toBe(20);
  });

  it('a single touch point today is recency alone plus a little frequency', () => {
    // 30 × 1 + 25 × 1/12 = 32.08
    expect(linkStrength(facts(), now).strength).toBe(32);
  });
});
