import { z } from 'zod';
import { auditActions } from '../labels/audit.ts';
import { isoDateTime, PAGE_LIMIT } from './shared.ts';

export const historyEntrySchema = z.object({
  id: z.int().min(1),
  action: z.enum(auditActions),
  actorUserId: z.uuid().nullable(),
  actorTokenId: z.uuid().nullable(),
  actorName: z
    .string()
    .max(200)
    .nullable()
    .describe('Who made the change: a member of staff, or a contact through the partner portal'),
  at: isoDateTime,
  before: z.record(z.string().max(100), z.unknown()).nullable(),
  after: z.record(z.string().max(100), z.unknown()).nullable(),
});

export const historyPageSchema = z.object({
  items: z.array(historyEntrySchema).max(PAGE_LIMIT),
  nextCursor: z.string().max(20).nullable(),
});
export const historyQuery = z.object({
  limit: z.coerce.number().int().min(1).max(PAGE_LIMIT).default(50),
  cursor: z.string().max(20).regex(/^\d+$/, 'Use a cursor this list gave out').optional(),
});
