import { z } from 'zod';
import {
  dateText,
  isoDate,
  isoDateTime,
  listTotal,
  nullableUuid,
  pageOf,
  recordAbilities,
  recordFields,
  requiredText,
} from './shared.ts';

export const taskSchema = z.object({
  ...recordFields,
  title: z.string().max(300),
  assigneeId: z.uuid(),
  assigneeName: z.string().max(200),
  createdById: z.uuid(),
  dueOn: dateText.nullable(),
  done: z.boolean(),
  doneAt: isoDateTime.nullable(),
  touchpointId: z.uuid().nullable(),
  partnerId: z.uuid().nullable(),
  partnerName: z.string().max(300).nullable(),
  relationshipId: z.uuid().nullable(),
  can: recordAbilities,
});
export type TaskDto = z.infer<typeof taskSchema>;

export const createTaskBody = z
  .object({
    title: requiredText(300),
    assigneeId: z.uuid().optional().describe('Defaults to me'),
    dueOn: isoDate.nullish().transform((v) => v ?? null),
    touchpointId: nullableUuid,
    partnerId: nullableUuid,
    relationshipId: nullableUuid,
  })
  .refine((t) => t.touchpointId || t.partnerId || t.relationshipId, {
    message: 'Link the task to a touch point, a partner or a relationship',
    path: ['partnerId'],
  });
export type CreateTask = z.infer<typeof createTaskBody>;

export const updateTaskBody = z.object({
  title: requiredText(300).optional(),
  assigneeId: z.uuid().optional(),
  dueOn: isoDate.nullable().optional(),
  done: z.boolean().optional(),
});
export type UpdateTask = z.infer<typeof updateTaskBody>;

// The list's query is declared on the list pipeline: common/src/lists/tasks.ts.
export const taskPage = pageOf(taskSchema);

/** How many visible tasks the list's filters match in all (for "Select all N that match"). */
export const taskCount = listTotal;
