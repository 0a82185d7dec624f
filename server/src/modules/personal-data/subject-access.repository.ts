import { and, asc, eq, inArray, or, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import {
  activities,
  activityAttendance,
  activityFeedback,
  activityInvitations,
  workingGroupMembers,
} from '../../db/schema/activities.ts';
import { affiliations } from '../../db/schema/affiliations.ts';
import { attachments } from '../../db/schema/attachments.ts';
import { auditLog } from '../../db/schema/audit.ts';
import { contacts } from '../../db/schema/contacts.ts';
import { partners } from '../../db/schema/partners.ts';
import { requestComments, requests } from '../../db/schema/requests.ts';
import { touchpointContacts, touchpoints } from '../../db/schema/touchpoints.ts';
import { units } from '../../db/schema/units.ts';
import { allOf } from '../../lib/all-of.ts';

/**
 * Everything Rapport holds about one person, whatever its audience: this is the subject access
 * export, which only the data protection ability may ask for (the service checks), so these
 * queries are deliberately unscoped. Each list is bounded by what one person can have.
 */
export async function unsafeEverythingAbout(db: Executor, contactId: string) {
  const [contact] = await db.select().from(contacts).where(eq(contacts.id, contactId));
  if (!contact) return null;
  const [affiliationRows, touchpointRows, requestRows, invitationRows, auditRows] = await allOf(db, [
    () =>
      db
        .select({
          id: affiliations.id,
          partnerName: partners.name,
          role: affiliations.role,
          isKeyContact: affiliations.isKeyContact,
          isPrimary: affiliations.isPrimary,
          startDate: affiliations.startDate,
          endDate: affiliations.endDate,
        })
        .from(affiliations)
        .innerJoin(partners, eq(partners.id, affiliations.partnerId))
        .where(eq(affiliations.contactId, contactId))
        .orderBy(asc(partners.name)),
    () =>
      db
        .select({
          id: touchpoints.id,
          occurredAt: touchpoints.occurredAt,
          kind: touchpoints.kind,
          subject: touchpoints.subject,
          notes: touchpoints.notes,
          partnerName: partners.name,
          unitName: units.name,
          visibility: touchpoints.visibility,
        })
        .from(touchpointContacts)
        .innerJoin(touchpoints, eq(touchpoints.id, touchpointContacts.touchpointId))
        .innerJoin(partners, eq(partners.id, touchpoints.partnerId))
        .innerJoin(units, eq(units.id, touchpoints.unitId))
        .where(eq(touchpointContacts.contactId, contactId))
        .orderBy(asc(touchpoints.occurredAt))
        .limit(50_000),
    () =>
      db
        .select({
          id: requests.id,
          reference: requests.reference,
          kind: requests.kind,
          title: requests.title,
          description: requests.description,
          status: requests.status,
          resolution: requests.resolution,
          partnerName: partners.name,
          createdAt: requests.createdAt,
        })
        .from(requests)
        .innerJoin(partners, eq(partners.id, requests.partnerId))
        .where(eq(requests.raisedByContactId, contactId))
        .orderBy(asc(requests.createdAt))
        .limit(50_000),
    () =>
      db
        .select({
          activityTitle: activities.title,
          startsAt: activities.startsAt,
          status: activityInvitations.status,
          email: activityInvitations.email,
          invitedAt: activityInvitations.invitedAt,
          respondedAt: activityInvitations.respondedAt,
        })
        .from(activityInvitations)
        .innerJoin(activities, eq(activities.id, activityInvitations.activityId))
        .where(eq(activityInvitations.contactId, contactId))
        .orderBy(asc(activities.startsAt))
        .limit(50_000),
    () =>
      db
        .select({
          id: auditLog.id,
          entity: auditLog.entity,
          entityId: auditLog.entityId,
          action: auditLog.action,
          at: auditLog.at,
          before: auditLog.before,
          after: auditLog.after,
        })
        .from(auditLog)
        .where(
          or(
            and(eq(auditLog.entity, 'contact'), eq(auditLog.entityId, contactId)),
            eq(auditLog.actorContactId, contactId),
            and(
              eq(auditLog.entity, 'affiliation'),
              inArray(
                auditLog.entityId,
                db
                  .select({ id: affiliations.id })
                  .from(affiliations)
                  .where(eq(affiliations.contactId, contactId)),
              ),
            ),
          ),
        )
        .orderBy(asc(auditLog.id))
        .limit(50_000),
  ]);
  const [feedbackRows, attendanceRows, membershipRows] = await allOf(db, [
    () =>
      db
        .select({
          activityTitle: activities.title,
          rating: activityFeedback.rating,
          useful: activityFeedback.useful,
          change: activityFeedback.change,
          createdAt: activityFeedback.createdAt,
        })
        .from(activityFeedback)
        .innerJoin(activityInvitations, eq(activityInvitations.id, activityFeedback.invitationId))
        .innerJoin(activities, eq(activities.id, activityFeedback.activityId))
        .where(eq(activityInvitations.contactId, contactId))
        .orderBy(asc(activityFeedback.createdAt))
        .limit(50_000),
    () =>
      db
        .select({
          activityTitle: activities.title,
          meetingStartsAt: activityAttendance.occurrenceStartsAt,
          status: activityAttendance.status,
          walkIn: activityAttendance.walkIn,
        })
        .from(activityAttendance)
        .innerJoin(activities, eq(activities.id, activityAttendance.activityId))
        .where(eq(activityAttendance.contactId, contactId))
        .orderBy(asc(activityAttendance.occurrenceStartsAt))
        .limit(50_000),
    () =>
      db
        .select({
          workingGroup: activities.title,
          partnerName: partners.name,
          role: workingGroupMembers.role,
          joinedOn: workingGroupMembers.joinedOn,
          leftOn: workingGroupMembers.leftOn,
        })
        .from(workingGroupMembers)
        .innerJoin(activities, eq(activities.id, workingGroupMembers.activityId))
        .leftJoin(partners, eq(partners.id, workingGroupMembers.partnerId))
        .where(eq(workingGroupMembers.contactId, contactId))
        .orderBy(asc(workingGroupMembers.joinedOn))
        .limit(50_000),
  ]);
  const touchpointIds = touchpointRows.map((t) => t.id);
  const requestIds = requestRows.map((r) => r.id);
  const [attachmentRows, commentRows] = await allOf(db, [
    () =>
      touchpointIds.length || requestIds.length
        ? db
            .select({
              id: attachments.id,
              fileName: attachments.fileName,
              size: attachments.size,
              contentType: attachments.contentType,
              uploadedAt: attachments.uploadedAt,
              touchpointId: attachments.touchpointId,
              requestId: attachments.requestId,
            })
            .from(attachments)
            .where(
              or(
                touchpointIds.length ? inArray(attachments.touchpointId, touchpointIds) : sql`false`,
                requestIds.length ? inArray(attachments.requestId, requestIds) : sql`false`,
              ),
            )
            .orderBy(asc(attachments.uploadedAt))
        : Promise.resolve([]),
    () =>
      requestIds.length
        ? db
            .select({
              requestId: requestComments.requestId,
              body: requestComments.body,
              at: requestComments.createdAt,
            })
            .from(requestComments)
            .where(inArray(requestComments.requestId, requestIds))
            .orderBy(asc(requestComments.createdAt))
        : Promise.resolve([]),
  ]);
  return {
    contact,
    affiliations: affiliationRows,
    touchpoints: touchpointRows,
    requests: requestRows,
    requestComments: commentRows,
    invitations: invitationRows,
    feedback: feedbackRows,
    attendance: attendanceRows,
    workingGroups: membershipRows,
    audit: auditRows,
    attachments: attachmentRows,
  };
}
