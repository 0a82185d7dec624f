import type { InviteInput } from '../../../../common/src/contracts/activities.ts';
import type { GiveFeedback } from '../../../../common/src/contracts/activity-feedback.ts';
import { PURPOSE } from '../../../../common/src/contracts/personal-data.ts';
import type { Executor } from '../../db/client.ts';
import { recordChange, type Writer } from '../../db/records.ts';
import type { Activity } from '../../db/schema/activities.ts';
import { AppError, invalid, notFound } from '../../errors.ts';
import { JOB } from '../../jobs/names.ts';
import type { JobTrigger } from '../../jobs/queue.ts';
import { allOf } from '../../lib/all-of.ts';
import type { Ctx } from '../../lib/context.ts';
import { hashSecret, newSecret } from '../auth/secrets.ts';
import { contactableFor } from '../personal-data/consents.service.ts';
import { existingReferences, findActivity, lockActivity } from './activities.repository.ts';
import { loadChangeableActivity, loadVisibleActivity } from './activities.service.ts';
import { contactFeedbackState, giveFeedbackByLink } from './feedback.service.ts';
import {
  contactsReached,
  enqueueMail,
  findInvitation,
  insertInvitations,
  invitedContactIds,
  listInvitations,
  nextWaiting,
  registeredCount,
  setInvitationStatus,
  waitingPositionOf,
} from './invitations.repository.ts';
import { localOf } from './recurrence.ts';

/** The consent purpose activity invitations are sent under. */

/** Asks for the activity e-mail to go out; a failure to ask leaves it for the next scheduled run. */
const sendSoon = (jobs: JobTrigger) => jobs.trigger(JOB.deliverActivityMail).catch(() => undefined);

/** "Registration is closed": the first meeting has started (a series is registered for as a whole). */
const hasStarted = (activity: Pick<Activity, 'startsAt'>, now = new Date()) => activity.startsAt <= now;

/**
 * Offers up to `places` freed places to the waiting list, first come first served, and queues
 * an e-mail to each person promoted. Call it with the activity locked.
 */
export async function promoteWaiting(tx: Executor, writer: Writer, activityId: string, places: number) {
  const promoted = await nextWaiting(tx, activityId, Math.min(places, 10_000));
  for (const invitation of promoted) {
    await setInvitationStatus(tx, invitation.id, { status: 'registered', waitingSince: null });
    await recordChange(tx, writer, {
      entity: 'activity',
      entityId: activityId,
      action: 'promoted',
      detail: { contactId: invitation.contactId, invitationId: invitation.id },
    });
  }
  await enqueueMail(
    tx,
    promoted
      .filter((i) => i.email)
      .map((i) => ({ invitationId: i.id, kind: 'promotion' as const, token: null })),
  );
  return promoted.length;
}

/**
 * Invites the contacts an audience reaches: one invitation each, with a private link whose token
 * only the e-mail carries. Contacts without consent for events and invitations (personal
 * data: `contactableFor`; a withdrawal is what "do not invite" became), without an address, or
 * already invited are left out and counted.
 */
export async function inviteToActivity(ctx: Ctx, activityId: string, input: InviteInput) {
  const result = await ctx.db.transaction(async (tx) => {
    if (!(await lockActivity(tx, activityId))) throw notFound('Activity');
    const activity = await loadChangeableActivity(ctx, tx, activityId);
    if (new Date(activity.startsAt) <= new Date())
      throw new AppError('conflict', 'The activity has started: invitations are closed');
    const found = await existingReferences(tx, { ...input, userIds: [], unitIds: [] });
    if (input.partnerTypeIds.some((id) => !found.partnerTypes.has(id)))
      throw invalid('partnerTypeIds', 'must all be existing partner types');
    if (input.partnerIds.some((id) => !found.partners.has(id)))
      throw invalid('partnerIds', 'must all be existing partners');
    if (input.contactIds.some((id) => !found.contacts.has(id)))
      throw invalid('contactIds', 'must all be existing contacts');
    const saved = input.includeAudience
      ? activity.audience
      : { partnerTypes: [], partners: [], contacts: [] };
    const audience = {
      partnerTypeIds: [...input.partnerTypeIds, ...saved.partnerTypes.map((t) => t.id)],
      partnerIds: [...input.partnerIds, ...saved.partners.map((p) => p.id)],
      contactIds: [...input.contactIds, ...saved.contacts.map((c) => c.id)],
    };
    if (!audience.partnerTypeIds.length && !audience.partnerIds.length && !audience.contactIds.length)
      throw invalid('contactIds', 'Choose partner types, partners or contacts to invite');
    const reached = await contactsReached(tx, audience);
    const already = await invitedContactIds(
      tx,
      activityId,
      reached.map((c) => c.id),
    );
    const consenting = await contactableFor(
      tx,
      reached.map((c) => c.id),
      PURPOSE.events,
    );
    const refused = (c: (typeof reached)[number]) => !consenting.has(c.id);
    const noConsent = reached.filter(refused).length;
    const noEmail = reached.filter((c) => !refused(c) && !c.email).length;
    const chosen = reached.filter((c) => !refused(c) && c.email && !already.has(c.id));
    const tokens = new Map(chosen.map((c) => [c.id, newSecret()]));
    const now = new Date();
    const rows = await insertInvitations(
      tx,
      chosen.map((c) => ({
        activityId,
        contactId: c.id,
        email: c.email,
        tokenHash: hashSecret(tokens.get(c.id)!),
        status: 'invited' as const,
        invitedAt: now,
        registeredById: null,
        respondedAt: null,
        waitingSince: null,
      })),
    );
    await enqueueMail(
      tx,
      rows.map((r) => ({ invitationId: r.id, kind: 'invitation' as const, token: tokens.get(r.contactId)! })),
    );
    if (rows.length)
      await recordChange(tx, ctx, {
        entity: 'activity',
        entityId: activityId,
        action: 'invited',
        detail: { contactIds: rows.map((r) => r.contactId), count: rows.length },
      });
    return { invited: rows.length, alreadyInvited: already.size, noConsent, noEmail };
  });
  await sendSoon(ctx.jobs);
  return result;
}

export async function invitationsOf(ctx: Ctx, activityId: string) {
  await loadVisibleActivity(ctx, ctx.db, activityId);
  const rows = await listInvitations(ctx.db, activityId);
  return {
    items: rows.map((r) => ({
      ...r,
      invitedAt: r.invitedAt?.toISOString() ?? null,
      emailedAt: r.emailedAt?.toISOString() ?? null,
      respondedAt: r.respondedAt?.toISOString() ?? null,
    })),
  };
}

/**
 * Takes a place for an invitation, or a place on the waiting list when the activity is full.
 * The activity row is locked first, so concurrent registrations count places one at a time:
 * the capacity is never exceeded.
 */
async function takePlace(
  tx: Executor,
  writer: Writer,
  activity: Activity,
  invitation: { id: string; contactId: string },
  registeredById: string | null,
) {
  const full = activity.capacity !== null && (await registeredCount(tx, activity.id)) >= activity.capacity;
  const row = await setInvitationStatus(tx, invitation.id, {
    status: full ? 'waiting' : 'registered',
    waitingSince: full ? new Date() : null,
    ...(registeredById ? { registeredById } : {}),
  });
  await recordChange(tx, writer, {
    entity: 'activity',
    entityId: activity.id,
    action: 'registered',
    detail: { contactId: invitation.contactId, status: row.status, registeredById },
  });
  return row;
}

/** Staff register a contact on their behalf (inviting them first if they were not). */
export async function registerOnBehalf(ctx: Ctx, activityId: string, contactId: string) {
  const result = await ctx.db.transaction(async (tx) => {
    const activity = await lockActivity(tx, activityId);
    if (!activity) throw notFound('Activity');
    await loadChangeableActivity(ctx, tx, activityId);
    if (hasStarted(activity))
      throw new AppError('conflict', 'The activity has started: registration is closed');
    const found = await existingReferences(tx, {
      contactIds: [contactId],
      userIds: [],
      partnerIds: [],
      partnerTypeIds: [],
      unitIds: [],
    });
    if (!found.contacts.has(contactId)) throw invalid('contactId', 'does not name an existing contact');
    let invitation = await findInvitation(tx, { activityId, contactId });
    if (invitation && (invitation.status === 'registered' || invitation.status === 'waiting'))
      throw new AppError(
        'conflict',
        invitation.status === 'registered'
          ? 'This contact is already registered'
          : 'This contact is already on the waiting list',
      );
    if (!invitation) {
      const [reached] = await contactsReached(tx, {
        partnerTypeIds: [],
        partnerIds: [],
        contactIds: [contactId],
      });
      const [inserted] = await insertInvitations(tx, [
        {
          activityId,
          contactId,
          email: reached?.email ?? null,
          // A link nobody has yet: staff registered them; an invitation later brings a new one.
          tokenHash: hashSecret(newSecret()),
          status: 'invited',
          invitedAt: null,
          registeredById: ctx.actor.userId,
          respondedAt: null,
          waitingSince: null,
        },
      ]);
      invitation = inserted!;
    }
    const row = await takePlace(tx, ctx, activity, invitation, ctx.actor.userId);
    return { status: row.status };
  });
  return (await invitationsOf(ctx, activityId)).items.find(
    (i) => i.contactId === contactId && i.status === result.status,
  )!;
}

/** The public side: everything by the private link, no account. */

type PublicCall = { requestId: string; jobs: JobTrigger; db: Ctx['db'] };

/** The invitation a link names, or 404 (an unknown or replaced link) / 410 (the activity is over). */
async function invitationByToken(db: Executor, token: string) {
  const invitation = await findInvitation(db, { tokenHash: hashSecret(token) });
  if (!invitation) throw notFound('Invitation');
  return invitation;
}

function checkOpen(activity: Activity, action: string) {
  const now = new Date();
  if (activity.endsAt <= now && !activity.recurrence)
    throw new AppError('gone', 'This link has expired: the activity is over');
  if (hasStarted(activity, now))
    throw new AppError('conflict', `The activity has started: you can no longer ${action}`);
}

/** The activity an invitation is for (an invitation always has one: they are deleted together). */
async function activityOf(db: Executor, activityId: string) {
  const row = await findActivity(db, activityId);
  if (!row) throw notFound('Invitation');
  return row;
}

/** The registration page's view: the activity as its invitee needs it, and where they stand. */
async function publicView(db: Executor, token: string) {
  const invitation = await invitationByToken(db, token);
  const activity = await activityOf(db, invitation.activityId);
  const [[contact], registered, waitingPosition, feedback] = await allOf(db, [
    () => contactsReached(db, { partnerTypeIds: [], partnerIds: [], contactIds: [invitation.contactId] }),
    () => registeredCount(db, invitation.activityId),
    () => waitingPositionOf(db, invitation),
    () => contactFeedbackState(db, invitation, activity),
  ]);
  return {
    contactName: contact?.name ?? '',
    status: invitation.status,
    waitingPosition,
    feedback: { open: feedback.open, given: feedback.given, reason: feedback.reason },
    activity: {
      kind: activity.kind,
      title: activity.title,
      description: activity.description,
      unitName: activity.unitName,
      startsAt: activity.startsAt.toISOString(),
      endsAt: activity.endsAt.toISOString(),
      localStart: localOf(activity.startsAt, activity.timeZone),
      localEnd: localOf(activity.endsAt, activity.timeZone),
      timeZone: activity.timeZone,
      format: activity.format,
      location: activity.location,
      onlineUrl: activity.onlineUrl,
      placesLeft: activity.capacity === null ? null : Math.max(0, activity.capacity - registered),
      started: hasStarted(activity),
    },
  };
}

/**
 * What the registration page shows. Once the activity is over the link serves only feedback: it
 * answers 410 (expired) to anyone who did not come, and to everyone when feedback has closed.
 */
export async function publicInvitation(call: PublicCall, token: string) {
  const invitation = await invitationByToken(call.db, token);
  const activity = await activityOf(call.db, invitation.activityId);
  if (activity.endsAt <= new Date() && !activity.recurrence) {
    const feedback = await contactFeedbackState(call.db, invitation, activity);
    if (!feedback.eligible || (!feedback.open && !feedback.given))
      throw new AppError('gone', 'This link has expired: the activity is over');
  }
  return publicView(call.db, token);
}

/** Feedback by the private link, then the page as it now stands. */
export async function giveFeedbackByInvitation(call: PublicCall, token: string, input: GiveFeedback) {
  await giveFeedbackByLink(call, token, input);
  return publicView(call.db, token);
}

type Response = 'register' | 'decline' | 'cancel';

/**
 * A contact answers by their link: register (or join the waiting list), decline, or cancel a
 * place, which offers it to the next on the waiting list. Repeating an answer already given is
 * refused with what it is, and changes nothing.
 */
export async function respondToInvitation(call: PublicCall, token: string, response: Response) {
  const tokenHash = hashSecret(token);
  await call.db.transaction(async (tx) => {
    const found = await findInvitation(tx, { tokenHash });
    if (!found) throw notFound('Invitation');
    const activity = await lockActivity(tx, found.activityId);
    if (!activity) throw notFound('Invitation');
    // Read again under the lock: a concurrent answer by the same link may have just landed.
    const invitation = (await findInvitation(tx, { tokenHash }))!;
    const writer: Writer = {
      actor: { userId: null, tokenId: null, contactId: invitation.contactId },
      requestId: call.requestId,
    };
    checkOpen(activity, response === 'register' ? 'register' : response === 'decline' ? 'decline' : 'cancel');
    const status = invitation.status;
    if (response === 'register') {
      if (status === 'registered') throw new AppError('conflict', 'You are already registered');
      if (status === 'waiting') throw new AppError('conflict', 'You are already on the waiting list');
      await takePlace(tx, writer, activity, invitation, null);
      return;
    }
    if (response === 'decline' && status === 'declined')
      throw new AppError('conflict', 'You have already declined');
    if (response === 'cancel' && status !== 'registered' && status !== 'waiting')
      throw new AppError('conflict', 'You have no place to cancel');
    await setInvitationStatus(tx, invitation.id, {
      status: response === 'decline' ? 'declined' : 'cancelled',
      waitingSince: null,
    });
    await recordChange(tx, writer, {
      entity: 'activity',
      entityId: activity.id,
      action: response === 'decline' ? 'declined' : 'cancelled',
      detail: { contactId: invitation.contactId, was: status },
    });
    if (status === 'registered') await promoteWaiting(tx, writer, activity.id, 1);
  });
  await sendSoon(call.jobs);
  return publicView(call.db, token);
}
