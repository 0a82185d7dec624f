/**
 * The request contract: the request and response schemas, built on the vocabulary with its labels
 * in ../labels/requests.ts (the server's database enums and validation, the web's filters and labels).
 */
import { z } from 'zod';
import {
  escalationLevels,
  requestChangeFields,
  requestKinds,
  requestPriorities,
  requestStatuses,
} from '../labels/requests.ts';
import { visibilities } from '../labels/visibility.ts';
import {
  isoDateTime,
  nullableUuid,
  optionalText,
  pageOf,
  person,
  recordAbilities,
  recordFields,
  requiredText,
} from './shared.ts';

const targetSchema = z.object({
  hours: z.number().describe('The target, in working hours'),
  dueAt: isoDateTime.nullable(),
  metAt: isoDateTime.nullable(),
  workingHoursLeft: z.number().nullable().describe('Negative once late; null once met'),
  approaching: z.boolean(),
  breached: z.boolean(),
  paused: z.boolean().describe('The clock stands still while waiting on the partner'),
});

export const requestSchema = z.object({
  ...recordFields,
  reference: z.int32().min(1),
  partnerId: z.uuid(),
  partnerName: z.string().max(300),
  relationshipId: z.uuid().nullable(),
  unitId: z.uuid(),
  unitName: z.string().max(200),
  kind: z.enum(requestKinds),
  title: z.string().max(300),
  description: z.string().max(20_000).nullable(),
  priority: z.enum(requestPriorities),
  status: z.enum(requestStatuses),
  allowedTransitions: z.array(z.enum(requestStatuses)).max(requestStatuses.length),
  raisedByContactId: z.uuid().nullable(),
  raisedByUserId: z.uuid().nullable(),
  raisedByName: z.string().max(200).nullable(),
  ownerId: z.uuid().nullable(),
  ownerName: z.string().max(200).nullable(),
  createdById: z.uuid(),
  visibility: z.enum(visibilities),
  // The named readers (readerIds, at most 100), the creator and the owner.
  readers: z.array(person).max(102),
  resolution: z.string().max(20_000).nullable(),
  satisfaction: z.int32().min(1).max(5).nullable(),
  escalationLevel: z.enum(escalationLevels).nullable(),
  firstRespondedAt: isoDateTime.nullable(),
  resolvedAt: isoDateTime.nullable(),
  closedAt: isoDateTime.nullable(),
  targets: z.object({ firstResponse: targetSchema, resolution: targetSchema }),
});
export type RequestDto = z.infer<typeof requestSchema>;

/** What the caller may do with a request: change its fields, move it, comment on it. */
export const requestAbilities = recordAbilities.extend({ move: z.boolean(), comment: z.boolean() });
export type RequestAbilities = z.infer<typeof requestAbilities>;
/** A request as the requests routes answer the caller: with their abilities on it. */
export const requestItemSchema = requestSchema.extend({ can: requestAbilities });

/** The partner's satisfaction, 1 (very dissatisfied) to 5 (very satisfied). */
export const satisfaction = z.int32().min(1).max(5);

export const createRequestBody = z
  .object({
    partnerId: z.uuid(),
    relationshipId: nullableUuid,
    unitId: z.uuid().optional().describe('Defaults to my unit (administrators may name any)'),
    kind: z.enum(requestKinds),
    title: requiredText(300),
    description: optionalText(20_000),
    priority: z.enum(requestPriorities).default('normal'),
    raisedByContactId: nullableUuid.describe('The partner contact who raised it'),
    raisedByUserId: nullableUuid.describe('The member of staff who raised it (defaults to me)'),
    ownerId: nullableUuid.describe('Who handles it; they are notified'),
    visibility: z.enum(visibilities).default('institution'),
    readerIds: z.array(z.uuid()).max(100).default([]),
  })
  .refine((r) => !(r.raisedByContactId && r.raisedByUserId), {
    message: 'Name a contact or a member of staff, not both',
    path: ['raisedByUserId'],
  });
export type CreateRequest = z.infer<typeof createRequestBody>;

export const updateRequestBody = z.object({
  title: requiredText(300).optional(),
  description: optionalText(20_000).optional(),
  kind: z.enum(requestKinds).optional().describe('A new kind re-targets it, as a new priority does'),
  priority: z.enum(requestPriorities).optional(),
  raisedByContactId: z
    .uuid()
    .nullable()
    .optional()
    .describe("The partner contact who raised it (one of the partner's contacts)"),
  relationshipId: z.uuid().nullable().optional(),
  ownerId: z.uuid().nullable().optional(),
  visibility: z.enum(visibilities).optional(),
  readerIds: z.array(z.uuid()).max(100).optional(),
  resolution: optionalText(20_000).optional(),
  satisfaction: satisfaction.nullable().optional().describe("The partner's satisfaction, once resolved"),
});
export type UpdateRequest = z.infer<typeof updateRequestBody>;

export const transitionBody = z.object({
  to: z.enum(requestStatuses),
  note: optionalText(5_000),
  resolution: optionalText(20_000).describe('Required when resolving'),
  satisfaction: satisfaction.optional(),
});
export type TransitionRequest = z.infer<typeof transitionBody>;

export const commentBody = z.object({
  body: requiredText(20_000),
  isShareable: z.boolean().default(false).describe('May be shown to the partner'),
});
export const commentSchema = z.object({
  id: z.uuid(),
  body: z.string().max(20_000),
  isShareable: z.boolean(),
  authorId: z.uuid(),
  authorName: z.string().max(200),
  createdAt: isoDateTime,
});

// The list query (filters, sorts) is declared in common/src/lists/requests.ts.
export const requestPage = pageOf(requestItemSchema);
export const requestBoard = z.object({
  counts: z.record(z.enum(requestStatuses), z.int32().min(0)),
});

export const activitySchema = z.object({
  items: z.array(
    z.object({
      id: z.string().max(100).describe('Unique within the timeline'),
      type: z.enum(['created', 'transition', 'changed', 'comment', 'escalated', 'deescalated']),
      at: isoDateTime,
      actorId: z.uuid().nullable(),
      actorName: z.string().max(200).nullable(),
      fromStatus: z.enum(requestStatuses).nullable(),
      toStatus: z.enum(requestStatuses).nullable(),
      text: z.string().max(20_000).nullable().describe('A comment, note, briefing or reason'),
      level: z.enum(escalationLevels).nullable(),
      isShareable: z.boolean().nullable(),
      changes: z
        .array(
          z.object({
            field: z.enum(requestChangeFields),
            from: z.string().max(20_000).nullable(),
            to: z.string().max(20_000).nullable(),
          }),
        )
        .max(requestChangeFields.length)
        .nullable()
        .describe(
          'For a change: each field as it was and became (names for people, ISO times for due dates)',
        ),
    }),
  ),
});
