import { z } from 'zod';
import { escalationLevels } from '../labels/requests.ts';
import { overdueDisputeStageSchema } from './disputes.ts';
import { requestSchema } from './requests.ts';
import { overdueReviewSchema } from './reviews.ts';
import { attentionRulesSchema } from './service-levels.ts';
import { isoDateTime, requiredText } from './shared.ts';

export const escalateBody = z.object({
  level: z.enum(escalationLevels),
  briefing: requiredText(10_000).describe('What the people escalated to need to know'),
  notifyUserIds: z
    .array(z.uuid())
    .max(50)
    .default([])
    .describe('People to tell by name; for a confidential request, the only people told'),
});
export type EscalateBody = z.infer<typeof escalateBody>;
export const deescalateBody = z.object({ reason: requiredText(5_000) });

export const escalationSchema = z.object({
  id: z.uuid(),
  level: z.enum(escalationLevels),
  briefing: z.string().max(10_000),
  raisedAt: isoDateTime,
  raisedById: z.uuid(),
  raisedByName: z.string().max(200),
  deescalatedAt: isoDateTime.nullable(),
  deescalatedByName: z.string().max(200).nullable(),
  deescalationReason: z.string().max(5_000).nullable(),
  namedUserIds: z.array(z.uuid()).max(50),
});
export const escalationList = z.object({ items: z.array(escalationSchema) });

/** The most entries each list of the senior view shows (its service cuts each list there). */
export const SENIOR_VIEW_LIMIT = 100;

const relationshipAtRisk = z.object({
  relationshipId: z.uuid(),
  partnerId: z.uuid(),
  partnerName: z.string().max(300),
  unitId: z.uuid(),
  unitName: z.string().max(200),
  managerName: z.string().max(200).nullable(),
  cadenceDays: z.int32().nullable(),
  lastContactAt: isoDateTime.nullable(),
  escalation: escalationSchema.nullable(),
});
const partnerAtRisk = z.object({
  partnerId: z.uuid(),
  partnerName: z.string().max(300),
  averageSentiment: z.number(),
  touchpoints: z.int32().min(0),
  previousAverage: z.number().nullable(),
});

export const seniorViewSchema = z.object({
  escalated: z.object({
    requests: z.array(requestSchema).max(SENIOR_VIEW_LIMIT),
    relationships: z.array(relationshipAtRisk).max(SENIOR_VIEW_LIMIT),
  }),
  atRisk: z.object({
    requests: z
      .array(requestSchema)
      .max(SENIOR_VIEW_LIMIT)
      .describe('Open requests approaching or past a target'),
    relationships: z
      .array(relationshipAtRisk)
      .max(SENIOR_VIEW_LIMIT)
      .describe('Active relationships whose cadence is long overdue'),
    partners: z
      .array(partnerAtRisk)
      .max(SENIOR_VIEW_LIMIT)
      .describe('Partners whose recent touch-point sentiment is negative'),
    disputes: z
      .array(requestSchema)
      .max(SENIOR_VIEW_LIMIT)
      .describe('Disputes open longer than the threshold'),
    reviews: z
      .array(overdueReviewSchema)
      .max(SENIOR_VIEW_LIMIT)
      .describe('Relationship reviews past their date and not yet held'),
    disputeStages: z
      .array(overdueDisputeStageSchema)
      .max(SENIOR_VIEW_LIMIT)
      .describe('Open disputes whose current stage has run past its timescale'),
  }),
  rules: attentionRulesSchema,
});
