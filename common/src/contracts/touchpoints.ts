import { z } from 'zod';
import { touchpointKinds } from '../labels/touchpoints.ts';
import { visibilities } from '../labels/visibility.ts';
import {
  isoDate,
  isoDateTime,
  isoDateTimeWithOffset,
  optionalText,
  pageOf,
  person,
  recordAbilities,
  recordFields,
  requiredText,
} from './shared.ts';

export const touchpointSchema = z.object({
  ...recordFields,
  partnerId: z.uuid(),
  partnerName: z.string().max(300),
  partners: z
    .array(person)
    .max(51)
    .describe("Every partner it concerns, the primary one (partnerId) first; on each one's timeline"),
  relationshipId: z.uuid().nullable(),
  unitId: z.uuid(),
  unitName: z.string().max(200),
  authorId: z.uuid(),
  authorName: z.string().max(200),
  kind: z.enum(touchpointKinds),
  isFormal: z.boolean(),
  occurredAt: isoDateTime,
  subject: z.string().max(300),
  notes: z
    .string()
    .max(20_000)
    .nullable()
    .describe('Markdown as written; render it safely (sanitise the HTML)'),
  sentiment: z.int32().min(-2).max(2).nullable(),
  visibility: z.enum(visibilities),
  // The ids a write names (at most 50 each); the author is always a reader, and may be one of the staff.
  staff: z.array(person).max(51),
  contacts: z.array(person).max(50),
  readers: z.array(person).max(51).describe('Named people who may see a confidential touch point'),
  can: recordAbilities,
});
export type TouchpointDto = z.infer<typeof touchpointSchema>;

const ids = z
  .array(z.uuid())
  .max(50)
  .transform((list) => [...new Set(list)]);

export const followUpBody = z.object({
  title: requiredText(300),
  assigneeId: z.uuid().optional().describe('Defaults to the person logging the touch point'),
  dueOn: isoDate.nullish().transform((v) => v ?? null),
});

/** Not more than a day ahead: a touch point records something that happened. */
const occurredAt = isoDateTimeWithOffset.refine(
  (v) => Date.parse(v) <= Date.now() + 86_400_000,
  'Enter a time no more than a day ahead: a touch point records what happened',
);

/** The other partners a joint meeting or one roadshow for many Schools concerns. */
const otherPartnerIds = ids.describe(
  'Other partners it concerns (a joint meeting): it shows on each timeline and counts once for each',
);

export const createTouchpointBody = z.object({
  partnerId: z.uuid().describe('The primary partner'),
  partnerIds: otherPartnerIds.default([]),
  relationshipId: z
    .uuid()
    .nullable()
    .optional()
    .describe("Defaults to the recording unit's relationship with the primary partner; null for none"),
  unitId: z.uuid().optional().describe("The recording unit; defaults to the author's unit"),
  kind: z.enum(touchpointKinds),
  isFormal: z.boolean().default(false),
  occurredAt: occurredAt.optional().describe('Defaults to now'),
  subject: requiredText(300),
  notes: optionalText(20_000),
  sentiment: z
    .int32()
    .min(-2)
    .max(2)
    .nullish()
    .transform((v) => v ?? null),
  staffIds: ids.default([]),
  contactIds: ids.default([]),
  visibility: z
    .enum(visibilities)
    .optional()
    .describe("Unset: the recording unit's default visibility (everyone, unless the unit says otherwise)"),
  readerIds: ids.default([]).describe('For confidential touch points; the author is always a reader'),
  followUp: followUpBody.optional().describe('A follow-up task created in the same transaction'),
});
export type CreateTouchpoint = z.infer<typeof createTouchpointBody>;

export const updateTouchpointBody = z.object({
  partnerIds: otherPartnerIds.optional().describe('Replaces the other partners (the primary one stays)'),
  relationshipId: z.uuid().nullable().optional(),
  kind: z.enum(touchpointKinds).optional(),
  isFormal: z.boolean().optional(),
  occurredAt: occurredAt.optional(),
  subject: requiredText(300).optional(),
  notes: optionalText(20_000).optional(),
  sentiment: z.int32().min(-2).max(2).nullable().optional(),
  staffIds: ids.optional(),
  contactIds: ids.optional(),
  visibility: z.enum(visibilities).optional(),
  readerIds: ids.optional(),
});
export type UpdateTouchpoint = z.infer<typeof updateTouchpointBody>;

export const bulkTouchpointsBody = z.object({
  items: z
    .array(createTouchpointBody.omit({ followUp: true }))
    .min(1)
    .max(500),
});
export const bulkResult = z.object({ items: z.array(touchpointSchema).max(500) });

// The list query (filters, sorts) is declared in common/src/lists/touchpoints.ts.
export const touchpointPage = pageOf(touchpointSchema);
