import { z } from 'zod';
import { isoDateTime, PAGE_LIMIT, pageQuery, queryFlag } from './shared.ts';

export const notificationKinds = [
  'assigned',
  'escalated',
  'target_approaching',
  'target_breached',
  'commented',
  'task_due',
  'partner_concern',
  'partner_activity',
  'agreement_review',
  'agreement_ending',
  'review_due',
  'agreement_change',
  'introduction_requested',
  'briefing',
] as const;
export type NotificationKind = (typeof notificationKinds)[number];
export const notificationKindLabels: Record<NotificationKind, string> = {
  assigned: 'Assigned to you',
  escalated: 'Escalated',
  target_approaching: 'Target approaching',
  target_breached: 'Target breached',
  commented: 'New comment',
  task_due: 'Task due',
  partner_concern: 'Complaint or concern raised with my partner',
  partner_activity: 'Another unit working with my partner',
  agreement_review: 'Agreement review coming up',
  agreement_ending: 'Agreement coming to its end',
  review_due: 'Relationship review coming up',
  agreement_change: 'Change to an agreement to approve or decided',
  introduction_requested: 'A colleague asks you for an introduction',
  briefing: 'Your weekly briefing (senior managers)',
};

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
