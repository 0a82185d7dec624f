import { and, asc, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import type { InvitationStatus } from '../../../../common/src/labels/activities.ts';
import type { Executor } from '../../db/client.ts';
import {
  activities,
  activityAttendance,
  activityFeedback,
  activityInvitations,
  activityOutbox,
} from '../../db/schema/activities.ts';
import { affiliations } from '../../db/schema/affiliations.ts';
import { contacts } from '../../db/schema/contacts.ts';
import { partners } from '../../db/schema/partners.ts';
import { units } from '../../db/schema/units.ts';
import { users } from '../../db/schema/users.ts';

/**
 * The contacts an audience reaches: those currently affiliated with a partner of one of the
 * types or with one of the partners, and the contacts named, with their first e-mail address.
 */
export async function contactsReached(
  db: Executor,
  audience: { partnerTypeIds: string[]; partnerIds: string[]; contactIds: string[] },
) {
  const byPartner = [
    ...(audience.partnerTypeIds.length ? [inArray(partners.typeId, audience.partnerTypeIds)] : []),
    ...(audience.partnerIds.length ? [inArray(partners.id, audience.partnerIds)] : []),
  ];
  const current = or(isNull(affiliations.endDate), sql`${affiliations.endDate} >= current_date`);
  const viaPartners = byPartner.length
    ? db
        .selectDistinct({ id: contacts.id })
        .from(contacts)
        .innerJoin(affiliations, eq(affiliations.contactId, contacts.id))
        .innerJoin(partners, eq(partners.id, affiliations.partnerId))
        .where(and(current, or(...byPartner)))
    : null;
  const conditions = [
    ...(viaPartners ? [inArray(contacts.id, viaPartners)] : []),
    ...(audience.contactIds.length ? [inArray(contacts.id, audience.contactIds)] : []),
  ];
  if (conditions.length === 0) return [];
  return db
    .select({
      id: contacts.id,
      name: contacts.name,
      email: sql<string | null>`${contacts.emails}[1]`,
    })
    .from(contacts)
    .where(or(...conditions))
    .orderBy(contacts.name, contacts.id);
}

export type NewInvitation = {
  activityId: string;
  contactId: string;
  email: string | null;
  tokenHash: string;
  status: InvitationStatus;
  invitedAt: Date | null;
  registeredById: string | null;
  respondedAt: Date | null;
  waitingSince: Date | null;
};

/** Inserts invitations; a contact already invited to the activity is left as they are. */
export async function insertInvitations(tx: Executor, rows: NewInvitation[]) {
  if (rows.length === 0) return [];
  return tx
    .insert(activityInvitations)
    .values(rows)
    .onConflictDoNothing({ target: [activityInvitations.activityId, activityInvitations.contactId] })
    .returning();
}

export async function invitedContactIds(tx: Executor, activityId: string, contactIds: string[]) {
  if (contactIds.length === 0) return new Set<string>();
  const rows = await tx
    .select({ contactId: activityInvitations.contactId })
    .from(activityInvitations)
    .where(
      and(eq(activityInvitations.activityId, activityId), inArray(activityInvitations.contactId, contactIds)),
    );
  return new Set(rows.map((r) => r.contactId));
}

export async function findInvitation(
  db: Executor,
  where: { tokenHash: string } | { activityId: string; contactId: string },
) {
  const [row] = await db
    .select()
    .from(activityInvitations)
    .where(
      'tokenHash' in where
        ? or(
            eq(activityInvitations.tokenHash, where.tokenHash),
            eq(activityInvitations.feedbackTokenHash, where.tokenHash),
          )
        : and(
            eq(activityInvitations.activityId, where.activityId),
            eq(activityInvitations.contactId, where.contactId),
          ),
    );
  return row ?? null;
}

/** Places taken: the registrations that count against the capacity. */
export async function registeredCount(tx: Executor, activityId: string) {
  const [row] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(activityInvitations)
    .where(and(eq(activityInvitations.activityId, activityId), eq(activityInvitations.status, 'registered')));
  return row?.n ?? 0;
}

export async function setInvitationStatus(
  tx: Executor,
  id: string,
  values: { status: InvitationStatus; waitingSince?: Date | null; registeredById?: string | null },
) {
  const [row] = await tx
    .update(activityInvitations)
    .set({ ...values, respondedAt: sql`now()` })
    .where(eq(activityInvitations.id, id))
    .returning();
  return row!;
}

/** The first `n` on the waiting list, in the order they joined it. */
export async function nextWaiting(tx: Executor, activityId: string, n: number) {
  if (n <= 0) return [];
  return tx
    .select()
    .from(activityInvitations)
    .where(and(eq(activityInvitations.activityId, activityId), eq(activityInvitations.status, 'waiting')))
    .orderBy(asc(activityInvitations.waitingSince), asc(activityInvitations.id))
    .limit(n);
}

/** Everyone invited or registered, with their place on the waiting list. */
export async function listInvitations(db: Executor, activityId: string) {
  const registeredBy = sql<
    string | null
  >`(select ${users.name} from ${users} where ${users.id} = ${activityInvitations.registeredById})`;
  return db
    .select({
      id: activityInvitations.id,
      contactId: activityInvitations.contactId,
      contactName: contacts.name,
      email: activityInvitations.email,
      status: activityInvitations.status,
      invitedAt: activityInvitations.invitedAt,
      emailedAt: activityInvitations.emailedAt,
      respondedAt: activityInvitations.respondedAt,
      waitingPosition: sql<
        number | null
      >`case when ${activityInvitations.status} = 'waiting' then (row_number() over (partition by ${activityInvitations.status} = 'waiting' order by ${activityInvitations.waitingSince}, ${activityInvitations.id}))::int end`,
      registeredByName: registeredBy,
    })
    .from(activityInvitations)
    .innerJoin(contacts, eq(contacts.id, activityInvitations.contactId))
    .where(eq(activityInvitations.activityId, activityId))
    .orderBy(contacts.name, activityInvitations.id);
}

/** A waiting contact's place in the queue (1 = next), or null when they are not waiting. */
export async function waitingPositionOf(
  db: Executor,
  invitation: { id: string; activityId: string; status: string; waitingSince: Date | null },
) {
  if (invitation.status !== 'waiting' || !invitation.waitingSince) return null;
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(activityInvitations)
    .where(
      and(
        eq(activityInvitations.activityId, invitation.activityId),
        eq(activityInvitations.status, 'waiting'),
        sql`(${activityInvitations.waitingSince}, ${activityInvitations.id}) <= (${invitation.waitingSince.toISOString()}::timestamptz, ${invitation.id}::uuid)`,
      ),
    );
  return row?.n ?? null;
}

export async function enqueueMail(
  tx: Executor,
  rows: { invitationId: string; kind: 'invitation' | 'promotion' | 'feedback'; token: string | null }[],
) {
  if (rows.length) await tx.insert(activityOutbox).values(rows);
}

/**
 * Claims up to `limit` unsent messages with what they need to be written; rows another
 * worker holds are skipped (SKIP LOCKED), so nothing is sent twice.
 */
export async function claimUnsentMail(tx: Executor, limit: number) {
  const due = tx
    .select({ id: activityOutbox.id })
    .from(activityOutbox)
    .where(isNull(activityOutbox.sentAt))
    .orderBy(activityOutbox.createdAt)
    .limit(limit)
    .for('update', { skipLocked: true });
  return tx
    .select({
      id: activityOutbox.id,
      kind: activityOutbox.kind,
      token: activityOutbox.token,
      invitationId: activityInvitations.id,
      email: activityInvitations.email,
      contactId: contacts.id,
      contactName: contacts.name,
      activity: activities,
      unitName: units.name,
    })
    .from(activityOutbox)
    .innerJoin(activityInvitations, eq(activityInvitations.id, activityOutbox.invitationId))
    .innerJoin(contacts, eq(contacts.id, activityInvitations.contactId))
    .innerJoin(activities, eq(activities.id, activityInvitations.activityId))
    .innerJoin(units, eq(units.id, activities.unitId))
    .where(inArray(activityOutbox.id, due));
}

/** Takes messages off the queue unsent (the contact may no longer be contacted); the invitation is not marked e-mailed. */
export async function dropMail(tx: Executor, ids: string[]) {
  if (ids.length === 0) return;
  await tx
    .update(activityOutbox)
    .set({ sentAt: sql`now()`, token: null })
    .where(inArray(activityOutbox.id, ids));
}

/** Marks messages sent and erases their tokens; the invitations record when they were e-mailed. */
export async function markMailSent(tx: Executor, sent: { id: string; invitationId: string }[]) {
  if (sent.length === 0) return;
  await tx
    .update(activityOutbox)
    .set({ sentAt: sql`now()`, token: null })
    .where(
      inArray(
        activityOutbox.id,
        sent.map((s) => s.id),
      ),
    );
  await tx
    .update(activityInvitations)
    .set({ emailedAt: sql`now()` })
    .where(
      inArray(
        activityInvitations.id,
        sent.map((s) => s.invitationId),
      ),
    );
}

/**
 * The places whose holders are due the feedback e-mail, locked (SKIP LOCKED) so two runs never
 * ask twice: registered for a one-off activity that ended in the window, with an address, not
 * asked yet, no feedback given, and not recorded as not coming. At most `limit`.
 */
export async function claimFeedbackDue(tx: Executor, endedAfter: Date, now: Date, limit: number) {
  return tx
    .select({ id: activityInvitations.id, contactId: activityInvitations.contactId })
    .from(activityInvitations)
    .innerJoin(activities, eq(activities.id, activityInvitations.activityId))
    .innerJoin(contacts, eq(contacts.id, activityInvitations.contactId))
    .where(
      and(
        eq(activityInvitations.status, 'registered'),
        isNull(activityInvitations.feedbackRequestedAt),
        sql`${activityInvitations.email} is not null`,
        isNull(activities.recurrence),
        sql`${activities.endsAt} <= ${now.toISOString()}::timestamptz`,
        sql`${activities.endsAt} > ${endedAfter.toISOString()}::timestamptz`,
        sql`not exists (select 1 from ${activityFeedback} where ${activityFeedback.invitationId} = ${activityInvitations.id})`,
        sql`not exists (select 1 from ${activityAttendance} where ${activityAttendance.activityId} = ${activityInvitations.activityId} and ${activityAttendance.contactId} = ${activityInvitations.contactId} and ${activityAttendance.status} = 'no_show')`,
      ),
    )
    .orderBy(asc(activities.endsAt), asc(activityInvitations.id))
    .limit(limit)
    .for('update', { of: activityInvitations, skipLocked: true });
}

/** The place was asked for feedback (or left out for good): it is not asked again. */
export async function markFeedbackRequested(tx: Executor, invitationId: string, tokenHash: string | null) {
  await tx
    .update(activityInvitations)
    .set({ feedbackRequestedAt: sql`now()`, ...(tokenHash ? { feedbackTokenHash: tokenHash } : {}) })
    .where(eq(activityInvitations.id, invitationId));
}
