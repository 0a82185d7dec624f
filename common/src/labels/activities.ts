/** The activities vocabularies and their labels, without zod: contracts/activities.ts builds its schemas from them. */

/** The kinds of engagement activity (PRODUCT.md 3.5), in the order forms offer them. */
export const activityKinds = [
  'forum',
  'working_group',
  'seminar',
  'roadshow',
  'training_session',
  'consultation',
  'workshop',
] as const;
export type ActivityKind = (typeof activityKinds)[number];
export const activityKindLabels: Record<ActivityKind, string> = {
  forum: 'Forum',
  working_group: 'Working group',
  seminar: 'Seminar',
  roadshow: 'Roadshow',
  training_session: 'Training session',
  consultation: 'Consultation',
  workshop: 'Workshop',
};

/** Where it happens: a place, or a link. */
export const activityFormats = ['in_person', 'online'] as const;
export type ActivityFormat = (typeof activityFormats)[number];
export const activityFormatLabels: Record<ActivityFormat, string> = {
  in_person: 'In person',
  online: 'Online',
};

/** Where an invited contact stands. */
export const invitationStatuses = ['invited', 'registered', 'waiting', 'declined', 'cancelled'] as const;
export type InvitationStatus = (typeof invitationStatuses)[number];
export const invitationStatusLabels: Record<InvitationStatus, string> = {
  invited: 'Invited',
  registered: 'Registered',
  waiting: 'On the waiting list',
  declined: 'Declined',
  cancelled: 'Cancelled',
};

/** Whether a contact came: recorded at the door, or after. */
export const attendanceStatuses = ['attended', 'no_show'] as const;
export type AttendanceStatus = (typeof attendanceStatuses)[number];
export const attendanceStatusLabels: Record<AttendanceStatus, string> = {
  attended: 'Attended',
  no_show: 'Did not come',
};
