import { z } from 'zod';
import { notificationKinds } from '../labels/notifications.ts';
import { isoDateTime, PAGE_LIMIT, pageQuery, queryFlag } from './shared.ts';

export const notificationSchema = z.object({
  id: z.uuid(),
  kind: z.enum(notificationKinds),
  title: z.string().max(1000).describe('e.g. "Escalated to Head of unit: the relationship of … with …"'),
  body: z.string().max(1000).nullable(),
  link: z.string().max(500).nullable(),
  read: z.boolean(),
  createdAt: isoDateTime,
});

export const listNotificationsQuery = pageQuery.extend({ unread: queryFlag.optional() });
export type ListNotificationsQuery = z.infer<typeof listNotificationsQuery>;

export const notificationPage = z.object({
  items: z.array(notificationSchema).max(PAGE_LIMIT),
  nextCursor: z.string().max(1000).nullable(),
  unreadCount: z.int32().min(0),
});

export const readNotificationsBody = z.object({ ids: z.array(z.uuid()).max(500).optional() });
export const readNotificationsResult = z.object({ updated: z.int32().min(0), unreadCount: z.int32().min(0) });
