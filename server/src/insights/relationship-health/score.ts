import type { HealthPart, HealthWeights } from '../../../../common/src/contracts/relationship-health.ts';
import type { SurveyAnswer, SurveyQuestion } from '../../../../common/src/contracts/surveys.ts';
import {
  type HealthPartKey,
  healthPartKeys,
  healthPartLabels,
} from '../../../../common/src/labels/relationship-health.ts';

/**
 * The health score's arithmetic, pure: the facts about one relationship (counted from the
 * records one audience may read) in, its parts and score out. README "Relationship health"
 * documents every rule here with a worked example; change them together.
 */

const DAY_MS = 86_400_000;
/** Contact is counted over the last four cadences: the frequency part expects four contacts in it. */
export const FREQUENCY_CADENCES = 4;
/** Requests, escalations, surveys and activities are counted over the last year. */
export const WINDOW_DAYS = 365;
/** Sentiment: the last 90 days against the 90 before. */
export const SENTIMENT_DAYS = 90;

export type HealthFacts = {
  cadenceDays: number | null;
  lastContactAt: Date | null;
  /** Touch points in the last FREQUENCY_CADENCES cadences. */
  recentContacts: number;
  requests: { total: number; open: number; breached: number; resolved: number; resolvedMet: number };
  escalations: {
    /** Requests or escalations raised in the window: without any, the part has no data. */
    raised: number;
    openEscalations: number;
    openConcerns: number;
    /** Escalations ended and concerns resolved in the last 90 days. */
    recentlySettled: number;
  };
  sentiment: {
    recentCount: number;
    recentAverage: number | null;
    previousCount: number;
    previousAverage: number | null;
  };
  activities: { invited: number; registered: number };
  surveys: SurveyFacts;
};

/** The year's surveys of a relationship, summed up without any single answer (see summariseSurveys). */
export type SurveyFacts = {
  /** Surveys with at least their anonymity threshold of answers: only these count. */
  counted: number;
  /** Surveys with answers, but fewer than their threshold: left out, so no small group is revealed. */
  belowThreshold: number;
  /** Sets of answers in the counted surveys. */
  responses: number;
  /** Would-recommend answers (the template's `recommend` question) and their mean, 0–10. */
  recommend: { count: number; average: number | null };
  /** Every other scale answer, each scaled to 0–100 (the scale's lowest is 0, its highest 100), and their mean. */
  ratings: { count: number; average: number | null };
};

export const noSurveys: SurveyFacts = {
  counted: 0,
  belowThreshold: 0,
  responses: 0,
  recommend: { count: 0, average: null },
  ratings: { count: 0, average: null },
};

/** The would-recommend question's key in the survey template. */
export const RECOMMEND_QUESTION = 'recommend';

/**
 * Sums up the year's surveys of one relationship: a survey with fewer answers than its
 * anonymity threshold is left out whole (its answers never reach a score); in the others each
 * scale answer counts once, would-recommend apart from the other ratings.
 */
export function summariseSurveys(
  surveys: { threshold: number; questions: SurveyQuestion[]; responses: SurveyAnswer[][] }[],
): SurveyFacts {
  let counted = 0;
  let belowThreshold = 0;
  let responses = 0;
  const recommend: number[] = [];
  const ratings: number[] = [];
  for (const s of surveys) {
    if (s.responses.length === 0) continue;
    if (s.responses.length < s.threshold) {
      belowThreshold++;
      continue;
    }
    counted++;
    responses += s.responses.length;
    for (const answers of s.responses)
      for (const a of answers) {
        const q = s.questions.find((x) => x.id === a.questionId);
        if (q?.kind !== 'scale' || typeof a.value !== 'number') continue;
        if (q.id === RECOMMEND_QUESTION) recommend.push(((a.value - q.min) / (q.max - q.min)) * 10);
        else ratings.push((100 * (a.value - q.min)) / (q.max - q.min));
      }
  }
  const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);
  return {
    counted,
    belowThreshold,
    responses,
    recommend: { count: recommend.length, average: mean(recommend) },
    ratings: { count: ratings.length, average: mean(ratings) },
  };
}

const clamp = (n: number) => Math.max(0, Math.min(100, Math.round(n)));
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const fixed1 = (n: number) => (Math.round(n * 10) / 10).toFixed(1);

type Part = { score: number | null; facts: { label: string; value: string }[] };

/** Recency (100 within the cadence, falling to 0 at twice it) and frequency (contacts against four per four cadences), averaged. */
export function contactPart(f: HealthFacts, now: Date): Part {
  if (!f.cadenceDays) return { score: null, facts: [{ label: 'Cadence', value: 'None set' }] };
  const cadence = f.cadenceDays;
  const days = f.lastContactAt ? Math.floor((now.getTime() - f.lastContactAt.getTime()) / DAY_MS) : null;
  const recency = days === null ? 0 : days <= cadence ? 100 : clamp(100 * (1 - (days - cadence) / cadence));
  const frequency = clamp((100 * Math.min(f.recentContacts, FREQUENCY_CADENCES)) / FREQUENCY_CADENCES);
  return {
    score: clamp((recency + frequency) / 2),
    facts: [
      { label: 'Cadence', value: `Every ${plural(cadence, 'day')}` },
      {
        label: 'Last contact',
        value: days === null ? 'Never' : days === 0 ? 'Today' : `${plural(days, 'day')} ago`,
      },
      {
        label: `Touch points in the last ${cadence * FREQUENCY_CADENCES} days`,
        value: `${f.recentContacts} of ${FREQUENCY_CADENCES} expected`,
      },
      { label: 'Recency', value: `${recency}` },
      { label: 'Frequency', value: `${frequency}` },
    ],
  };
}

/** The share of the year's requests in good standing: open and within their targets, or resolved within them. */
export function requestsPart(f: HealthFacts): Part {
  const r = f.requests;
  if (r.total === 0) return { score: null, facts: [{ label: 'Requests this year', value: 'None' }] };
  const good = r.open - r.breached + r.resolvedMet;
  return {
    score: clamp((100 * good) / r.total),
    facts: [
      { label: 'Requests this year', value: `${r.total}` },
      { label: 'Open', value: `${r.open}, ${r.breached} past a target` },
      { label: 'Resolved', value: `${r.resolved}, ${r.resolvedMet} within their targets` },
      { label: 'In good standing', value: `${good} of ${r.total}` },
    ],
  };
}

/** 100, less 30 per open escalation, 15 per open concern and 5 per one settled in the last 90 days. */
export function escalationsPart(f: HealthFacts): Part {
  const e = f.escalations;
  if (e.raised === 0)
    return { score: null, facts: [{ label: 'Requests or escalations this year', value: 'None' }] };
  return {
    score: clamp(100 - 30 * e.openEscalations - 15 * e.openConcerns - 5 * e.recentlySettled),
    facts: [
      { label: 'Open escalations', value: `${e.openEscalations}` },
      { label: 'Open concerns', value: `${e.openConcerns}` },
      { label: 'Settled in the last 90 days', value: `${e.recentlySettled}` },
    ],
  };
}

/** The last 90 days' average sentiment (−2…2) on 0–100, moved 10 points per point of change against the 90 days before. */
export function sentimentPart(f: HealthFacts): Part {
  const s = f.sentiment;
  if (s.recentCount === 0 || s.recentAverage === null)
    return { score: null, facts: [{ label: 'Touch points with a sentiment, last 90 days', value: 'None' }] };
  const base = ((s.recentAverage + 2) / 4) * 100;
  const change =
    s.previousCount > 0 && s.previousAverage !== null ? s.recentAverage - s.previousAverage : null;
  return {
    score: clamp(base + (change === null ? 0 : 10 * change)),
    facts: [
      {
        label: 'Average, last 90 days',
        value: `${fixed1(s.recentAverage)} over ${plural(s.recentCount, 'touch point')}`,
      },
      {
        label: 'The 90 days before',
        value:
          change === null
            ? 'No sentiment recorded'
            : `${fixed1(s.previousAverage!)} over ${plural(s.previousCount, 'touch point')} (${change >= 0 ? '+' : ''}${fixed1(change)})`,
      },
    ],
  };
}

/** The share of the year's invitations to the partner's contacts (activities the unit organised) that took a place. */
export function activitiesPart(f: HealthFacts): Part {
  const a = f.activities;
  if (a.invited === 0) return { score: null, facts: [{ label: 'Invitations this year', value: 'None' }] };
  return {
    score: clamp((100 * a.registered) / a.invited),
    facts: [{ label: 'Places taken', value: `${a.registered} of ${plural(a.invited, 'invitation')}` }],
  };
}

/**
 * The mean of would-recommend (0–10 on 0–100) and the other ratings (scaled to 0–100), those
 * with answers, over the year's surveys that reached their anonymity threshold. No such survey: no data.
 */
export function surveysPart(f: HealthFacts): Part {
  const s = f.surveys;
  const below =
    s.belowThreshold > 0
      ? [
          {
            label: 'Left out (fewer answers than the anonymity threshold)',
            value: plural(s.belowThreshold, 'survey'),
          },
        ]
      : [];
  const means = [s.recommend.average === null ? null : s.recommend.average * 10, s.ratings.average].filter(
    (m): m is number => m !== null,
  );
  if (s.counted === 0 || means.length === 0)
    return { score: null, facts: [{ label: 'Surveys answered this year', value: 'None counted' }, ...below] };
  return {
    score: clamp(means.reduce((a, b) => a + b, 0) / means.length),
    facts: [
      {
        label: 'Surveys answered this year',
        value: `${plural(s.counted, 'survey')}, ${plural(s.responses, 'set')} of answers`,
      },
      {
        label: 'Would recommend (0–10)',
        value:
          s.recommend.average === null
            ? 'Not asked'
            : `${fixed1(s.recommend.average)} over ${plural(s.recommend.count, 'answer')}`,
      },
      {
        label: 'Other ratings (on 0–100)',
        value:
          s.ratings.average === null
            ? 'None'
            : `${Math.round(s.ratings.average)} over ${plural(s.ratings.count, 'answer')}`,
      },
      ...below,
    ],
  };
}

const partOf: Record<HealthPartKey, (f: HealthFacts, now: Date) => Part> = {
  contact: contactPart,
  requests: requestsPart,
  escalations: escalationsPart,
  sentiment: sentimentPart,
  surveys: surveysPart,
  activities: activitiesPart,
};

/** Weighs parts that have data; parts without data are left out (never counted as 0). Null when none has data. */
export function weigh(
  parts: { key: HealthPartKey; score: number | null }[],
  weights: HealthWeights,
): number | null {
  let total = 0;
  let sum = 0;
  for (const p of parts) {
    const w = weights[p.key];
    if (p.score === null || w === 0) continue;
    total += w;
    sum += w * p.score;
  }
  return total === 0 ? null : clamp(sum / total);
}

/** The parts and score of one relationship under one rule. */
export function scoreHealth(facts: HealthFacts, weights: HealthWeights, now: Date) {
  const parts: HealthPart[] = healthPartKeys.map((key) => ({
    key,
    label: healthPartLabels[key],
    weight: weights[key],
    ...partOf[key](facts, now),
  }));
  return { score: weigh(parts, weights), parts };
}

/**
 * A partner's parts: each the mean of its relationships' scores for that part (those with data),
 * with each relationship's score as the data behind it; the score weighs them as a relationship's are.
 */
export function combineHealth(
  relationships: { name: string; parts: HealthPart[] }[],
  weights: HealthWeights,
) {
  const parts: HealthPart[] = healthPartKeys.map((key) => {
    const scored = relationships
      .map((r) => ({ name: r.name, score: r.parts.find((p) => p.key === key)?.score ?? null }))
      .filter((r): r is { name: string; score: number } => r.score !== null);
    const shown = scored.slice(0, 18).map((r) => ({ label: r.name, value: `${r.score}` }));
    return {
      key,
      label: healthPartLabels[key],
      weight: weights[key],
      score: scored.length ? clamp(scored.reduce((a, r) => a + r.score, 0) / scored.length) : null,
      facts: [
        { label: 'Relationships with data', value: `${scored.length} of ${relationships.length}` },
        ...shown,
        ...(scored.length > shown.length
          ? [{ label: 'Others', value: `${scored.length - shown.length} more` }]
          : []),
      ],
    };
  });
  return { score: weigh(parts, weights), parts };
}
