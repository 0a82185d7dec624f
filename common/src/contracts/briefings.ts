/** The senior manager's weekly briefing ("informed before it escalated") and its measure. */
import { z } from 'zod';
import { briefingSections } from '../labels/briefings.ts';
import { dateText, isoDateTime, person, requiredText } from './shared.ts';

/** The most lines one section of a briefing holds. */
export const BRIEFING_SECTION_LIMIT = 25;

export const briefingItemSchema = z.object({
  id: z.uuid(),
  section: z.enum(briefingSections),
  partner: person,
  requestId: z.uuid().nullable(),
  relationshipId: z.uuid().nullable(),
  title: z.string().max(500),
  detail: z.string().max(1000).nullable(),
  actedAt: isoDateTime.nullable(),
  actedNote: z.string().max(2000).nullable(),
});
export type BriefingItem = z.infer<typeof briefingItemSchema>;

export const briefingSummarySchema = z.object({
  id: z.uuid(),
  weekOf: dateText,
  createdAt: isoDateTime,
  readAt: isoDateTime.nullable(),
  items: z.int32().min(0),
  acted: z.int32().min(0),
});
export const briefingListSchema = z.object({ items: z.array(briefingSummarySchema).max(200) });

export const briefingSchema = briefingSummarySchema.extend({
  lines: z.array(briefingItemSchema).max(BRIEFING_SECTION_LIMIT * briefingSections.length),
});
export type Briefing = z.infer<typeof briefingSchema>;

export const briefingItemParams = z.object({ id: z.uuid(), itemId: z.uuid() });
export const actOnBriefingItemBody = z.object({
  note: requiredText(2000).describe('What was done about it, e.g. "Called the Head of School"'),
});
export type ActOnBriefingItem = z.infer<typeof actOnBriefingItemBody>;

/** Per unit: of the escalations raised, how many had their subject in a briefing before, and how long before. */
export const informedUnitSchema = z.object({
  unitId: z.uuid(),
  unitName: z.string().max(200),
  escalations: z.int32().min(0),
  briefedBefore: z.int32().min(0),
  share: z
    .number()
    .min(0)
    .max(1)
    .nullable()
    .describe('briefedBefore / escalations; null with no escalations'),
  medianDaysEarlier: z
    .number()
    .nullable()
    .describe('Median days between the first briefing naming the subject and the escalation'),
});
export const informedBeforeSchema = z.object({
  sinceDays: z.int32().min(1),
  units: z.array(informedUnitSchema).max(5000),
});
export type InformedBefore = z.infer<typeof informedBeforeSchema>;
