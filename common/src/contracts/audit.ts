import { z } from 'zod';

/** What an audit entry records. */
export const auditActions = ['create', 'update', 'delete'] as const;
export type AuditAction = (typeof auditActions)[number];
export const auditActionLabels: Record<AuditAction, string> = {
  create: 'Created',
  update: 'Changed',
  delete: 'Deleted',
};

export const historyEntrySchema = z.object({
  id: z.number().int(),
  action: z.enum(auditActions),
  actorUserId: z.uuid().nullable(),
  actorTokenId: z.uuid().nullable(),
  actorName: z
    .string()
    .nullable()
    .describe('Who made the change: a member of staff, or a contact through the partner portal'),
  at: z.iso.datetime(),
  before: z.record(z.string(), z.unknown()).nullable(),
  after: z.record(z.string(), z.unknown()).nullable(),
});

export const historyPageSchema = z.object({
  items: z.array(historyEntrySchema),
  nextCursor: z.string().nullable(),
});
export const historyQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().regex(/^\d+$/, 'Use a cursor this list gave out').optional(),
});
