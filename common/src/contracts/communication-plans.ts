import { z } from 'zod';
import { type PlanChannel, planChannels, planDirections } from '../labels/communication-plans.ts';
import { dateText, isoDateTime, nullableUuid, person, recordFields, requiredText } from './shared.ts';

/** The touch-point kinds that count as an occurrence of a channel (a newsletter is logged as an e-mail). */
export const channelKinds: Record<PlanChannel, readonly string[]> = {
  meeting: ['meeting'],
  call: ['call'],
  email: ['email'],
  newsletter: ['email'],
  visit: ['visit'],
  event: ['event'],
};

/** A level at which people talk to each other: "Director", "Operational", "Administrative". */
export const communicationLevelSchema = z.object({
  ...recordFields,
  name: z.string().max(100),
  rank: z.int32().min(0).max(1000).describe('Orders the levels, most senior (0) first'),
});
export type CommunicationLevelDto = z.infer<typeof communicationLevelSchema>;
export const communicationLevelList = z.object({ items: z.array(communicationLevelSchema).max(100) });
export const createCommunicationLevelBody = z.object({
  name: requiredText(100),
  rank: z.int32().min(0).max(1000).default(100),
});
export const updateCommunicationLevelBody = z.object({
  name: requiredText(100).optional(),
  rank: z.int32().min(0).max(1000).optional(),
});

const frequencyDays = z
  .int32()
  .min(1)
  .max(366)
  .describe('How often it should happen, in days (7 weekly, 30 monthly, 91 termly)');

/** One planned flow of communication, a partner type's default or a relationship's own. */
export const planItemSchema = z.object({
  ...recordFields,
  partnerTypeId: z.uuid().nullable().describe("Set on a partner type's default"),
  relationshipId: z.uuid().nullable().describe("Set on a relationship's own item"),
  replacesItemId: z.uuid().nullable().describe("The partner type's default this item overrides"),
  purpose: z.string().max(200),
  channel: z.enum(planChannels),
  direction: z.enum(planDirections),
  frequencyDays,
  owner: person.nullable().describe("Null: the relationship's manager"),
  levels: z.array(z.object({ id: z.uuid(), name: z.string().max(100) })).max(20),
});
export type PlanItemDto = z.infer<typeof planItemSchema>;
export const planItemList = z.object({ items: z.array(planItemSchema).max(200) });

export const createPlanItemBody = z
  .object({
    partnerTypeId: nullableUuid,
    relationshipId: nullableUuid,
    replacesItemId: nullableUuid,
    purpose: requiredText(200),
    channel: z.enum(planChannels),
    direction: z.enum(planDirections),
    frequencyDays,
    ownerId: nullableUuid,
    levelIds: z.array(z.uuid()).max(20).default([]),
  })
  .refine((b) => (b.partnerTypeId === null) !== (b.relationshipId === null), {
    message: 'Give either a partner type (a default) or a relationship, not both',
    path: ['relationshipId'],
  });
export type CreatePlanItem = z.infer<typeof createPlanItemBody>;

export const updatePlanItemBody = z.object({
  purpose: requiredText(200).optional(),
  channel: z.enum(planChannels).optional(),
  direction: z.enum(planDirections).optional(),
  frequencyDays: frequencyDays.optional(),
  ownerId: z.uuid().nullable().optional(),
  levelIds: z.array(z.uuid()).max(20).optional(),
});
export type UpdatePlanItem = z.infer<typeof updatePlanItemBody>;

/** Whether an item is kept, worked out from the touch points logged (never ticked by hand). */
export const planItemStatusSchema = z.object({
  lastAt: isoDateTime.nullable().describe('The latest matching touch point you can see'),
  nextDueOn: dateText,
  overdue: z.boolean(),
  adherence: z
    .object({
      periods: z.int32().min(0).max(366),
      met: z.int32().min(0).max(366),
      percent: z.int32().min(0).max(100).nullable(),
    })
    .describe('Over the last year: of the periods of the item’s frequency, how many had an occurrence'),
});

export const peerPairSchema = z.object({
  ...recordFields,
  relationshipId: z.uuid(),
  level: z.object({ id: z.uuid(), name: z.string().max(100) }),
  user: person,
  contact: person,
  cadenceDays: z.int32().min(1).max(366),
});
export type PeerPairDto = z.infer<typeof peerPairSchema>;

export const createPeerPairBody = z.object({
  relationshipId: z.uuid(),
  levelId: z.uuid(),
  userId: z.uuid(),
  contactId: z.uuid(),
  cadenceDays: z.int32().min(1).max(366),
});
export type CreatePeerPair = z.infer<typeof createPeerPairBody>;

/** A pair's observed coverage, from the touch points the reader may see. */
export const peerCoverageSchema = z.object({
  lastTwoWayAt: isoDateTime.nullable().describe('The last touch point both took part in'),
  silent: z.boolean().describe('No two-way contact within the cadence'),
  notPeerCount: z
    .int32()
    .min(0)
    .describe('Touch points in the last year where one of the pair met someone at another level'),
  lastNotPeerAt: isoDateTime.nullable(),
});

export const relationshipPlanSchema = z.object({
  relationshipId: z.uuid(),
  items: z
    .array(
      planItemSchema.extend({
        inherited: z.boolean().describe("A partner type's default the relationship has not overridden"),
        status: planItemStatusSchema,
      }),
    )
    .max(200),
  peerPairs: z.array(peerPairSchema.extend({ coverage: peerCoverageSchema })).max(200),
  can: z.object({ update: z.boolean() }),
});
export type RelationshipPlanDto = z.infer<typeof relationshipPlanSchema>;

/** One item due across many relationships: Home (mine) and a unit's view. */
export const planDueRow = z.object({
  relationshipId: z.uuid(),
  partnerId: z.uuid(),
  partnerName: z.string().max(300),
  unitName: z.string().max(200),
  managerName: z.string().max(200).nullable(),
  itemId: z.uuid(),
  purpose: z.string().max(200),
  channel: z.enum(planChannels),
  frequencyDays,
  status: planItemStatusSchema,
});
export type PlanDueRowDto = z.infer<typeof planDueRow>;
export const planDueQuery = z.object({
  unitId: z.uuid().optional().describe("A unit's relationships; without it, the relationships I manage"),
  overdue: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
});
export const planDueList = z.object({
  items: z.array(planDueRow).max(2000),
  truncated: z.boolean().describe('More than 300 relationships: only the first 300 are shown'),
});
