/**
 * The maturity assessment: the relationship manager's responsibilities checklist (seed 000,
 * PRODUCT.md 3.7), each item scored 0–4 with evidence and an improvement action, giving a stage
 * on the five-level scale. Two-sided: the partner's key contact scores the same checklist by a
 * private single-use link, and the gap per item is shown.
 */
import { z } from 'zod';
import { checklistItems, type MaturityStage, maturityStages } from '../labels/assessments.ts';
import { isoDate, isoDateTime, optionalText } from './shared.ts';

/**
 * The stage rule (README "Maturity assessment"): the mean of the items scored, 0–4, in bands of
 * 0.8: below 0.8 ad hoc, below 1.6 order taker, below 2.4 service provider, below 3.2 trusted
 * advisor, else strategic partner. No item scored: no stage.
 */
export function stageOf(scores: readonly number[]): { mean: number; stage: MaturityStage } | null {
  if (scores.length === 0) return null;
  const mean = scores.reduce((a, b) => a + b, 0) / scores.length;
  const band = Math.min(maturityStages.length - 1, Math.floor(mean / 0.8 + 1e-9));
  return { mean: Math.round(mean * 100) / 100, stage: maturityStages[band]! };
}

const score = z.int32().min(0).max(4).describe('0 (not at all) to 4 (fully)');

/** One item as the relationship manager scores it. */
export const assessmentItemInput = z
  .object({
    item: z.enum(checklistItems),
    score,
    evidence: optionalText(2000),
    action: optionalText(500).describe('An improvement action; it becomes a task for the assessor'),
  })
  .strict();

const uniqueItems = (items: { item: string }[]) => new Set(items.map((i) => i.item)).size === items.length;

export const createAssessmentBody = z
  .object({
    items: z
      .array(assessmentItemInput)
      .min(1, 'Score at least one item')
      .max(checklistItems.length)
      .refine(uniqueItems, 'Score each item once'),
    /** The partner's key contact who scores the same checklist by a private link; none for a one-sided assessment. */
    partnerContactId: z.uuid().nullable().default(null),
    partnerClosesOn: isoDate
      .nullable()
      .default(null)
      .describe(
        "The last day the partner's link takes answers (the university's time zone); default in 30 days",
      ),
    actionsDueOn: isoDate.nullable().default(null).describe('When the improvement tasks are due'),
    emailPartner: z
      .boolean()
      .default(false)
      .describe(
        'E-mail the private link to the key contact (who must have an address and may be contacted about surveys) rather than show it once to the assessor',
      ),
  })
  .strict();
export type CreateAssessment = z.input<typeof createAssessmentBody>;

export const assessmentItemSchema = z.object({
  item: z.enum(checklistItems),
  label: z.string().max(200),
  score: z.int32().min(0).max(4).nullable(),
  evidence: z.string().max(2000).nullable(),
  action: z.string().max(500).nullable(),
  taskId: z.uuid().nullable(),
  partnerScore: z.int32().min(0).max(4).nullable(),
  partnerComment: z.string().max(2000).nullable(),
  /** The partner's score less the unit's; null unless both scored the item. */
  gap: z.int32().min(-4).max(4).nullable(),
});

const sideSchema = z.object({ mean: z.number().min(0).max(4), stage: z.enum(maturityStages) }).nullable();

export const assessmentSchema = z.object({
  id: z.uuid(),
  relationshipId: z.uuid(),
  unitName: z.string().max(200),
  assessedByName: z.string().max(200),
  createdAt: isoDateTime,
  result: sideSchema,
  partner: z
    .object({
      contactName: z.string().max(200),
      closesAt: isoDateTime,
      /** When the link was e-mailed to them; null if it was handed to the assessor, or is still to go. */
      emailedAt: isoDateTime.nullable(),
      answeredAt: isoDateTime.nullable(),
      result: sideSchema,
    })
    .nullable(),
  items: z.array(assessmentItemSchema).max(checklistItems.length),
});
export type Assessment = z.infer<typeof assessmentSchema>;

export const relationshipAssessmentsSchema = z.object({
  relationshipId: z.uuid(),
  partnerId: z.uuid(),
  partnerName: z.string().max(300),
  unitName: z.string().max(200),
  /** Newest first. */
  items: z.array(assessmentSchema).max(200),
  canAssess: z.boolean(),
  /** The partner's current contacts the caller may ask (empty unless canAssess). */
  contacts: z
    .array(
      z.object({
        id: z.uuid(),
        name: z.string().max(200),
        /** Whether the link may be e-mailed to them: they have an address, are not marked do not contact, and may be contacted about surveys. */
        canEmail: z.boolean(),
      }),
    )
    .max(200),
});
export type RelationshipAssessments = z.infer<typeof relationshipAssessmentsSchema>;

export const assessmentCreatedSchema = z.object({
  assessment: assessmentSchema,
  /** The partner's private link, shown once to the assessor to pass on; only its hash is kept. Null when e-mailed. */
  partnerLink: z.string().max(500).nullable(),
  /** Whether the link is being e-mailed to the key contact. */
  partnerEmailed: z.boolean(),
});

/** An evidence suggestion for one item, counted from the records the caller may read. */
export const evidenceSchema = z.object({
  from: isoDate,
  items: z
    .array(z.object({ item: z.enum(checklistItems), suggestion: z.string().max(500).nullable() }))
    .max(checklistItems.length),
});
export type Evidence = z.infer<typeof evidenceSchema>;

/** What the partner's page shows: the checklist, and who asks. No scores of the unit's side. */
export const publicAssessmentSchema = z.object({
  unitName: z.string().max(200),
  partnerName: z.string().max(300),
  contactName: z.string().max(200),
  closesAt: isoDateTime,
  answered: z.boolean(),
  items: z
    .array(z.object({ item: z.enum(checklistItems), label: z.string().max(200) }))
    .max(checklistItems.length),
});
export type PublicAssessment = z.infer<typeof publicAssessmentSchema>;

export const answerAssessmentBody = z
  .object({
    items: z
      .array(z.object({ item: z.enum(checklistItems), score, comment: optionalText(2000) }).strict())
      .min(1, 'Score at least one item')
      .max(checklistItems.length)
      .refine(uniqueItems, 'Score each item once'),
  })
  .strict();
export type AnswerAssessment = z.input<typeof answerAssessmentBody>;

export const assessmentTokenParams = z.object({ token: z.string().min(20).max(200) });

/** One unit's maturity assessments: the latest of each of its relationships, both sides. */
export const unitAssessmentsSchema = z.object({
  unitId: z.uuid(),
  unitName: z.string().max(200),
  activeRelationships: z.int32().min(0),
  /** Relationships with at least one assessment. */
  assessed: z.int32().min(0),
  /** How many relationships' latest assessment gave each stage (the unit's side). */
  stages: z.object({
    ad_hoc: z.int32().min(0),
    order_taker: z.int32().min(0),
    service_provider: z.int32().min(0),
    trusted_advisor: z.int32().min(0),
    strategic_partner: z.int32().min(0),
  }),
  /** The mean of the unit's side over those latest assessments, 0–4; null when none. */
  unitMean: z.number().min(0).max(4).nullable(),
  /** Of those, how many the partner's key contact answered, and the mean of their side. */
  partnerAnswered: z.int32().min(0),
  partnerMean: z.number().min(0).max(4).nullable(),
  /** The mean of the partner's mean less the unit's, where both sides scored; null when none. */
  meanGap: z.number().min(-4).max(4).nullable(),
});
export const assessmentsByUnitSchema = z.object({ units: z.array(unitAssessmentsSchema).max(1000) });
export type AssessmentsByUnit = z.infer<typeof assessmentsByUnitSchema>;
