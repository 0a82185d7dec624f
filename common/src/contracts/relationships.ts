import { z } from 'zod';
import { relationshipStages, relationshipStatuses } from '../labels/relationships.ts';
import {
  dateText,
  isoDate,
  nullableUuid,
  optionalText,
  pageOf,
  person,
  recordAbilities,
  recordFields,
} from './shared.ts';

export const relationshipSchema = z.object({
  ...recordFields,
  unitId: z.uuid(),
  unitName: z.string().max(200),
  partnerId: z.uuid(),
  partnerName: z.string().max(300),
  managerId: z.uuid().nullable(),
  managerName: z.string().max(200).nullable(),
  deputies: z.array(person).max(10),
  stage: z.enum(relationshipStages),
  status: z.enum(relationshipStatuses),
  objectives: z.string().max(5000).nullable(),
  cadenceDays: z.int32().nullable().describe('Expected days between touch points'),
  startDate: dateText.nullable(),
  reviewDate: dateText.nullable(),
  can: recordAbilities.extend({ escalate: z.boolean() }),
});
export type RelationshipDto = z.infer<typeof relationshipSchema>;

const cadence = z.int32().min(1).max(730);
const deputyIds = z
  .array(z.uuid())
  .max(10)
  .transform((ids) => [...new Set(ids)]);

export const createRelationshipBody = z.object({
  unitId: z.uuid(),
  partnerId: z.uuid(),
  managerId: nullableUuid,
  deputyIds: deputyIds.default([]),
  stage: z.enum(relationshipStages).default('getting_to_know'),
  status: z.enum(relationshipStatuses).default('active'),
  objectives: optionalText(5000),
  cadenceDays: cadence.nullish().transform((v) => v ?? null),
  startDate: isoDate.nullish().transform((v) => v ?? null),
  reviewDate: isoDate.nullish().transform((v) => v ?? null),
});
export type CreateRelationship = z.infer<typeof createRelationshipBody>;

export const updateRelationshipBody = z.object({
  managerId: z.uuid().nullable().optional(),
  deputyIds: deputyIds.optional().describe('Replaces the deputies as a whole'),
  stage: z.enum(relationshipStages).optional(),
  status: z.enum(relationshipStatuses).optional(),
  objectives: optionalText(5000).optional(),
  cadenceDays: cadence.nullable().optional(),
  startDate: isoDate.nullable().optional(),
  reviewDate: isoDate.nullable().optional(),
});
export type UpdateRelationship = z.infer<typeof updateRelationshipBody>;

// The list query (filters, sorts) is declared in common/src/lists/relationships.ts.
export const relationshipPage = pageOf(relationshipSchema);
