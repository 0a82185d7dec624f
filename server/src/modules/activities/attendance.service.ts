import { DOOR_LIST_LIMIT } from '../../../../common/src/contracts/activities.ts';
import { type AttendanceStatus, activityKindLabels } from '../../../../common/src/labels/activities.ts';
import type { Executor } from '../../db/client.ts';
import { recordChange } from '../../db/records.ts';
import { AppError, invalid, notFound } from '../../errors.ts';
import { allOf } from '../../lib/all-of.ts';
import type { Ctx } from '../../lib/context.ts';
import { isAdministrator } from '../access/actor.ts';
import { recordTouchpointsWithin, withdrawTouchpointWithin } from '../touchpoints/touchpoints.service.ts';
import { existingReferences, lockActivity, type PresentedActivity } from './activities.repository.ts';
import { loadChangeableActivity, loadVisibleActivity } from './activities.service.ts';
import {
  attendanceCounts,
  currentPartnersOf,
  doorList,
  findAttendance,
  isRegistered,
  markRemainingNoShows,
  saveAttendance,
} from './attendance.repository.ts';
import { occurrencesOf } from './recurrence.ts';

/** Attendance is taken at the door: from an hour before the (first) start. */
const OPENS_BEFORE_MS = 60 * 60_000;
/** A touch point names at most this many other partners (the touch points' contract). */
const OTHER_PARTNERS_MAX = 50;

const DAY_MS = 86_400_000;

const opensAt = (meeting: Date) => new Date(meeting.getTime() - OPENS_BEFORE_MS);

const seriesOf = (a: PresentedActivity) => ({
  startsAt: new Date(a.startsAt),
  endsAt: new Date(a.endsAt),
  timeZone: a.timeZone,
  recurrence: a.recurrence,
  exceptionDates: a.exceptionDates,
});

/**
 * The meeting attendance is for: the one named (it must start one of the activity's meetings),
 * else a one-off activity's only meeting, or a series' latest meeting whose door has opened
 * (its first when none has yet).
 */
export function meetingOf(activity: PresentedActivity, requested: string | undefined, field: string): Date {
  const series = seriesOf(activity);
  if (requested) {
    const at = new Date(requested);
    const [meeting] = occurrencesOf(series, at, new Date(at.getTime() + 1), 1);
    if (!meeting) throw invalid(field, "is not the start of one of the activity's meetings");
    return meeting.startsAt;
  }
  if (!activity.recurrence) return series.startsAt;
  const now = Date.now();
  const opened = occurrencesOf(series, new Date(now - 400 * DAY_MS), new Date(now + OPENS_BEFORE_MS), 1_000);
  const latest = opened.at(-1);
  if (latest) return latest.startsAt;
  const [first] = occurrencesOf(
    series,
    series.startsAt,
    new Date(series.startsAt.getTime() + 800 * DAY_MS),
    1,
  );
  return first?.startsAt ?? series.startsAt;
}

/** A meeting's door list: everyone registered and every walk-in, whether they came, and the counts. */
export async function attendanceOf(ctx: Ctx, activityId: string, occurrence?: string) {
  const activity = await loadVisibleActivity(ctx, ctx.db, activityId);
  return presentDoorList(ctx.db, activity, meetingOf(activity, occurrence, 'occurrence'));
}

async function presentDoorList(db: Executor, activity: PresentedActivity, meeting: Date) {
  const [rows, counts] = await allOf(db, [
    () => doorList(db, activity.id, meeting, DOOR_LIST_LIMIT),
    () => attendanceCounts(db, activity.id, meeting),
  ]);
  const partners = await currentPartnersOf(
    db,
    rows.map((r) => r.contactId),
  );
  return {
    items: rows.map((r) => ({
      ...r,
      partners: (partners.get(r.contactId) ?? []).slice(0, OTHER_PARTNERS_MAX + 1),
      recordedAt: r.recordedAt?.toISOString() ?? null,
    })),
    counts: { registered: activity.counts.registered, ...counts },
    occurrenceStartsAt: meeting.toISOString(),
    opensAt: opensAt(meeting).toISOString(),
  };
}

/**
 * Records that a contact came to a meeting of the activity, or did not. A contact who came
 * without a place is a walk-in. Coming logs one touch point of kind "event", dated at that
 * meeting, on the timelines of the partners the contact is with, under the activity's
 * visibility; correcting it to "did not come" withdraws that touch point. Recording the same
 * answer again changes nothing.
 */
export async function recordAttendance(
  ctx: Ctx,
  activityId: string,
  contactId: string,
  status: AttendanceStatus,
  occurrence?: string,
) {
  return ctx.db.transaction(async (tx) => {
    // The activity's lock serialises the door: two taps on the same name log one touch point.
    if (!(await lockActivity(tx, activityId))) throw notFound('Activity');
    const activity = await loadChangeableActivity(ctx, tx, activityId);
    const meeting = meetingOf(activity, occurrence, 'occurrenceStartsAt');
    if (new Date() < opensAt(meeting))
      throw new AppError(
        'conflict',
        `Attendance can be taken from an hour before the start (${opensAt(meeting).toISOString()})`,
      );
    const found = await existingReferences(tx, {
      contactIds: [contactId],
      userIds: [],
      partnerTypeIds: [],
      partnerIds: [],
      unitIds: [],
    });
    if (!found.contacts.has(contactId)) throw invalid('contactId', 'does not name an existing contact');
    const before = await findAttendance(tx, activityId, meeting, contactId);
    if (before?.status === status) return attendee(tx, activityId, meeting, contactId);
    const registered = await isRegistered(tx, activityId, contactId);
    if (!before && !registered && status === 'no_show')
      throw invalid('status', 'Only someone registered can be recorded as not coming');
    let touchpointId = before?.touchpointId ?? null;
    if (status === 'attended') touchpointId = await logTouchpoint(tx, ctx, activity, meeting, contactId);
    else if (touchpointId) {
      await withdrawTouchpointWithin(tx, ctx, touchpointId);
      touchpointId = null;
    }
    const walkIn = before?.walkIn ?? !registered;
    await saveAttendance(tx, {
      activityId,
      occurrenceStartsAt: meeting,
      contactId,
      status,
      walkIn,
      touchpointId,
      recordedById: ctx.actor.userId,
    });
    await recordChange(tx, ctx, {
      entity: 'activity',
      entityId: activityId,
      action: 'attended',
      detail: { contactId, status, walkIn, touchpointId, occurrenceStartsAt: meeting.toISOString() },
    });
    return attendee(tx, activityId, meeting, contactId);
  });
}

/** Everyone registered whose attendance at the meeting is not yet recorded did not come. */
export async function recordNoShows(ctx: Ctx, activityId: string, occurrence?: string) {
  return ctx.db.transaction(async (tx) => {
    if (!(await lockActivity(tx, activityId))) throw notFound('Activity');
    const activity = await loadChangeableActivity(ctx, tx, activityId);
    const meeting = meetingOf(activity, occurrence, 'occurrence');
    if (new Date() < meeting)
      throw new AppError('conflict', 'The meeting has not started: nobody has missed it yet');
    const contactIds = await markRemainingNoShows(tx, activityId, meeting, ctx.actor.userId);
    if (contactIds.length)
      await recordChange(tx, ctx, {
        entity: 'activity',
        entityId: activityId,
        action: 'attended',
        detail: {
          contactIds,
          status: 'no_show',
          count: contactIds.length,
          occurrenceStartsAt: meeting.toISOString(),
        },
      });
    return { marked: contactIds.length };
  });
}

async function attendee(tx: Executor, activityId: string, meeting: Date, contactId: string) {
  const [row] = await doorList(tx, activityId, meeting, 1, contactId);
  if (!row) throw notFound('Attendance');
  const partners = await currentPartnersOf(tx, [contactId]);
  return {
    ...row,
    partners: (partners.get(contactId) ?? []).slice(0, OTHER_PARTNERS_MAX + 1),
    recordedAt: row.recordedAt?.toISOString() ?? null,
  };
}

/**
 * The touch point an attendance logs: on the contact's partners (primary affiliation first),
 * by whoever took attendance, for the activity's unit when they may record for it, under the
 * activity's visibility and readers. A contact with no current partner logs none.
 */
async function logTouchpoint(
  tx: Executor,
  ctx: Ctx,
  activity: PresentedActivity,
  meeting: Date,
  contactId: string,
) {
  const partners = (await currentPartnersOf(tx, [contactId])).get(contactId) ?? [];
  const [primary, ...others] = partners;
  if (!primary) return null;
  const unitId =
    isAdministrator(ctx.actor) || ctx.actor.unitId === activity.unitId || !ctx.actor.unitId
      ? activity.unitId
      : ctx.actor.unitId;
  const [created] = await recordTouchpointsWithin(tx, ctx, [
    {
      partnerId: primary.id,
      partnerIds: others.slice(0, OTHER_PARTNERS_MAX).map((p) => p.id),
      unitId,
      kind: 'event',
      isFormal: false,
      occurredAt: meeting.toISOString(),
      subject: `${activityKindLabels[activity.kind]}: ${activity.title}`.slice(0, 300),
      notes: `Attended ${activity.title}, organised by ${activity.unitName}.`,
      sentiment: null,
      staffIds: [],
      contactIds: [contactId],
      visibility: activity.visibility,
      readerIds: activity.visibility === 'confidential' ? activity.readers.map((r) => r.id) : [],
    },
  ]);
  return created!.id;
}
