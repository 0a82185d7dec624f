import { and, desc, eq, exists, or, type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import {
  activities,
  activityAttendance,
  activityInvitations,
  activityTargets,
  workingGroupMembers,
} from '../../db/schema/activities.ts';
import { affiliations } from '../../db/schema/affiliations.ts';
import { contacts } from '../../db/schema/contacts.ts';
import { units } from '../../db/schema/units.ts';

/**
 * The contact was with the partner when the activity began: an affiliation with the partner
 * whose dates cover the activity's first day (open dates count as covering it).
 */
const withPartnerAt = (
  partnerId: string,
  contactId: typeof activityInvitations.contactId | typeof activityAttendance.contactId,
) =>
  sql`exists (select 1 from ${affiliations} where ${affiliations.contactId} = ${contactId} and ${affiliations.partnerId} = ${partnerId}
      and (${affiliations.startDate} is null or ${affiliations.startDate} <= (${activities.startsAt} at time zone ${activities.timeZone})::date)
      and (${affiliations.endDate} is null or ${affiliations.endDate} >= (${activities.startsAt} at time zone ${activities.timeZone})::date))`;

/**
 * The activities that concern a partner: aimed at it, with one of its people invited,
 * registered or at the door, or a working group one of them belongs (or belonged) to; with how many of its people were invited, registered, waiting,
 * came and did not come. `scope` is the activities' visibility rule. Newest first, at most `limit`.
 */
export async function activitiesOfPartner(
  db: Executor,
  partnerId: string,
  scope: SQL | undefined,
  limit: number,
) {
  const invitedHere = sql`${activityInvitations.activityId} = ${activities.id} and ${withPartnerAt(partnerId, activityInvitations.contactId)}`;
  const attendedHere = sql`${activityAttendance.activityId} = ${activities.id} and ${withPartnerAt(partnerId, activityAttendance.contactId)}`;
  const invitations = (status: string) =>
    sql<number>`(select count(*) from ${activityInvitations} where ${invitedHere} and ${activityInvitations.status} = ${status})::int`;
  const attendance = (status: string) =>
    sql<number>`(select count(*) from ${activityAttendance} where ${attendedHere} and ${activityAttendance.status} = ${status})::int`;
  return db
    .select({
      id: activities.id,
      kind: activities.kind,
      title: activities.title,
      startsAt: activities.startsAt,
      endsAt: activities.endsAt,
      timeZone: activities.timeZone,
      recurrence: activities.recurrence,
      exceptionDates: activities.exceptionDates,
      unitName: units.name,
      invited: sql<number>`(select count(*) from ${activityInvitations} where ${invitedHere} and ${activityInvitations.invitedAt} is not null)::int`,
      registered: invitations('registered'),
      waiting: invitations('waiting'),
      attended: attendance('attended'),
      noShow: attendance('no_show'),
    })
    .from(activities)
    .innerJoin(units, eq(units.id, activities.unitId))
    .where(
      and(
        scope,
        or(
          exists(
            db
              .select({ one: sql`1` })
              .from(activityTargets)
              .where(
                and(eq(activityTargets.activityId, activities.id), eq(activityTargets.partnerId, partnerId)),
              ),
          ),
          exists(db.select({ one: sql`1` }).from(activityInvitations).where(invitedHere)),
          exists(db.select({ one: sql`1` }).from(activityAttendance).where(attendedHere)),
          exists(
            db
              .select({ one: sql`1` })
              .from(workingGroupMembers)
              .where(
                and(
                  eq(workingGroupMembers.activityId, activities.id),
                  eq(workingGroupMembers.partnerId, partnerId),
                ),
              ),
          ),
        ),
      ),
    )
    .orderBy(desc(activities.startsAt), desc(activities.id))
    .limit(limit);
}

/** The partner's people's memberships of working groups the caller may see: current first, then by group. */
export async function membershipsOfPartner(
  db: Executor,
  partnerId: string,
  scope: SQL | undefined,
  limit: number,
) {
  return db
    .select({
      id: workingGroupMembers.id,
      activityId: activities.id,
      title: activities.title,
      contactId: contacts.id,
      contactName: contacts.name,
      role: workingGroupMembers.role,
      joinedOn: workingGroupMembers.joinedOn,
      leftOn: workingGroupMembers.leftOn,
    })
    .from(workingGroupMembers)
    .innerJoin(activities, eq(activities.id, workingGroupMembers.activityId))
    .innerJoin(contacts, eq(contacts.id, workingGroupMembers.contactId))
    .where(and(scope, eq(workingGroupMembers.partnerId, partnerId)))
    .orderBy(
      sql`${workingGroupMembers.leftOn} is not null`,
      activities.title,
      contacts.name,
      desc(workingGroupMembers.joinedOn),
      workingGroupMembers.id,
    )
    .limit(limit);
}
