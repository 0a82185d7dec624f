import { z } from 'zod';
import { cadenceStatuses } from '../labels/partner-view.ts';
import { touchpointKinds } from '../labels/touchpoints.ts';
import { timelineFilters } from '../lists/queries.ts';
import { endsAfterStart } from '../lists/touchpoints.ts';
import { partnerSchema } from './partners.ts';
import { relationshipSchema } from './relationships.ts';
import { isoDateTime, pageQuery } from './shared.ts';
import { taskSchema } from './tasks.ts';
import { touchpointPage } from './touchpoints.ts';

export const relationshipWithCadence = relationshipSchema.extend({
  lastContactAt: isoDateTime
    .nullable()
    .describe("The latest touch point of this relationship's unit that you can see"),
  cadenceStatus: z.enum(cadenceStatuses),
  nextContactDue: isoDateTime.nullable(),
});

/** How much the partner overview shows: relationships, key contacts, open tasks. */
export const OVERVIEW_RELATIONSHIPS = 500;
export const OVERVIEW_CONTACTS = 20;
export const OVERVIEW_TASKS = 20;

export const overviewSchema = z.object({
  partner: partnerSchema,
  relationships: z.array(relationshipWithCadence).max(OVERVIEW_RELATIONSHIPS),
  keyContacts: z
    .array(
      z.object({
        contactId: z.uuid(),
        name: z.string().max(200),
        jobTitle: z.string().max(200).nullable(),
        emails: z.array(z.string().max(320)).max(10),
        phones: z.array(z.string().max(20)).max(10),
        role: z.string().max(200),
        isKeyContact: z.boolean(),
      }),
    )
    .max(OVERVIEW_CONTACTS),
  timeline: touchpointPage.describe(
    'The latest 50 touch points across all units; follow nextCursor on /partners/{id}/timeline',
  ),
  lastYear: z.object({
    total: z.int32().min(0),
    byUnit: z.array(z.object({ unitId: z.uuid(), unitName: z.string().max(200), count: z.int32().min(0) })),
    byKind: z
      .array(z.object({ kind: z.enum(touchpointKinds), count: z.int32().min(0) }))
      .max(touchpointKinds.length),
  }),
  openTasks: z.array(taskSchema).max(OVERVIEW_TASKS),
});

export const timelineQuery = pageQuery
  .extend(timelineFilters)
  .refine(endsAfterStart, { message: 'must be after From', path: ['to'] });
export type TimelineQuery = z.infer<typeof timelineQuery>;
