import { and, asc, desc, eq, isNull, or, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { workingGroupActions, workingGroupMembers } from '../../db/schema/activities.ts';
import { affiliations } from '../../db/schema/affiliations.ts';
import { contacts } from '../../db/schema/contacts.ts';
import { partners } from '../../db/schema/partners.ts';
import { tasks } from '../../db/schema/tasks.ts';
import { users } from '../../db/schema/users.ts';

const currentAffiliation = or(isNull(affiliations.endDate), sql`${affiliations.endDate} >= current_date`);

/** A group's memberships with names: current first, then past, each by name; at most `limit`. */
export async function listMembers(db: Executor, activityId: string, limit: number) {
  return db
    .select({
      id: workingGroupMembers.id,
      contactId: workingGroupMembers.contactId,
      userId: workingGroupMembers.userId,
      contactName: contacts.name,
      userName: users.name,
      partnerId: workingGroupMembers.partnerId,
      partnerName: partners.name,
      role: workingGroupMembers.role,
      joinedOn: workingGroupMembers.joinedOn,
      leftOn: workingGroupMembers.leftOn,
    })
    .from(workingGroupMembers)
    .leftJoin(contacts, eq(contacts.id, workingGroupMembers.contactId))
    .leftJoin(partners, eq(partners.id, workingGroupMembers.partnerId))
    .leftJoin(users, eq(users.id, workingGroupMembers.userId))
    .where(eq(workingGroupMembers.activityId, activityId))
    .orderBy(
      sql`${workingGroupMembers.leftOn} is not null`,
      sql`coalesce(${contacts.name}, ${users.name})`,
      asc(workingGroupMembers.joinedOn),
      asc(workingGroupMembers.id),
    )
    .limit(limit);
}

export async function findMember(db: Executor, activityId: string, memberId: string) {
  const [row] = await db
    .select()
    .from(workingGroupMembers)
    .where(and(eq(workingGroupMembers.activityId, activityId), eq(workingGroupMembers.id, memberId)));
  return row ?? null;
}

/** Whether the person already holds an open membership of the group. */
export async function hasOpenMembership(
  db: Executor,
  activityId: string,
  person: { contactId: string } | { userId: string },
) {
  const [row] = await db
    .select({ id: workingGroupMembers.id })
    .from(workingGroupMembers)
    .where(
      and(
        eq(workingGroupMembers.activityId, activityId),
        isNull(workingGroupMembers.leftOn),
        'contactId' in person
          ? eq(workingGroupMembers.contactId, person.contactId)
          : eq(workingGroupMembers.userId, person.userId),
      ),
    );
  return row !== undefined;
}

/** The partners a contact is currently affiliated with. */
export async function currentPartnerIdsOf(db: Executor, contactId: string) {
  const rows = await db
    .select({ partnerId: affiliations.partnerId })
    .from(affiliations)
    .where(and(eq(affiliations.contactId, contactId), currentAffiliation));
  return [...new Set(rows.map((r) => r.partnerId))];
}

type NewMember = typeof workingGroupMembers.$inferInsert;

export async function insertMember(tx: Executor, row: Required<Omit<NewMember, 'id' | 'createdAt'>>) {
  const [saved] = await tx.insert(workingGroupMembers).values(row).returning();
  return saved!;
}

export async function setLeftOn(tx: Executor, memberId: string, leftOn: string) {
  const [saved] = await tx
    .update(workingGroupMembers)
    .set({ leftOn })
    .where(eq(workingGroupMembers.id, memberId))
    .returning();
  return saved!;
}

/**
 * A group's actions with their owners' names and, for a member of staff's, their task's done
 * state (the task's is the action's): by meeting, latest first, open before done; at most `limit`.
 */
export async function listActions(db: Executor, activityId: string, limit: number, onlyId?: string) {
  return db
    .select({
      id: workingGroupActions.id,
      meetingStartsAt: workingGroupActions.meetingStartsAt,
      title: workingGroupActions.title,
      memberId: workingGroupActions.memberId,
      userId: workingGroupMembers.userId,
      contactName: contacts.name,
      userName: users.name,
      partnerName: partners.name,
      dueOn: workingGroupActions.dueOn,
      actionDoneAt: workingGroupActions.doneAt,
      taskDoneAt: tasks.doneAt,
      taskId: workingGroupActions.taskId,
    })
    .from(workingGroupActions)
    .innerJoin(workingGroupMembers, eq(workingGroupMembers.id, workingGroupActions.memberId))
    .leftJoin(contacts, eq(contacts.id, workingGroupMembers.contactId))
    .leftJoin(partners, eq(partners.id, workingGroupMembers.partnerId))
    .leftJoin(users, eq(users.id, workingGroupMembers.userId))
    .leftJoin(tasks, eq(tasks.id, workingGroupActions.taskId))
    .where(
      and(
        eq(workingGroupActions.activityId, activityId),
        onlyId ? eq(workingGroupActions.id, onlyId) : undefined,
      ),
    )
    .orderBy(
      desc(workingGroupActions.meetingStartsAt),
      sql`(case when ${workingGroupActions.taskId} is null then ${workingGroupActions.doneAt} else ${tasks.doneAt} end) is not null`,
      asc(workingGroupActions.createdAt),
      asc(workingGroupActions.id),
    )
    .limit(limit);
}

export async function findAction(db: Executor, activityId: string, actionId: string) {
  const [row] = await db
    .select()
    .from(workingGroupActions)
    .where(and(eq(workingGroupActions.activityId, activityId), eq(workingGroupActions.id, actionId)));
  return row ?? null;
}

type NewAction = typeof workingGroupActions.$inferInsert;

export async function insertAction(
  tx: Executor,
  row: Required<Omit<NewAction, 'id' | 'createdAt' | 'doneAt'>>,
) {
  const [saved] = await tx.insert(workingGroupActions).values(row).returning();
  return saved!;
}

export async function setActionDone(tx: Executor, actionId: string, doneAt: Date | null) {
  await tx.update(workingGroupActions).set({ doneAt }).where(eq(workingGroupActions.id, actionId));
}
