import { describe, expect, it } from 'vitest';
import { defaultHealthWeights } from '../../../../common/src/contracts/relationship-health.ts';
import {
  activitiesPart,
  combineHealth,
  contactPart,
  escalationsPart,
  type HealthFacts,
  noSurveys,
  requestsPart,
  scoreHealth,
  sentimentPart,
  summariseSurveys,
  surveysPart,
  weigh,
} from './score.ts';

const now = new Date('2026-12-01T12:00:00Z');
const daysAgo = (n: number) => new Date(now.getTime() - n * 86_400_000);

/** A relationship about which nothing is known: every part has no data. */
const nothing: HealthFacts = {
  cadenceDays: null,
  lastContactAt: null,
  recentContacts: 0,
  requests: { total: 0, open: 0, breached: 0, resolved: 0, resolvedMet: 0 },
  escalations: { raised: 0, openEscalations: 0, openConcerns: 0, recentlySettled: 0 },
  sentiment: { recentCount: 0, recentAverage: null, previousCount: 0, previousAverage: null },
  activities: { invited: 0, registered: 0 },
  surveys: noSurveys,
};
const facts = (over: Partial<HealthFacts>): HealthFacts => ({ ...nothing, ...over });

describe('the parts of a health score, each alone', () => {
  it('contact: recency full within the cadence, half-way between one and two cadences, none past two; frequency out of four', () => {
    expect(
      contactPart(facts({ cadenceDays: 30, lastContactAt: daysAgo(10), recentContacts: 4 }), now).score,
    ).toBe(100);
    // 45 days on a 30-day cadence: recency 50; 2 of 4 contacts: frequency 50.
    expect(
      contactPart(facts({ cadenceDays: 30, lastContactAt: daysAgo(45), recentContacts: 2 }), now).score,
    ).toBe(50);
    expect(
      contactPart(facts({ cadenceDays: 30, lastContactAt: daysAgo(61), recentContacts: 1 }), now).score,
    ).toBe(13);
    // More contacts than expected do not lift it past 100.
    expect(
      contactPart(facts({ cadenceDays: 30, lastContactAt: daysAgo(1), recentContacts: 9 }), now).score,
    ).toBe(100);
    // A cadence and never any contact is data, and it is 0.
    const never = contactPart(facts({ cadenceDays: 30 }), now);
    expect(never.score).toBe(0);
    expect(never.facts).toContainEqual({ label: 'Last contact', value: 'Never' });
  });

  it('requests: the share in good standing (open within targets, or resolved within them)', () => {
    const part = requestsPart(
      facts({ requests: { total: 4, open: 2, breached: 1, resolved: 2, resolvedMet: 1 } }),
    );
    expect(part.score).toBe(50);
    expect(part.facts).toContainEqual({ label: 'In good standing', value: '2 of 4' });
    expect(
      requestsPart(facts({ requests: { total: 3, open: 0, breached: 0, resolved: 3, resolvedMet: 3 } }))
        .score,
    ).toBe(100);
  });

  it('escalations: 30 off per open escalation, 15 per open concern, 5 per one settled lately, never below 0', () => {
    const e = (openEscalations: number, openConcerns: number, recentlySettled: number) =>
      escalationsPart(facts({ escalations: { raised: 1, openEscalations, openConcerns, recentlySettled } }))
        .score;
    expect(e(0, 0, 0)).toBe(100);
    expect(e(1, 0, 0)).toBe(70);
    expect(e(1, 2, 1)).toBe(35);
    expect(e(4, 0, 0)).toBe(0);
  });

  it('sentiment: the last 90 days on 0–100, moved 10 per point of change against the 90 before', () => {
    const s = (recentAverage: number, previousAverage: number | null) =>
      sentimentPart(
        facts({
          sentiment: {
            recentCount: 3,
            recentAverage,
            previousCount: previousAverage === null ? 0 : 2,
            previousAverage,
          },
        }),
      ).score;
    expect(s(0, null)).toBe(50);
    expect(s(2, null)).toBe(100);
    expect(s(-2, null)).toBe(0);
    expect(s(1, -1)).toBe(95); // 75 + 10 × 2
    expect(s(-1, 1)).toBe(5); // 25 − 10 × 2
  });

  it('activities: places taken of invitations', () => {
    expect(activitiesPart(facts({ activities: { invited: 4, registered: 3 } })).score).toBe(75);
  });

  it('surveys: the mean of would-recommend (0–10 on 0–100) and the other ratings scaled to 0–100', () => {
    const questions = [
      { id: 'trust', kind: 'scale' as const, text: 'Trust?', min: 1, max: 5, lowLabel: '', highLabel: '' },
      {
        id: 'recommend',
        kind: 'scale' as const,
        text: 'Recommend?',
        min: 0,
        max: 10,
        lowLabel: '',
        highLabel: '',
      },
      { id: 'comment', kind: 'text' as const, text: 'Anything else?' },
    ];
    const answers = (trust: number, recommend: number) => [
      { questionId: 'trust', value: trust },
      { questionId: 'recommend', value: recommend },
      { questionId: 'comment', value: 'Fine' },
    ];
    // Trust 5, 4, 3 on 1–5: 100, 75, 50, mean 75. Recommend 9, 8, 7: mean 8.0, so 80. Part (80 + 75) / 2 = 78.
    const three = summariseSurveys([
      { threshold: 3, questions, responses: [answers(5, 9), answers(4, 8), answers(3, 7)] },
    ]);
    expect(three).toEqual({
      counted: 1,
      belowThreshold: 0,
      responses: 3,
      recommend: { count: 3, average: 8 },
      ratings: { count: 3, average: 75 },
    });
    const part = surveysPart(facts({ surveys: three }));
    expect(part.score).toBe(78);
    expect(part.facts).toContainEqual({ label: 'Would recommend (0–10)', value: '8.0 over 3 answers' });
    expect(part.facts).toContainEqual({ label: 'Other ratings (on 0–100)', value: '75 over 3 answers' });
    // Only ratings asked: the part is their mean alone.
    expect(surveysPart(facts({ surveys: { ...three, recommend: { count: 0, average: null } } })).score).toBe(
      75,
    );
  });

  it('surveys: a survey below its anonymity threshold is left out whole; none counted is no data, never 0', () => {
    const questions = [
      {
        id: 'recommend',
        kind: 'scale' as const,
        text: 'Recommend?',
        min: 0,
        max: 10,
        lowLabel: '',
        highLabel: '',
      },
    ];
    const one = [[{ questionId: 'recommend', value: 0 }]];
    const alone = summariseSurveys([{ threshold: 5, questions, responses: one }]);
    expect(alone).toMatchObject({ counted: 0, belowThreshold: 1, responses: 0 });
    const part = surveysPart(facts({ surveys: alone }));
    expect(part.score).toBeNull();
    expect(part.facts).toContainEqual({
      label: 'Left out (fewer answers than the anonymity threshold)',
      value: '1 survey',
    });
    // The lone 0 does not pull a counted survey down either.
    const counted = Array.from({ length: 5 }, () => [{ questionId: 'recommend', value: 10 }]);
    const both = summariseSurveys([
      { threshold: 5, questions, responses: one },
      { threshold: 5, questions, responses: counted },
    ]);
    expect(surveysPart(facts({ surveys: both })).score).toBe(100);
    // A survey nobody answered is neither counted nor "below the threshold".
    expect(summariseSurveys([{ threshold: 5, questions, responses: [] }])).toEqual(noSurveys);
    expect(surveysPart(facts({})).score).toBeNull();
  });
});

describe('the score', () => {
  it('leaves out parts without data instead of counting them as 0, and is null when no part has data', () => {
    expect(scoreHealth(nothing, defaultHealthWeights, now).score).toBeNull();
    // Only contact (100) and sentiment (0) have data: (30 × 100 + 20 × 0) / 50 = 60.
    const two = scoreHealth(
      facts({
        cadenceDays: 30,
        lastContactAt: daysAgo(1),
        recentContacts: 4,
        sentiment: { recentCount: 1, recentAverage: -2, previousCount: 0, previousAverage: null },
      }),
      defaultHealthWeights,
      now,
    );
    expect(two.score).toBe(60);
    expect(two.parts.map((p) => [p.key, p.score])).toEqual([
      ['contact', 100],
      ['requests', null],
      ['escalations', null],
      ['sentiment', 0],
      ['surveys', null],
      ['activities', null],
    ]);
  });

  it("is the README's worked example", () => {
    const example = facts({
      cadenceDays: 30,
      lastContactAt: daysAgo(45),
      recentContacts: 2,
      requests: { total: 4, open: 2, breached: 1, resolved: 2, resolvedMet: 1 },
      escalations: { raised: 5, openEscalations: 0, openConcerns: 1, recentlySettled: 0 },
      sentiment: { recentCount: 4, recentAverage: 1, previousCount: 3, previousAverage: -1 },
    });
    const { score, parts } = scoreHealth(example, defaultHealthWeights, now);
    expect(parts.map((p) => p.score)).toEqual([50, 50, 85, 95, null, null]);
    expect(score).toBe(68);
    // Counting the missing part as 0 would have given 61.
    expect(weigh([...parts.slice(0, 4), { key: 'activities', score: 0 }], defaultHealthWeights)).toBe(61);
    // With a survey: recommend 8.6 (86) and ratings of 4.6 on 1–5 (90), part 88; (6,100 + 10 × 88) / 100 = 70.
    const surveyed = scoreHealth(
      {
        ...example,
        surveys: {
          counted: 1,
          belowThreshold: 1,
          responses: 6,
          recommend: { count: 6, average: 8.6 },
          ratings: { count: 30, average: 90 },
        },
      },
      defaultHealthWeights,
      now,
    );
    expect(surveyed.parts.map((p) => p.score)).toEqual([50, 50, 85, 95, 88, null]);
    expect(surveyed.score).toBe(70);
  });

  it('weighs by the rule: the same parts under other weights give another score', () => {
    const parts = [
      { key: 'contact' as const, score: 100 },
      { key: 'sentiment' as const, score: 0 },
      { key: 'requests' as const, score: null },
    ];
    expect(weigh(parts, defaultHealthWeights)).toBe(60);
    expect(weigh(parts, { ...defaultHealthWeights, contact: 10, sentiment: 30 })).toBe(25);
    // A part weighed 0 is left out like one without data.
    expect(weigh(parts, { ...defaultHealthWeights, sentiment: 0 })).toBe(100);
  });

  it("combines a partner's relationships part by part, over those with data", () => {
    const a = scoreHealth(
      facts({ cadenceDays: 30, lastContactAt: daysAgo(1), recentContacts: 4 }),
      defaultHealthWeights,
      now,
    ).parts;
    const b = scoreHealth(
      facts({
        cadenceDays: 30,
        lastContactAt: daysAgo(45),
        recentContacts: 2,
        requests: { total: 2, open: 1, breached: 1, resolved: 1, resolvedMet: 1 },
      }),
      defaultHealthWeights,
      now,
    ).parts;
    const combined = combineHealth(
      [
        { name: 'Careers', parts: a },
        { name: 'Research Office', parts: b },
      ],
      defaultHealthWeights,
    );
    expect(combined.parts.find((p) => p.key === 'contact')!.score).toBe(75);
    expect(combined.parts.find((p) => p.key === 'requests')!.score).toBe(50);
    expect(combined.parts.find((p) => p.key === 'requests')!.facts).toEqual([
      { label: 'Relationships with data', value: '1 of 2' },
      { label: 'Research Office', value: '50' },
    ]);
    // (30 × 75 + 20 × 50) / 50 = 65
    expect(combined.score).toBe(65);
  });
});
