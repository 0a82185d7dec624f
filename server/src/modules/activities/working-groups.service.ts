import type { AddMember, CreateAction } from '../../../../common/src/contracts/working-groups.ts';
import { ACTIONS_LIMIT, MEMBERS_LIMIT } from '../../../../common/src/contracts/working-groups.ts';
import type { Executor } from '../../db/client.ts';
import { recordChange } from '../../db/records.ts';
import { AppError, invalid, notFound } from '../../errors.ts';
import type { Ctx } from '../../lib/context.ts';
import { createMeetingActionTask, setTaskDoneWithin } from '../tasks/tasks.service.ts';
import { activityPolicy } from './activities.policy.ts';
import { existingReferences, lockActivity, type PresentedActivity } from './activities.repository.ts';
import { loadChangeableActivity, loadVisibleActivity } from './activities.service.ts';
import { localOf, occurrencesOf } from './recurrence.ts';
import {
  currentPartnerIdsOf,
  findAction,
  findMember,
  hasOpenMembership,
  insertAction,
  insertMember,
  listActions,
  listMembers,
  setActionDone,
  setLeftOn,
} from './working-groups.repository.ts';

/** Only a working group has members; other activities have registrations. */
function checkWorkingGroup(activity: PresentedActivity) {
  if (activity.kind !== 'working_group')
    throw new AppError('conflict', 'Only a working group has members: this activity takes registrations');
}

/** A working group's members, current and past, and whether the caller may change them. */
export async function membersOf(ctx: Ctx, activityId: string) {
  const activity = await loadVisibleActivity(ctx, ctx.db, activityId);
  checkWorkingGroup(activity);
  return presentMembers(ctx.db, activity, activityPolicy.canChange(ctx.actor, activity));
}

async function presentMembers(db: Executor, activity: PresentedActivity, canChange: boolean) {
  const rows = await listMembers(db, activity.id, MEMBERS_LIMIT);
  return {
    items: rows.map((r) => ({
      id: r.id,
      side: r.userId ? ('university' as const) : ('partner' as const),
      contactId: r.contactId,
      userId: r.userId,
      name: r.contactName ?? r.userName ?? '',
      partnerId: r.partnerId,
      partnerName: r.partnerName,
      role: r.role,
      joinedOn: r.joinedOn,
      leftOn: r.leftOn,
    })),
    current: rows.filter((r) => r.leftOn === null).length,
    can: { change: canChange },
  };
}

/**
 * Someone joins the group: a contact for a partner they are currently affiliated with (their
 * only one when none is named), or a member of staff. A person holds one open membership at a time.
 */
export async function addMember(ctx: Ctx, activityId: string, input: AddMember) {
  const contactId = input.contactId ?? null;
  const userId = input.userId ?? null;
  if ((contactId === null) === (userId === null))
    throw invalid('contactId', 'Choose a contact or a member of staff (one of them)');
  return ctx.db.transaction(async (tx) => {
    // The activity's lock serialises joins: two requests for one person make one membership.
    if (!(await lockActivity(tx, activityId))) throw notFound('Activity');
    const activity = await loadChangeableActivity(ctx, tx, activityId);
    checkWorkingGroup(activity);
    const found = await existingReferences(tx, {
      contactIds: contactId ? [contactId] : [],
      userIds: userId ? [userId] : [],
      partnerIds: [],
      partnerTypeIds: [],
      unitIds: [],
    });
    let partnerId: string | null = null;
    if (contactId) {
      if (!found.contacts.has(contactId)) throw invalid('contactId', 'does not name an existing contact');
      const current = await currentPartnerIdsOf(tx, contactId);
      partnerId = input.partnerId ?? (current.length === 1 ? current[0]! : null);
      if (!partnerId)
        throw invalid(
          'partnerId',
          current.length
            ? 'Choose which partner they represent'
            : 'The contact has no current affiliation with a partner',
        );
      if (!current.includes(partnerId))
        throw invalid('partnerId', 'must be a partner the contact is currently affiliated with');
    } else if (!found.users.has(userId!)) {
      throw invalid('userId', 'does not name an active member of staff');
    }
    if (input.partnerId && !contactId) throw invalid('partnerId', 'A member of staff represents no partner');
    if (await hasOpenMembership(tx, activityId, contactId ? { contactId } : { userId: userId! }))
      throw new AppError('conflict', 'They are already a member of this working group');
    const joinedOn = input.joinedOn ?? localOf(new Date(), activity.timeZone).slice(0, 10);
    const row = await insertMember(tx, {
      activityId,
      contactId,
      partnerId,
      userId,
      role: input.role ?? null,
      joinedOn,
      leftOn: null,
    });
    await recordChange(tx, ctx, {
      entity: 'activity',
      entityId: activityId,
      action: 'member_joined',
      detail: { memberId: row.id, contactId, partnerId, userId, joinedOn },
    });
    const list = await presentMembers(tx, activity, true);
    return list.items.find((m) => m.id === row.id)!;
  });
}

/** Someone leaves the group on a day (not before they joined); the membership stays as history. */
export async function endMembership(ctx: Ctx, activityId: string, memberId: string, leftOn: string) {
  return ctx.db.transaction(async (tx) => {
    if (!(await lockActivity(tx, activityId))) throw notFound('Activity');
    const activity = await loadChangeableActivity(ctx, tx, activityId);
    checkWorkingGroup(activity);
    const member = await findMember(tx, activityId, memberId);
    if (!member) throw notFound('Member');
    if (member.leftOn !== null) throw new AppError('conflict', `They left on ${member.leftOn}`);
    if (leftOn < member.joinedOn)
      throw invalid('leftOn', `must be on or after the day they joined (${member.joinedOn})`);
    await setLeftOn(tx, memberId, leftOn);
    await recordChange(tx, ctx, {
      entity: 'activity',
      entityId: activityId,
      action: 'member_left',
      detail: { memberId, contactId: member.contactId, userId: member.userId, leftOn },
    });
    const list = await presentMembers(tx, activity, true);
    return list.items.find((m) => m.id === memberId)!;
  });
}

type ActionRow = Awaited<ReturnType<typeof listActions>>[number];

const presentAction = (r: ActionRow) => {
  // A member of staff's action is done when its task is: the task is where they tick it off.
  const doneAt = r.taskId ? r.taskDoneAt : r.actionDoneAt;
  return {
    id: r.id,
    meetingStartsAt: r.meetingStartsAt.toISOString(),
    title: r.title,
    owner: {
      memberId: r.memberId,
      side: r.userId ? ('university' as const) : ('partner' as const),
      name: r.contactName ?? r.userName ?? '',
      partnerName: r.partnerName,
    },
    dueOn: r.dueOn,
    done: doneAt !== null,
    doneAt: doneAt?.toISOString() ?? null,
    taskId: r.taskId,
  };
};

/** The actions agreed at a working group's meetings, and whether the caller may add and tick them off. */
export async function actionsOf(ctx: Ctx, activityId: string) {
  const activity = await loadVisibleActivity(ctx, ctx.db, activityId);
  checkWorkingGroup(activity);
  const rows = await listActions(ctx.db, activityId, ACTIONS_LIMIT);
  return { items: rows.map(presentAction), can: { change: activityPolicy.canChange(ctx.actor, activity) } };
}

/**
 * Records an action agreed at one of the group's meetings (an occurrence of its series), owned
 * by a current member on either side. A member of staff's action of a group open to everyone
 * is also a task in their list; a unit-only or confidential group's stays on its page alone, so
 * nobody learns of the group from the task list.
 */
export async function addAction(ctx: Ctx, activityId: string, input: CreateAction) {
  return ctx.db.transaction(async (tx) => {
    if (!(await lockActivity(tx, activityId))) throw notFound('Activity');
    const activity = await loadChangeableActivity(ctx, tx, activityId);
    checkWorkingGroup(activity);
    const at = new Date(input.meetingStartsAt);
    const [meeting] = occurrencesOf(
      {
        startsAt: new Date(activity.startsAt),
        endsAt: new Date(activity.endsAt),
        timeZone: activity.timeZone,
        recurrence: activity.recurrence,
        exceptionDates: activity.exceptionDates,
      },
      at,
      new Date(at.getTime() + 1),
      1,
    );
    if (!meeting) throw invalid('meetingStartsAt', "is not the start of one of the group's meetings");
    if (meeting.startsAt.getTime() > Date.now())
      throw invalid('meetingStartsAt', 'is a meeting still to come: actions are agreed at a meeting held');
    const member = await findMember(tx, activityId, input.memberId);
    if (!member) throw invalid('memberId', 'is not a member of this working group');
    if (member.leftOn !== null) throw invalid('memberId', `left the group on ${member.leftOn}`);
    if (input.dueOn && input.dueOn < localOf(meeting.startsAt, activity.timeZone).slice(0, 10))
      throw invalid('dueOn', 'must be on or after the meeting');
    const task =
      member.userId && activity.visibility === 'institution'
        ? await createMeetingActionTask(tx, ctx, {
            title: `${input.title} (${activity.title})`.slice(0, 300),
            assigneeId: member.userId,
            dueOn: input.dueOn ?? null,
          })
        : null;
    const row = await insertAction(tx, {
      activityId,
      meetingStartsAt: meeting.startsAt,
      title: input.title,
      memberId: member.id,
      dueOn: input.dueOn ?? null,
      taskId: task?.id ?? null,
      createdById: ctx.actor.userId,
    });
    await recordChange(tx, ctx, {
      entity: 'activity',
      entityId: activityId,
      action: 'action_agreed',
      detail: { actionId: row.id, memberId: member.id, taskId: row.taskId },
    });
    const [saved] = await listActions(tx, activityId, 1, row.id);
    return presentAction(saved!);
  });
}

/** Ticks an action off or opens it again; a member of staff's task follows (it is the same thing). */
export async function setActionDoneState(ctx: Ctx, activityId: string, actionId: string, done: boolean) {
  return ctx.db.transaction(async (tx) => {
    if (!(await lockActivity(tx, activityId))) throw notFound('Activity');
    const activity = await loadChangeableActivity(ctx, tx, activityId);
    checkWorkingGroup(activity);
    const action = await findAction(tx, activityId, actionId);
    if (!action) throw notFound('Action');
    if (action.taskId) await setTaskDoneWithin(tx, ctx, action.taskId, done);
    else if ((action.doneAt !== null) !== done) await setActionDone(tx, actionId, done ? new Date() : null);
    await recordChange(tx, ctx, {
      entity: 'activity',
      entityId: activityId,
      action: done ? 'action_done' : 'action_reopened',
      detail: { actionId },
    });
    const [saved] = await listActions(tx, activityId, 1, actionId);
    return presentAction(saved!);
  });
}
