import type { AddMember } from '../../../../common/src/contracts/working-groups.ts';
import { MEMBERS_LIMIT } from '../../../../common/src/contracts/working-groups.ts';
import type { Executor } from '../../db/client.ts';
import { recordChange } from '../../db/records.ts';
import { AppError, invalid, notFound } from '../../errors.ts';
import type { Ctx } from '../../lib/context.ts';
import { activityPolicy } from './activities.policy.ts';
import { existingReferences, lockActivity, type PresentedActivity } from './activities.repository.ts';
import { loadChangeableActivity, loadVisibleActivity } from './activities.service.ts';
import { localOf } from './recurrence.ts';
import {
  currentPartnerIdsOf,
  findMember,
  hasOpenMembership,
  insertMember,
  listMembers,
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
