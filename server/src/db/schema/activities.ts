import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  index,
  integer,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import {
  activityFormats,
  activityKinds,
  attendanceStatuses,
  invitationStatuses,
} from '../../../../common/src/labels/activities.ts';
import { visibilities } from '../../../../common/src/labels/visibility.ts';
import { id, versioned } from './columns.ts';
import { contacts } from './contacts.ts';
import { partnerTypes } from './partner-types.ts';
import { partners } from './partners.ts';
import { tasks } from './tasks.ts';
import { touchpoints } from './touchpoints.ts';
import { units } from './units.ts';
import { users } from './users.ts';

/**
 * An engagement activity: a forum, seminar, working group… organised by a unit. A series keeps
 * its RRULE and exception dates; occurrences are expanded when shown, never stored. Attendance,
 * feedback and working-group membership will hang off the activity (and its invitations).
 */
export const activities = pgTable(
  'activities',
  {
    id: id(),
    kind: text('kind', { enum: activityKinds }).notNull(),
    title: text('title').notNull(),
    description: text('description'),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => units.id, { onDelete: 'restrict' }),
    ownerId: uuid('owner_id')
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    /** The first occurrence's start and end, as instants; `timeZone` says how to show them. */
    startsAt: timestamp('starts_at', { withTimezone: true, precision: 3 }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true, precision: 3 }).notNull(),
    timeZone: text('time_zone').notNull().default('Europe/London'),
    format: text('format', { enum: activityFormats }).notNull().default('in_person'),
    location: text('location'),
    onlineUrl: text('online_url'),
    capacity: integer('capacity'),
    visibility: text('visibility', { enum: visibilities }).notNull().default('institution'),
    recurrence: text('recurrence'),
    exceptionDates: date('exception_dates', { mode: 'string' }).array().notNull().default(sql`'{}'::date[]`),
    ...versioned(),
  },
  (t) => [
    check('activities_ends_after_start', sql`${t.endsAt} > ${t.startsAt}`),
    check('activities_capacity_positive', sql`${t.capacity} is null or ${t.capacity} > 0`),
    index('activities_starts_idx').on(t.startsAt, t.id),
    index('activities_unit_idx').on(t.unitId, t.startsAt),
  ],
);

/** Members of staff organising the activity with its owner. */
export const activityOrganisers = pgTable(
  'activity_organisers',
  {
    activityId: uuid('activity_id')
      .notNull()
      .references(() => activities.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
  },
  (t) => [
    primaryKey({ columns: [t.activityId, t.userId] }),
    index('activity_organisers_user_idx').on(t.userId),
  ],
);

/** The named people who may see a confidential activity (the owner is always named). */
export const activityReaders = pgTable(
  'activity_readers',
  {
    activityId: uuid('activity_id')
      .notNull()
      .references(() => activities.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
  },
  (t) => [primaryKey({ columns: [t.activityId, t.userId] }), index('activity_readers_user_idx').on(t.userId)],
);

/** Who the activity is for: one row per partner type, partner or contact (exactly one is set). */
export const activityTargets = pgTable(
  'activity_audience',
  {
    id: id(),
    activityId: uuid('activity_id')
      .notNull()
      .references(() => activities.id, { onDelete: 'cascade' }),
    partnerTypeId: uuid('partner_type_id').references(() => partnerTypes.id, { onDelete: 'restrict' }),
    partnerId: uuid('partner_id').references(() => partners.id, { onDelete: 'restrict' }),
    contactId: uuid('contact_id').references(() => contacts.id, { onDelete: 'restrict' }),
  },
  (t) => [
    check(
      'activity_audience_one_target',
      sql`num_nonnulls(${t.partnerTypeId}, ${t.partnerId}, ${t.contactId}) = 1`,
    ),
    index('activity_audience_activity_idx').on(t.activityId),
  ],
);

/**
 * One contact's place in an activity: invited, registered, waiting, declined or cancelled. One
 * row per contact and activity, so nobody registers twice. The private link's token is stored
 * only as its SHA-256.
 */
export const activityInvitations = pgTable(
  'activity_invitations',
  {
    id: id(),
    activityId: uuid('activity_id')
      .notNull()
      .references(() => activities.id, { onDelete: 'cascade' }),
    contactId: uuid('contact_id')
      .notNull()
      .references(() => contacts.id, { onDelete: 'restrict' }),
    email: text('email'),
    tokenHash: text('token_hash').notNull(),
    status: text('status', { enum: invitationStatuses }).notNull().default('invited'),
    /** Null when staff registered the contact without inviting them first. */
    invitedAt: timestamp('invited_at', { withTimezone: true, precision: 3 }),
    emailedAt: timestamp('emailed_at', { withTimezone: true, precision: 3 }),
    respondedAt: timestamp('responded_at', { withTimezone: true, precision: 3 }),
    /** When the contact joined the waiting list: places are offered in this order. */
    waitingSince: timestamp('waiting_since', { withTimezone: true, precision: 3 }),
    registeredById: uuid('registered_by_id').references(() => users.id, { onDelete: 'restrict' }),
    /**
     * The link e-mailed after the activity to ask for feedback, as its SHA-256: it opens the same
     * private page as the invitation's (whose token is long gone), and is made once.
     */
    feedbackTokenHash: text('feedback_token_hash'),
    feedbackRequestedAt: timestamp('feedback_requested_at', { withTimezone: true, precision: 3 }),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('activity_invitations_contact_key').on(t.activityId, t.contactId),
    uniqueIndex('activity_invitations_token_key').on(t.tokenHash),
    uniqueIndex('activity_invitations_feedback_token_key').on(t.feedbackTokenHash),
    index('activity_invitations_waiting_idx').on(t.activityId, t.waitingSince).where(sql`status = 'waiting'`),
  ],
);

/**
 * E-mail to contacts about an activity, waiting to be sent (the invitation with its private
 * link, a place offered from the waiting list). The link's token lives here only until the
 * message is sent, then it is erased: the invitation keeps its hash alone.
 */
export const activityOutbox = pgTable(
  'activity_outbox',
  {
    id: id(),
    invitationId: uuid('invitation_id')
      .notNull()
      .references(() => activityInvitations.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: ['invitation', 'promotion', 'feedback'] }).notNull(),
    token: text('token'),
    sentAt: timestamp('sent_at', { withTimezone: true, precision: 3 }),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [index('activity_outbox_unsent_idx').on(t.createdAt).where(sql`sent_at is null`)],
);

/**
 * Who came (or did not): one row per contact and meeting (a series' occurrence), taken at the door. A walk-in came
 * without being registered. An attendance that reached a partner is a touch point of kind
 * "event" on the partner's timeline; deleting that touch point leaves the attendance.
 */
export const activityAttendance = pgTable(
  'activity_attendance',
  {
    id: id(),
    activityId: uuid('activity_id')
      .notNull()
      .references(() => activities.id, { onDelete: 'cascade' }),
    contactId: uuid('contact_id')
      .notNull()
      .references(() => contacts.id, { onDelete: 'restrict' }),
    /** Which meeting: the activity's start, or one occurrence of its series. */
    occurrenceStartsAt: timestamp('occurrence_starts_at', { withTimezone: true, precision: 3 }).notNull(),
    status: text('status', { enum: attendanceStatuses }).notNull(),
    walkIn: boolean('walk_in').notNull().default(false),
    touchpointId: uuid('touchpoint_id').references(() => touchpoints.id, { onDelete: 'set null' }),
    recordedById: uuid('recorded_by_id')
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    recordedAt: timestamp('recorded_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('activity_attendance_occurrence_contact_key').on(
      t.activityId,
      t.occurrenceStartsAt,
      t.contactId,
    ),
    index('activity_attendance_touchpoint_idx').on(t.touchpointId),
  ],
);

/**
 * What someone thought of an activity: a rating from 1 to 5, what was useful, what to change.
 * A contact gives it by the private link in their invitation (one per invitation), a member of
 * staff signed in (one per activity each). It names the invitation, not the contact, so merging
 * two contacts moves it with the invitation.
 */
export const activityFeedback = pgTable(
  'activity_feedback',
  {
    id: id(),
    activityId: uuid('activity_id')
      .notNull()
      .references(() => activities.id, { onDelete: 'cascade' }),
    invitationId: uuid('invitation_id').references(() => activityInvitations.id, { onDelete: 'cascade' }),
    userId: uuid('user_id').references(() => users.id, { onDelete: 'restrict' }),
    rating: smallint('rating').notNull(),
    useful: text('useful'),
    change: text('change'),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    check('activity_feedback_rating_range', sql`${t.rating} between 1 and 5`),
    check('activity_feedback_one_author', sql`num_nonnulls(${t.invitationId}, ${t.userId}) = 1`),
    uniqueIndex('activity_feedback_invitation_key').on(t.invitationId),
    uniqueIndex('activity_feedback_user_key').on(t.activityId, t.userId),
    index('activity_feedback_activity_idx').on(t.activityId, t.createdAt),
  ],
);

/**
 * Who belongs to a working group, over time: a partner's contact (for that partner) or a member
 * of staff, from the day they joined to the day they left. A person leaves and rejoins as a new
 * row, so the history stays; the service allows one open membership per person and group.
 */
export const workingGroupMembers = pgTable(
  'working_group_members',
  {
    id: id(),
    activityId: uuid('activity_id')
      .notNull()
      .references(() => activities.id, { onDelete: 'cascade' }),
    contactId: uuid('contact_id').references(() => contacts.id, { onDelete: 'restrict' }),
    partnerId: uuid('partner_id').references(() => partners.id, { onDelete: 'restrict' }),
    userId: uuid('user_id').references(() => users.id, { onDelete: 'restrict' }),
    role: text('role'),
    joinedOn: date('joined_on', { mode: 'string' }).notNull(),
    leftOn: date('left_on', { mode: 'string' }),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    check(
      'working_group_members_one_person',
      sql`(${t.contactId} is not null and ${t.partnerId} is not null and ${t.userId} is null) or (${t.contactId} is null and ${t.partnerId} is null and ${t.userId} is not null)`,
    ),
    check(
      'working_group_members_left_after_joined',
      sql`${t.leftOn} is null or ${t.leftOn} >= ${t.joinedOn}`,
    ),
    index('working_group_members_activity_idx').on(t.activityId, t.joinedOn),
    index('working_group_members_contact_idx').on(t.contactId),
    index('working_group_members_partner_idx').on(t.partnerId),
  ],
);

/**
 * An action agreed at one of a working group's meetings, owned by a member of the group on
 * either side: a partner's contact or a member of staff. A member of staff's action is also a
 * task in their task list (when the group is open to everyone, so the task shows nothing
 * hidden); that task's done state is the action's. The owner is named through the membership,
 * so merging two contacts moves their actions with their memberships.
 */
export const workingGroupActions = pgTable(
  'working_group_actions',
  {
    id: id(),
    activityId: uuid('activity_id')
      .notNull()
      .references(() => activities.id, { onDelete: 'cascade' }),
    /** The meeting it was agreed at: one occurrence of the group's series, by its start. */
    meetingStartsAt: timestamp('meeting_starts_at', { withTimezone: true, precision: 3 }).notNull(),
    title: text('title').notNull(),
    memberId: uuid('member_id')
      .notNull()
      .references(() => workingGroupMembers.id, { onDelete: 'cascade' }),
    dueOn: date('due_on', { mode: 'string' }),
    doneAt: timestamp('done_at', { withTimezone: true, precision: 3 }),
    taskId: uuid('task_id').references(() => tasks.id, { onDelete: 'set null' }),
    createdById: uuid('created_by_id')
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    index('working_group_actions_activity_idx').on(t.activityId, t.meetingStartsAt),
    index('working_group_actions_member_idx').on(t.memberId),
    index('working_group_actions_task_idx').on(t.taskId),
  ],
);

/**
 * A member of staff's private calendar feed: the activities they organise, at a URL that
 * Outlook or Google Calendar can subscribe to. The URL's token is stored only as its SHA-256;
 * a new one replaces the old.
 */
export const calendarFeeds = pgTable('calendar_feeds', {
  userId: uuid('user_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  tokenHash: text('token_hash').notNull().unique('calendar_feeds_token_key'),
  createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  lastReadAt: timestamp('last_read_at', { withTimezone: true, precision: 3 }),
});

export type Activity = typeof activities.$inferSelect;
