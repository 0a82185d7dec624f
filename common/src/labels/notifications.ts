/** The notifications vocabularies and their labels, without zod: contracts/notifications.ts builds its schemas from them. */

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
