import { z } from 'zod';
import { endsAfterStart, timelineFilters } from '../lists/touchpoints.ts';
import { partnerSchema } from './partners.ts';
import { relationshipSchema } from './relationships.ts';
import { pageQuery } from './shared.ts';
import { taskSchema } from './tasks.ts';
import { touchpointKinds, touchpointPage } from './touchpoints.ts';

/** Where a relationship stands against its expected contact cadence. */
export const cadenceStatuses = ['none', 'ok', 'due', 'overdue'] as const;
export type CadenceStatus = (typeof cadenceStatuses)[number];
export const cadenceStatusLabels: Record<CadenceStatus, string> = {
  none: 'No cadence',
  ok: 'On track',
  due: 'Contact due',
  overdue: 'Contact overdue',
};

export const relationshipWithCadence = relationshipSchema.extend({
  lastContactAt: z.iso
    .datetime()
    .nullable()
    .describe("The latest touch point of this relationship's unit that you can see"),
  cadenceStatus: z.enum(cadenceStatuses),
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

export const timelineQuery = pageQuery
  .extend(timelineFilters)
  .refine(endsAfterStart, { message: 'must be after From', path: ['to'] });
export type TimelineQuery = z.infer<typeof timelineQuery>;
