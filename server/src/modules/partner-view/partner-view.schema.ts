import { z } from 'zod';
import { touchpointKinds } from '../../db/schema/touchpoints.ts';
import { pageQuery } from '../../lib/pagination.ts';
import { partnerSchema } from '../partners/partners.schema.ts';
import { relationshipSchema } from '../relationships/relationships.schema.ts';
import { taskSchema } from '../tasks/tasks.schema.ts';
import { timelineFilters, touchpointPage } from '../touchpoints/touchpoints.schema.ts';

export const relationshipWithCadence = relationshipSchema.extend({
  lastContactAt: z.iso
    .datetime()
    .nullable()
    .describe("The latest touch point of this relationship's unit that you can see"),
  cadenceStatus: z.enum(['none', 'ok', 'due', 'overdue']),
  nextContactDue: z.iso.datetime().nullable(),
});

export const overviewSchema = z.object({
  partner: partnerSchema,
  relationships: z.array(relationshipWithCadence),
  keyContacts: z.array(
    z.object({
      contactId: z.uuid(),
      name: z.string(),
      jobTitle: z.string().nullable(),
      emails: z.array(z.string()),
      phones: z.array(z.string()),
      role: z.string(),
      isKeyContact: z.boolean(),
    }),
  ),
  timeline: touchpointPage.describe(
    'The latest 50 touch points across all units; follow nextCursor on /partners/{id}/timeline',
  ),
  lastYear: z.object({
    total: z.number().int(),
    byUnit: z.array(z.object({ unitId: z.uuid(), unitName: z.string(), count: z.number().int() })),
    byKind: z.array(z.object({ kind: z.enum(touchpointKinds), count: z.number().int() })),
  }),
  openTasks: z.array(taskSchema),
});

export const timelineQuery = pageQuery.extend(timelineFilters);
export type TimelineQuery = z.infer<typeof timelineQuery>;
