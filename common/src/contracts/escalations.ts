import { z } from 'zod';
import { escalationLevels, requestSchema } from './requests.ts';
import { attentionRulesSchema } from './service-levels.ts';
import { requiredText } from './shared.ts';

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
  briefing: z.string(),
  raisedAt: z.iso.datetime(),
  raisedById: z.uuid(),
  raisedByName: z.string(),
  deescalatedAt: z.iso.datetime().nullable(),
  deescalatedByName: z.string().nullable(),
  deescalationReason: z.string().nullable(),
  namedUserIds: z.array(z.uuid()),
});
export const escalationList = z.object({ items: z.array(escalationSchema) });

const relationshipAtRisk = z.object({
  relationshipId: z.uuid(),
  partnerId: z.uuid(),
  partnerName: z.string(),
  unitId: z.uuid(),
  unitName: z.string(),
  managerName: z.string().nullable(),
  cadenceDays: z.number().int().nullable(),
  lastContactAt: z.iso.datetime().nullable(),
  escalation: escalationSchema.nullable(),
});
const partnerAtRisk = z.object({
  partnerId: z.uuid(),
  partnerName: z.string(),
  averageSentiment: z.number(),
  touchpoints: z.number().int(),
  previousAverage: z.number().nullable(),
});

export const seniorViewSchema = z.object({
  escalated: z.object({
    requests: z.array(requestSchema),
    relationships: z.array(relationshipAtRisk),
  }),
  atRisk: z.object({
    requests: z.array(requestSchema).describe('Open requests approaching or past a target'),
    relationships: z.array(relationshipAtRisk).describe('Active relationships whose cadence is long overdue'),
    partners: z.array(partnerAtRisk).describe('Partners whose recent touch-point sentiment is negative'),
    disputes: z.array(requestSchema).describe('Disputes open longer than the threshold'),
  }),
  rules: attentionRulesSchema,
});
