import { z } from 'zod';
import { type DisputeStage, disputeStages, timedStages } from '../labels/disputes.ts';
import { dateText, isoDateTime, person, requiredText } from './shared.ts';

/** The step of each stage: senior panel and mediation are the same step, one or the other. */
export const disputeStep: Record<DisputeStage, number> = {
  informal_discussion: 1,
  formal_review: 2,
  senior_panel: 3,
  mediation: 3,
  outcome: 4,
};

const days = z.int32().min(1).max(365);
/** Days each stage may take: the institution's defaults, which an agreement's key terms may override. */
export const disputeTimescalesSchema = z.object({
  informal_discussion: days,
  formal_review: days,
  senior_panel: days,
  mediation: days,
});
export type DisputeTimescales = z.infer<typeof disputeTimescalesSchema>;
export const defaultDisputeTimescales: DisputeTimescales = {
  informal_discussion: 10,
  formal_review: 20,
  senior_panel: 30,
  mediation: 30,
};

export const moveDisputeStageBody = z.object({
  stage: z.enum(disputeStages).exclude(['informal_discussion', 'outcome']).describe('The next stage'),
});
export type MoveDisputeStage = z.infer<typeof moveDisputeStageBody>;

export const recordOutcomeBody = z.object({
  agreed: requiredText(5000).describe('What was agreed'),
  contactId: z.uuid().describe("The partner's contact who acknowledges the outcome"),
  lessons: z
    .array(requiredText(500))
    .max(20)
    .default([])
    .describe('Lessons learned: each becomes an improvement task'),
});
export type RecordOutcome = z.infer<typeof recordOutcomeBody>;

export const disputeSchema = z.object({
  requestId: z.uuid(),
  version: z.int32(),
  stage: z.enum(disputeStages),
  stageStartedAt: isoDateTime,
  stageDueOn: dateText
    .nullable()
    .describe('When the current stage should end (none once the outcome is recorded)'),
  overdue: z.boolean(),
  timescales: disputeTimescalesSchema,
  timescalesFrom: z
    .object({ id: z.uuid(), title: z.string().max(200) })
    .nullable()
    .describe("The agreement whose key terms set a timescale, or null for the institution's defaults"),
  outcome: z
    .object({
      agreed: z.string().max(5000),
      lessons: z.array(z.string().max(500)).max(20),
      recordedAt: isoDateTime,
      contact: person,
      linkExpiresAt: isoDateTime,
      acknowledgedAt: isoDateTime.nullable(),
    })
    .nullable(),
  can: z.object({ move: z.boolean() }),
});
export type DisputeDto = z.infer<typeof disputeSchema>;

export const outcomeRecordedSchema = disputeSchema.extend({
  acknowledgementPath: z
    .string()
    .max(200)
    .describe('The private link for the partner’s contact, shown this once (only its hash is kept)'),
});

export const outcomeTokenParams = z.object({ token: z.string().min(20).max(100) });

/** What the partner's contact sees by the private link. */
export const publicOutcomeSchema = z.object({
  partnerName: z.string().max(200),
  unitName: z.string().max(200),
  contactName: z.string().max(200),
  title: z.string().max(500),
  agreed: z.string().max(5000),
  acknowledgedAt: isoDateTime.nullable(),
});
export type PublicOutcomeDto = z.infer<typeof publicOutcomeSchema>;

/** A dispute stage past its timescale, for the senior view. */
export const overdueDisputeStageSchema = z.object({
  requestId: z.uuid(),
  reference: z.int32(),
  title: z.string().max(500),
  partner: person,
  unitName: z.string().max(200),
  stage: z.enum(timedStages),
  stageDueOn: dateText,
});
