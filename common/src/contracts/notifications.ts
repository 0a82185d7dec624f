import { z } from 'zod';
import { pageQuery, queryFlag } from './shared.ts';

export const notificationKinds = [
  'assigned',
  'escalated',
  'target_approaching',
  'target_breached',
  'commented',
  'task_due',
] as const;
export type NotificationKind = (typeof notificationKinds)[number];
export const notificationKindLabels: Record<NotificationKind, string> = {
  assigned: 'Assigned to you',
  escalated: 'Escalated',
  target_approaching: 'Target approaching',
  target_breached: 'Target breached',
  commented: 'New comment',
  task_due: 'Task due',
};

export const notificationSchema = z.object({
  id: z.uuid(),
  kind: z.enum(notificationKinds),
  title: z.string(),
  body: z.string().nullable(),
  link: z.string().nullable(),
  read: z.boolean(),
  createdAt: z.iso.datetime(),
});

export const listNotificationsQuery = pageQuery.extend({ unread: queryFlag.optional() });
export type ListNotificationsQuery = z.infer<typeof listNotificationsQuery>;

export const notificationPage = z.object({
  items: z.array(notificationSchema),
  nextCursor: z.string().nullable(),
  unreadCount: z.number().int(),
});

export const readNotificationsBody = z.object({ ids: z.array(z.uuid()).max(500).optional() });
export const readNotificationsResult = z.object({ updated: z.number().int(), unreadCount: z.number().int() });
