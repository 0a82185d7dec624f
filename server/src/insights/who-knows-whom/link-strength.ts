import { linkWeights } from '../../../../common/src/contracts/who-knows-whom.ts';
import { type LinkPartKey, linkPartKeys } from '../../../../common/src/labels/who-knows-whom.ts';

const DAY_MS = 86_400_000;

/** Recency halves every 90 days since the last touch point. */
export const RECENCY_HALF_LIFE_DAYS = 90;
/** Twelve touch points in the last twelve months (about monthly) is full frequency. */
export const FULL_FREQUENCY = 12;
/** Two years between the first and the last touch point is full longevity. */
export const FULL_LONGEVITY_DAYS = 730;
/** Four events attended with the partner is full shared activity. */
export const FULL_SHARED_ACTIVITIES = 4;

/** What one member of staff's visible touch points with one partner add up to. */
export type LinkFacts = {
  touchpoints: number;
  /** Touch points that went both ways: the partner came to us (an enquiry), or its people took part in a meeting, call, visit or event. */
  twoWay: number;
  /** Touch points in the twelve months before `now`. */
  lastYear: number;
  /** Events (activities) attended together. */
  events: number;
  firstContact: Date;
  lastContact: Date;
};

export type LinkPart = { key: LinkPartKey; value: number; weight: number; points: number; evidence: string };

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const round2 = (n: number) => Math.round(n * 100) / 100;

/**
 * The strength of a member of staff's link with a partner, 0–100, with its parts:
 * strength = 30·recency + 25·frequency + 20·reciprocity + 15·longevity + 10·shared activities, where
 * recency = 0.5^(days since the last touch point / 90), frequency = min(1, last 12 months / 12),
 * reciprocity = two-way / all, longevity = min(1, days from first to last / 730) and
 * shared activities = min(1, events / 4). README "Who knows whom" has a worked example.
 */
export function linkStrength(facts: LinkFacts, now: Date): { strength: number; parts: LinkPart[] } {
  const sinceLast = Math.max(0, (now.getTime() - facts.lastContact.getTime()) / DAY_MS);
  const span = Math.max(0, (facts.lastContact.getTime() - facts.firstContact.getTime()) / DAY_MS);
  const values: Record<LinkPartKey, [number, string]> = {
    recency: [
      0.5 ** (sinceLast / RECENCY_HALF_LIFE_DAYS),
      `Last touch point ${plural(Math.floor(sinceLast), 'day')} ago`,
    ],
    frequency: [
      Math.min(1, facts.lastYear / FULL_FREQUENCY),
      `${plural(facts.lastYear, 'touch point')} in the last 12 months`,
    ],
    reciprocity: [
      facts.touchpoints > 0 ? facts.twoWay / facts.touchpoints : 0,
      `${facts.twoWay} of ${plural(facts.touchpoints, 'touch point')} two-way`,
    ],
    longevity: [
      Math.min(1, span / FULL_LONGEVITY_DAYS),
      `${plural(Math.floor(span), 'day')} from the first touch point to the last`,
    ],
    sharedActivities: [
      Math.min(1, facts.events / FULL_SHARED_ACTIVITIES),
      `${plural(facts.events, 'event')} attended with the partner`,
    ],
  };
  const parts = linkPartKeys.map((key) => {
    const [value, evidence] = values[key];
    const weight = linkWeights[key];
    return { key, value: round2(value), weight, points: round2(value * weight), evidence };
  });
  const total = linkPartKeys.reduce((sum, key) => sum + values[key][0] * linkWeights[key], 0);
  return { strength: Math.min(100, Math.round(total)), parts };
}
