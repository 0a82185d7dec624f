import { z } from 'zod';
import {
  initiativeStatuses,
  inputSourceKinds,
  inputStatuses,
  involvementKinds,
} from '../labels/initiatives.ts';
import {
  dateText,
  isoDate,
  isoDateTime,
  nullableUuid,
  optionalText,
  pageOf,
  person,
  recordFields,
  requiredText,
} from './shared.ts';

const involvementEntry = z.object({
  partnerId: z.uuid(),
  involvement: z.enum(involvementKinds),
});

export const createInitiativeBody = z.object({
  title: requiredText(200),
  description: optionalText(10_000),
  unitId: z.uuid().optional().describe("The owning unit (default: the caller's)"),
  ownerId: z.uuid().optional().describe('Default: the caller'),
  status: z.enum(initiativeStatuses).default('planned'),
  startDate: isoDate.nullish().transform((v) => v ?? null),
  partners: z.array(involvementEntry).max(200).default([]),
});
export type CreateInitiative = z.infer<typeof createInitiativeBody>;

export const updateInitiativeBody = z.object({
  title: requiredText(200).optional(),
  description: optionalText(10_000).optional(),
  ownerId: z.uuid().optional(),
  status: z.enum(initiativeStatuses).optional(),
  startDate: isoDate.nullable().optional(),
  partners: z
    .array(involvementEntry)
    .max(200)
    .optional()
    .describe('The partners involved, replacing the list'),
});
export type UpdateInitiative = z.infer<typeof updateInitiativeBody>;

export const milestoneSchema = z.object({
  id: z.uuid(),
  title: z.string().max(200),
  dueDate: dateText,
  reachedAt: isoDateTime.nullable(),
  reachedBy: person.nullable(),
});
export type MilestoneDto = z.infer<typeof milestoneSchema>;

export const createMilestoneBody = z.object({ title: requiredText(200), dueDate: isoDate });
export type CreateMilestone = z.infer<typeof createMilestoneBody>;

export const initiativeSchema = z.object({
  ...recordFields,
  title: z.string().max(200),
  description: z.string().max(10_000).nullable(),
  unit: person,
  owner: person,
  status: z.enum(initiativeStatuses),
  startDate: dateText.nullable(),
  partners: z
    .array(z.object({ id: z.uuid(), name: z.string().max(300), involvement: z.enum(involvementKinds) }))
    .max(200),
  milestones: z.array(milestoneSchema).max(500),
  counts: z.object({ inputs: z.int32(), open: z.int32() }),
  publication: z
    .object({
      path: z
        .string()
        .max(500)
        .nullable()
        .describe(
          'The private link, only in the answer to publishing: it is stored hashed, never shown again',
        ),
      publishedAt: isoDateTime,
    })
    .nullable()
    .describe('Whether the "you said, we did" page is published; null when not'),
  can: z.object({ update: z.boolean(), delete: z.boolean(), respond: z.boolean() }),
});
export type InitiativeDto = z.infer<typeof initiativeSchema>;
export const initiativePage = pageOf(initiativeSchema);

const sourceFields = {
  touchpointId: nullableUuid,
  feedbackId: nullableUuid,
  requestId: nullableUuid,
};

export const createInputBody = z.object({
  partnerId: z.uuid().describe('The partner who gave it: one of those involved'),
  summary: requiredText(2000).describe('What they said, as it may be shown to them'),
  ...sourceFields,
  response: optionalText(4000),
  status: z.enum(inputStatuses).default('open'),
  reason: optionalText(2000).describe('Why not: required when the status is not adopted'),
  internalNote: optionalText(4000).describe('For staff only: never published'),
  published: z.boolean().default(false),
});
export type CreateInput = z.infer<typeof createInputBody>;

export const updateInputBody = z.object({
  summary: requiredText(2000).optional(),
  response: optionalText(4000).optional(),
  status: z.enum(inputStatuses).optional(),
  reason: optionalText(2000).optional(),
  internalNote: optionalText(4000).optional(),
  published: z.boolean().optional(),
});
export type UpdateInput = z.infer<typeof updateInputBody>;

export const inputSchema = z.object({
  ...recordFields,
  initiativeId: z.uuid(),
  partner: person,
  summary: z.string().max(2000),
  source: z
    .object({ kind: z.enum(inputSourceKinds), id: z.uuid(), label: z.string().max(400) })
    .nullable()
    .describe('The record it came from; null when none, or when the caller may not see it'),
  response: z.string().max(4000).nullable(),
  status: z.enum(inputStatuses),
  reason: z.string().max(2000).nullable(),
  internalNote: z.string().max(4000).nullable(),
  published: z.boolean(),
  /** True when its source is confidential: it is never shown on the published page or in a digest. */
  withheld: z.boolean(),
  createdBy: person,
});
export type InputDto = z.infer<typeof inputSchema>;
export const inputList = z.object({ items: z.array(inputSchema).max(2000) });

/** The published page: the initiative and its published "you said, we did" items, nothing internal. */
export const publicInitiativeSchema = z.object({
  title: z.string().max(200),
  description: z.string().max(10_000).nullable(),
  unitName: z.string().max(200),
  status: z.enum(initiativeStatuses),
  milestones: z
    .array(z.object({ title: z.string().max(200), dueDate: dateText, reached: z.boolean() }))
    .max(500),
  items: z
    .array(
      z.object({
        partnerName: z.string().max(300),
        youSaid: z.string().max(2000),
        weDid: z.string().max(4000).nullable(),
        status: z.enum(inputStatuses),
        reason: z.string().max(2000).nullable(),
      }),
    )
    .max(2000),
});
export type PublicInitiativeDto = z.infer<typeof publicInitiativeSchema>;

/** A partner's initiatives with their open "you said" items, for the partner page. */
export const partnerInitiativeList = z.object({
  items: z
    .array(
      z.object({
        id: z.uuid(),
        title: z.string().max(200),
        status: z.enum(initiativeStatuses),
        involvement: z.enum(involvementKinds),
        open: z.array(z.object({ id: z.uuid(), summary: z.string().max(2000) })).max(2000),
      }),
    )
    .max(200),
});
export type PartnerInitiativesDto = z.infer<typeof partnerInitiativeList>;

export const milestoneParams = z.object({ id: z.uuid(), milestoneId: z.uuid() });
export const inputParams = z.object({ id: z.uuid(), inputId: z.uuid() });
