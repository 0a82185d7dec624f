import {
  FEEDBACK_COMMENTS_LIMIT,
  FEEDBACK_DAYS,
  type GiveFeedback,
} from '../../../../common/src/contracts/activity-feedback.ts';
import { FEEDBACK_RATINGS, feedbackRatingLabels } from '../../../../common/src/labels/activity-feedback.ts';
import type { Executor } from '../../db/client.ts';
import { recordChange, type Writer } from '../../db/records.ts';
import { AppError, notFound } from '../../errors.ts';
import type { Ctx } from '../../lib/context.ts';
import { hasRole } from '../access/actor.ts';
import { hashSecret } from '../auth/secrets.ts';
import { findActivity } from './activities.repository.ts';
import { loadVisibleActivity } from './activities.service.ts';
import { attendanceAtAnyMeeting } from './attendance.repository.ts';
import {
  feedbackCounts,
  feedbackResponses,
  hasGivenFeedback,
  insertFeedback,
} from './feedback.repository.ts';
import { findInvitation } from './invitations.repository.ts';

/** An activity's dates, as stored (Date) or as presented (ISO text). */
type Dated = { startsAt: Date | string; endsAt: Date | string; recurrence: string | null };

/** Feedback opens at the (first) start; a one-off activity stops taking it FEEDBACK_DAYS after its end. */
export function feedbackWindow(activity: Dated) {
  const closesAt = activity.recurrence
    ? null
    : new Date(new Date(activity.endsAt).getTime() + FEEDBACK_DAYS * 86_400_000);
  return { opensAt: new Date(activity.startsAt), closesAt };
}

/** Why feedback cannot be given now, or null when it can. */
function windowClosed(activity: Dated, now = new Date()) {
  const { opensAt, closesAt } = feedbackWindow(activity);
  if (now < opensAt) return 'Feedback opens when the activity starts';
  if (closesAt && now >= closesAt) return 'Feedback for this activity has closed';
  return null;
}

type Invitation = NonNullable<Awaited<ReturnType<typeof findInvitation>>>;

/**
 * Where a contact stands for feedback by their link: open to those who came, or who held a place
 * when attendance was not taken; not to those recorded as not coming, or never registered.
 */
export async function contactFeedbackState(db: Executor, invitation: Invitation, activity: Dated) {
  // One after the other: `db` may be a transaction, whose one connection runs one query at a time.
  const attendance = await attendanceAtAnyMeeting(db, invitation.activityId, invitation.contactId);
  const given = await hasGivenFeedback(db, invitation.activityId, { invitationId: invitation.id });
  const came = attendance?.came === true || (attendance === null && invitation.status === 'registered');
  const reason = given
    ? 'Thank you: your feedback has been received'
    : !came
      ? 'Feedback is asked of those who came'
      : windowClosed(activity);
  return { open: reason === null, given, eligible: came, reason };
}

const feedbackRow = (input: GiveFeedback) => ({
  rating: input.rating,
  useful: input.useful ?? null,
  change: input.change ?? null,
});

/** Saves an answer and records it (history and the event), or says it was already given. */
async function save(
  tx: Executor,
  writer: Writer,
  activityId: string,
  author: { invitationId: string } | { userId: string },
  input: GiveFeedback,
) {
  const saved = await insertFeedback(tx, {
    activityId,
    invitationId: 'invitationId' in author ? author.invitationId : null,
    userId: 'userId' in author ? author.userId : null,
    ...feedbackRow(input),
  });
  if (!saved) throw new AppError('conflict', 'Feedback has already been given for this activity');
  await recordChange(tx, writer, {
    entity: 'activity',
    entityId: activityId,
    action: 'feedback_given',
    detail: {
      feedbackId: saved.id,
      rating: saved.rating,
      from: 'invitationId' in author ? 'contact' : 'staff',
    },
  });
  return saved;
}

type PublicCall = { requestId: string; db: Ctx['db'] };

/** A contact gives feedback by the private link in their invitation: once, after the activity starts. */
export async function giveFeedbackByLink(call: PublicCall, token: string, input: GiveFeedback) {
  await call.db.transaction(async (tx) => {
    const invitation = await findInvitation(tx, { tokenHash: hashSecret(token) });
    if (!invitation) throw notFound('Invitation');
    const activity = await findActivity(tx, invitation.activityId);
    if (!activity) throw notFound('Invitation');
    const state = await contactFeedbackState(tx, invitation, activity);
    if (state.given) throw new AppError('conflict', 'Feedback has already been given for this activity');
    if (!state.open) throw new AppError('conflict', state.reason ?? 'Feedback is not open');
    await save(
      tx,
      { actor: { userId: null, tokenId: null, contactId: invitation.contactId }, requestId: call.requestId },
      activity.id,
      { invitationId: invitation.id },
      input,
    );
  });
}

/** A member of staff who took part gives feedback, signed in: once per activity. */
export async function giveFeedback(ctx: Ctx, activityId: string, input: GiveFeedback) {
  await ctx.db.transaction(async (tx) => {
    const activity = await loadVisibleActivity(ctx, tx, activityId);
    if (ctx.actor.readOnly) throw new AppError('forbidden', 'Your access is read-only');
    const closed = windowClosed(activity);
    if (closed) throw new AppError('conflict', closed);
    await save(tx, ctx, activityId, { userId: ctx.actor.userId }, input);
  });
  return feedbackOf(ctx, activityId);
}

/** The results for the activity page: counts per rating, the mean, and the newest written answers. */
export async function feedbackOf(ctx: Ctx, activityId: string) {
  const activity = await loadVisibleActivity(ctx, ctx.db, activityId);
  const [counts, rows, mine] = await Promise.all([
    feedbackCounts(ctx.db, activityId),
    feedbackResponses(ctx.db, activityId, FEEDBACK_COMMENTS_LIMIT),
    hasGivenFeedback(ctx.db, activityId, { userId: ctx.actor.userId }),
  ]);
  const byRating = FEEDBACK_RATINGS.map((rating) => ({
    rating,
    label: feedbackRatingLabels[rating],
    count: counts.get(rating) ?? 0,
  }));
  const count = byRating.reduce((sum, r) => sum + r.count, 0);
  const total = byRating.reduce((sum, r) => sum + r.rating * r.count, 0);
  const { opensAt, closesAt } = feedbackWindow(activity);
  return {
    count,
    average: count ? Math.round((total / count) * 10) / 10 : null,
    byRating,
    answers: rows.map((r) => ({
      id: r.id,
      rating: r.rating,
      useful: r.useful,
      change: r.change,
      from: r.userName !== null ? ('staff' as const) : ('contact' as const),
      authorName: r.userName ?? r.contactName ?? '',
      createdAt: r.createdAt.toISOString(),
    })),
    opensAt: opensAt.toISOString(),
    closesAt: closesAt?.toISOString() ?? null,
    mine,
    can: {
      give: !mine && hasRole(ctx.actor, 'staff') && !ctx.actor.readOnly && windowClosed(activity) === null,
    },
  };
}
