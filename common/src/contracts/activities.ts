import { z } from 'zod';
import {
  activityFormats,
  activityKinds,
  attendanceStatuses,
  invitationStatuses,
} from '../labels/activities.ts';
import { visibilities } from '../labels/visibility.ts';
import { publicFeedbackState } from './activity-feedback.ts';
import {
  dateText,
  isoDateTime,
  isoDateTimeWithOffset,
  nullableUuid,
  optionalText,
  pageOf,
  recordAbilities,
  recordFields,
  requiredText,
} from './shared.ts';

export const DEFAULT_TIME_ZONE = 'Europe/London';

const isTimeZone = (zone: string) => {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

/** An IANA time zone name such as Europe/London. */
export const timeZoneName = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .refine(isTimeZone, 'Enter a time zone such as Europe/London');

/** A local date and time, as a date-time picker gives it: 2026-12-08T14:00 (no offset). */
export const localDateTime = z
  .string()
  .max(19)
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/, 'Enter a date and time such as 2026-12-08T14:00');

const ids = z.array(z.uuid()).max(500);

/** Who the activity is for: contacts of partners of these types, of these partners, and these contacts. */
export const audienceInput = z.object({
  partnerTypeIds: ids.default([]),
  partnerIds: ids.default([]),
  contactIds: ids.default([]),
});
export type AudienceInput = z.infer<typeof audienceInput>;

const named = z.object({ id: z.uuid(), name: z.string().max(300) });

export const activitySchema = z.object({
  ...recordFields,
  kind: z.enum(activityKinds),
  title: z.string().max(300),
  description: z.string().max(10_000).nullable(),
  unitId: z.uuid(),
  unitName: z.string().max(200),
  ownerId: z.uuid(),
  ownerName: z.string().max(200),
  coOrganisers: z.array(named).max(501),
  startsAt: isoDateTime,
  endsAt: isoDateTime,
  /** The start and end as the organiser set them, in the activity's time zone. */
  localStart: z.string().max(40),
  localEnd: z.string().max(40),
  timeZone: z.string().max(100),
  format: z.enum(activityFormats),
  location: z.string().max(500).nullable(),
  onlineUrl: z.string().max(2_000).nullable(),
  capacity: z.int32().nullable(),
  visibility: z.enum(visibilities),
  readers: z.array(named).max(501),
  recurrence: z.string().max(500).nullable().describe('An RFC 5545 RRULE, e.g. FREQ=MONTHLY;BYDAY=1TU'),
  exceptionDates: z.array(z.string().max(10)).max(500).describe('Local dates (YYYY-MM-DD) the series skips'),
  audience: z.object({
    partnerTypes: z.array(named).max(501),
    partners: z.array(named).max(501),
    contacts: z.array(named).max(501),
  }),
  counts: z.object({
    invited: z.int32(),
    registered: z.int32(),
    waiting: z.int32(),
    declined: z.int32(),
  }),
  can: recordAbilities.extend({ invite: z.boolean() }),
});
export type ActivityDto = z.infer<typeof activitySchema>;

const activityFields = {
  kind: z.enum(activityKinds),
  title: requiredText(300),
  description: optionalText(10_000),
  unitId: nullableUuid.describe('The organising unit; defaults to mine'),
  ownerId: z.uuid().optional().describe('Defaults to me'),
  coOrganiserIds: ids.default([]),
  start: localDateTime.describe('Local date and time in timeZone'),
  end: localDateTime.describe('Local date and time in timeZone'),
  timeZone: timeZoneName.default(DEFAULT_TIME_ZONE),
  format: z.enum(activityFormats).default('in_person'),
  location: optionalText(500),
  onlineUrl: z
    .url({ protocol: /^https?$/ })
    .max(2000)
    .nullish()
    .transform((v) => v ?? null),
  capacity: z
    .number()
    .int()
    .min(1)
    .max(100_000)
    .nullish()
    .transform((v) => v ?? null),
  visibility: z.enum(visibilities).default('institution'),
  readerIds: ids.default([]).describe('For confidential activities; the owner is always a reader'),
  recurrence: z
    .string()
    .trim()
    .max(500)
    .nullish()
    .transform((v) => v || null),
  exceptionDates: z.array(z.iso.date()).max(500).default([]),
  audience: audienceInput.default({ partnerTypeIds: [], partnerIds: [], contactIds: [] }),
};

export const createActivityBody = z.object(activityFields);
export type CreateActivity = z.infer<typeof createActivityBody>;

export const updateActivityBody = z.object({
  kind: activityFields.kind.optional(),
  title: activityFields.title.optional(),
  description: optionalText(10_000).optional(),
  ownerId: z.uuid().optional(),
  coOrganiserIds: ids.optional(),
  start: localDateTime.optional(),
  end: localDateTime.optional(),
  timeZone: timeZoneName.optional(),
  format: z.enum(activityFormats).optional(),
  location: optionalText(500).optional(),
  onlineUrl: activityFields.onlineUrl.optional(),
  capacity: z.number().int().min(1).max(100_000).nullable().optional(),
  visibility: z.enum(visibilities).optional(),
  readerIds: ids.optional(),
  recurrence: z.string().trim().max(500).nullable().optional(),
  exceptionDates: z.array(z.iso.date()).max(500).optional(),
  audience: z.object({ partnerTypeIds: ids, partnerIds: ids, contactIds: ids }).optional(),
});
export type UpdateActivity = z.infer<typeof updateActivityBody>;

// The list's query is declared on the list pipeline: common/src/lists/activities.ts.
export const activityPage = pageOf(activitySchema);

export const occurrencesQuery = z.object({
  from: isoDateTimeWithOffset.optional().describe('Default: now'),
  to: isoDateTimeWithOffset.optional().describe('Default: a year after `from`'),
});
export const occurrencesSchema = z.object({
  items: z
    .array(z.object({ startsAt: isoDateTime, endsAt: isoDateTime, localStart: z.string().max(40) }))
    .max(800)
    .describe('At most two years of occurrences, at most daily'),
});

/** One invited or registered contact. */
export const invitationSchema = z.object({
  id: z.uuid(),
  contactId: z.uuid(),
  contactName: z.string().max(200),
  email: z.string().max(320).nullable(),
  status: z.enum(invitationStatuses),
  invitedAt: isoDateTime.nullable(),
  emailedAt: isoDateTime.nullable(),
  respondedAt: isoDateTime.nullable(),
  /** Place on the waiting list (1 = next to be offered a place); null when not waiting. */
  waitingPosition: z.int32().nullable(),
  registeredByName: z.string().max(200).nullable(),
});
export type InvitationDto = z.infer<typeof invitationSchema>;
export const invitationList = z.object({ items: z.array(invitationSchema) });

export const inviteBody = z.object({
  partnerTypeIds: ids.default([]),
  partnerIds: ids.default([]),
  contactIds: ids.default([]),
  /** Invite the activity's saved audience as well. */
  includeAudience: z.boolean().default(false),
});
export type InviteInput = z.infer<typeof inviteBody>;
export const inviteResult = z.object({
  invited: z.int32().describe('Invitations created and queued for e-mail'),
  alreadyInvited: z.int32(),
  noConsent: z
    .int32()
    .describe(
      'Contacts who may not be contacted for events and invitations (consent withdrawn, or erased): sent nothing. Replaces the former doNotInvite count.',
    ),
  noEmail: z.int32().describe('Contacts without an e-mail address'),
});

export const registerOnBehalfBody = z.object({ contactId: z.uuid() });

/** The public registration page's view of an activity (by private link: no internals). */
export const publicInvitationSchema = z.object({
  contactName: z.string().max(200),
  status: z.enum(invitationStatuses),
  waitingPosition: z.int32().nullable(),
  feedback: publicFeedbackState,
  activity: z.object({
    kind: z.enum(activityKinds),
    title: z.string().max(300),
    description: z.string().max(10_000).nullable(),
    unitName: z.string().max(200),
    startsAt: isoDateTime,
    endsAt: isoDateTime,
    localStart: z.string().max(40),
    localEnd: z.string().max(40),
    timeZone: z.string().max(100),
    format: z.enum(activityFormats),
    location: z.string().max(500).nullable(),
    onlineUrl: z.string().max(2_000).nullable(),
    placesLeft: z.int32().nullable(),
    started: z.boolean(),
  }),
});
export type PublicInvitationDto = z.infer<typeof publicInvitationSchema>;
export const tokenParams = z.object({ token: z.string().min(20).max(200) });

/** One line of the door list: a registered contact or a walk-in, and whether they came. */
export const attendeeSchema = z.object({
  contactId: z.uuid(),
  contactName: z.string().max(200),
  /** The partners the contact is currently affiliated with: the attendance is on their timelines. */
  partners: z.array(named).max(51),
  registered: z.boolean().describe('Registered (or registered on their behalf) before the activity'),
  attendance: z.enum(attendanceStatuses).nullable().describe('Null: not recorded yet'),
  walkIn: z.boolean(),
  touchpointId: z.uuid().nullable().describe('The touch point the attendance logged, while it exists'),
  recordedAt: isoDateTime.nullable(),
  recordedByName: z.string().max(200).nullable(),
});
export type AttendeeDto = z.infer<typeof attendeeSchema>;
/** At most this many people on a door list (the largest capacity is 100,000; a door list that long is not taken by hand). */
export const DOOR_LIST_LIMIT = 5_000;
export const attendanceList = z.object({
  items: z.array(attendeeSchema).max(DOOR_LIST_LIMIT),
  counts: z.object({ registered: z.int32(), attended: z.int32(), noShow: z.int32(), walkIns: z.int32() }),
  occurrenceStartsAt: isoDateTime.describe('The meeting this list is for (a series has one per occurrence)'),
  opensAt: isoDateTime.describe("Attendance can be taken from an hour before the meeting's start"),
});
export const attendanceParams = z.object({ id: z.uuid(), contactId: z.uuid() });
const meetingDescription =
  "The start of the meeting (an occurrence of a series). Default: a one-off activity's only meeting, or the series' latest meeting whose door has opened";
/** Which meeting of a series the door list is for. */
export const occurrenceQuery = z.object({
  occurrence: isoDateTimeWithOffset.optional().describe(meetingDescription),
});
export const recordAttendanceBody = z.object({
  status: z.enum(attendanceStatuses),
  occurrenceStartsAt: isoDateTimeWithOffset.optional().describe(meetingDescription),
});
export const noShowsResult = z.object({ marked: z.int32() });

/** My private calendar feed: whether it exists (its URL is shown only when made). */
export const calendarFeedSchema = z.object({
  active: z.boolean(),
  createdAt: isoDateTime.nullable(),
  lastReadAt: isoDateTime.nullable().describe('When a calendar program last read the feed'),
});
export const newCalendarFeedSchema = z.object({
  path: z.string().max(300).describe('The private address, shown this once: put the site address before it'),
  createdAt: isoDateTime,
});

/** One activity on a partner's page: when, and how many of the partner's people took part. */
export const partnerActivitySchema = z.object({
  id: z.uuid(),
  kind: z.enum(activityKinds),
  title: z.string().max(200),
  unitName: z.string().max(200),
  startsAt: isoDateTime.describe("The meeting's start: a series' next one when upcoming, its last when past"),
  endsAt: isoDateTime,
  timeZone: z.string().max(64),
  recurring: z.boolean(),
  counts: z
    .object({
      invited: z.int32(),
      registered: z.int32(),
      waiting: z.int32(),
      attended: z.int32(),
      noShow: z.int32(),
    })
    .describe("The partner's people only: those with the partner when the activity began"),
});
export type PartnerActivityDto = z.infer<typeof partnerActivitySchema>;

/** One of the partner's people in a working group, now or in the past. */
export const partnerMembershipSchema = z.object({
  id: z.uuid(),
  activityId: z.uuid(),
  title: z.string().max(200),
  contactId: z.uuid(),
  contactName: z.string().max(200),
  role: z.string().max(200).nullable(),
  joinedOn: dateText,
  leftOn: dateText.nullable(),
});

/** The most activities, and memberships, a partner's page lists. */
export const PARTNER_ACTIVITIES_LIMIT = 200;
export const partnerActivitiesSchema = z.object({
  upcoming: z.array(partnerActivitySchema).max(PARTNER_ACTIVITIES_LIMIT).describe('Soonest first'),
  past: z.array(partnerActivitySchema).max(PARTNER_ACTIVITIES_LIMIT).describe('Latest first'),
  memberships: z
    .array(partnerMembershipSchema)
    .max(PARTNER_ACTIVITIES_LIMIT)
    .describe('Current first, then past, by working group'),
});
export type PartnerActivitiesDto = z.infer<typeof partnerActivitiesSchema>;
