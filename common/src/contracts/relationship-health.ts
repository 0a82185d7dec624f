/** The relationship health score: its parts, the rule that weighs them, and how it is shown. */
import { z } from 'zod';
import { type HealthPartKey, healthBases, healthPartKeys } from '../labels/relationship-health.ts';
import { dateText, isoDateTime } from './shared.ts';

/**
 * The weights a fresh installation starts with (rule version 2: version 1 had no survey part, and
 * the migration that added it wrote version 2, so scores computed before keep version 1).
 */
export const defaultHealthWeights: Record<HealthPartKey, number> = {
  contact: 30,
  requests: 20,
  escalations: 20,
  sentiment: 20,
  surveys: 10,
  activities: 10,
};

const weight = z.int().min(0).max(100);
export const healthWeightsSchema = z
  .object({
    contact: weight,
    requests: weight,
    escalations: weight,
    sentiment: weight,
    surveys: weight,
    activities: weight,
  })
  .refine((w) => Object.values(w).some((v) => v > 0), {
    message: 'Give at least one part a weight above 0',
    path: ['contact'],
  });
export type HealthWeights = z.infer<typeof healthWeightsSchema>;

/** One version of the rule. A change creates a new version; scores keep the version they were computed with. */
export const healthRuleSchema = z.object({
  version: z.int32().min(1),
  weights: z.object({
    contact: weight,
    requests: weight,
    escalations: weight,
    sentiment: weight,
    surveys: weight,
    activities: weight,
  }),
  createdAt: isoDateTime.nullable(),
  createdByName: z.string().max(200).nullable(),
});
export type HealthRule = z.infer<typeof healthRuleSchema>;

export const healthRulesSchema = z.object({
  current: healthRuleSchema,
  versions: z.array(healthRuleSchema).max(500),
});

/** A fact behind a part, as shown: "Last contact 12 days ago", "3 of 4 met their targets". */
const healthFact = z.object({
  label: z.string().max(200),
  value: z.string().max(200),
});

export const healthPartSchema = z.object({
  key: z.enum(healthPartKeys),
  label: z.string().max(200),
  /** 0–100, or null when there is no data: the part is then left out of the score, never counted as 0. */
  score: z.int32().min(0).max(100).nullable(),
  weight: z.int32().min(0).max(100),
  facts: z.array(healthFact).max(20),
});
export type HealthPart = z.infer<typeof healthPartSchema>;

export const healthScoreSchema = z.object({
  /** 0–100, or null when no part has data. */
  score: z.int32().min(0).max(100).nullable(),
  ruleVersion: z.int32().min(1),
  basis: z.enum(healthBases),
  computedAt: isoDateTime,
  parts: z.array(healthPartSchema).max(10),
});
export type HealthScore = z.infer<typeof healthScoreSchema>;

export const healthPointSchema = z.object({
  day: dateText,
  score: z.int32().min(0).max(100).nullable(),
  ruleVersion: z.int32().min(1),
});
export type HealthPoint = z.infer<typeof healthPointSchema>;

export const relationshipHealthSchema = z.object({
  relationshipId: z.uuid(),
  partnerId: z.uuid(),
  partnerName: z.string().max(300),
  unitId: z.uuid(),
  unitName: z.string().max(300),
  health: healthScoreSchema.nullable(),
  /** Daily snapshots, oldest first. */
  trend: z.array(healthPointSchema).max(400),
});
export type RelationshipHealth = z.infer<typeof relationshipHealthSchema>;

export const healthTrendQuery = z.object({
  days: z.coerce.number().int().min(7).max(365).default(90),
});

export const partnerHealthSchema = z.object({
  partnerId: z.uuid(),
  /** The partner's parts are the means of its relationships' parts (those with data), weighed by the current rule. */
  health: healthScoreSchema.nullable(),
  relationships: z.array(relationshipHealthSchema).max(500),
  trend: z.array(healthPointSchema).max(400),
});
export type PartnerHealth = z.infer<typeof partnerHealthSchema>;

export const portfolioHealthSchema = z.object({
  items: z.array(relationshipHealthSchema).max(1000),
});
export type PortfolioHealth = z.infer<typeof portfolioHealthSchema>;
