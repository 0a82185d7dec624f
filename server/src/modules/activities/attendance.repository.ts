import { and, asc, eq, inArray, isNull, notExists, or, sql } from 'drizzle-orm';
import type { AttendanceStatus } from '../../../../common/src/labels/activities.ts';
import type { Executor } from '../../db/client.ts';
import { activityAttendance, activityInvitations } from '../../db/schema/activities.ts';
import { affiliations } from '../../db/schema/affiliations.ts';
import { contacts } from '../../db/schema/contacts.ts';
import { partners } from '../../db/schema/partners.ts';
import { users } from '../../db/schema/users.ts';

const currentAffiliation = or(isNull(affiliations.endDate), sql`${affiliations.endDate} >= current_date`);

/**
 * A meeting's door list: everyone registered (for the activity or its series), and everyone whose
 * attendance at that meeting was recorded (walk-ins too), by name; at most `limit`.
 */
export async function doorList(
  db: Executor,
  activityId: string,
  occurrence: Date,
  limit: number,
  onlyContactId?: string,
) {
  const registered = db
    .select({ contactId: activityInvitations.contactId })
    .from(activityInvitations)
    .where(and(eq(activityInvitations.activityId, activityId), eq(activityInvitations.status, 'registered')));
  const atMeeting = and(
    eq(activityAttendance.activityId, activityId),
    eq(activityAttendance.occurrenceStartsAt, occurrence),
  );
  const recorded = db
    .select({ contactId: activityAttendance.contactId })
    .from(activityAttendance)
    .where(atMeeting);
  return db
    .select({
      contactId: contacts.id,
      contactName: contacts.name,
      registered: sql<boolean>`exists (select 1 from ${activityInvitations} where ${activityInvitations.activityId} = ${activityId} and ${activityInvitations.contactId} = ${contacts.id} and ${activityInvitations.status} = 'registered')`,
      attendance: activityAttendance.status,
      walkIn: sql<boolean>`coalesce(${activityAttendance.walkIn}, false)`,
      touchpointId: activityAttendance.touchpointId,
      recordedAt: activityAttendance.recordedAt,
      recordedByName: users.name,
    })
    .from(contacts)
    .leftJoin(activityAttendance, and(atMeeting, eq(activityAttendance.contactId, contacts.id)))
    .leftJoin(users, eq(users.id, activityAttendance.recordedById))
    .where(
      and(
        or(inArray(contacts.id, registered), inArray(contacts.id, recorded)),
        onlyContactId ? eq(contacts.id, onlyContactId) : undefined,
      ),
    )
    .orderBy(asc(contacts.name), asc(contacts.id))
    .limit(limit);
}

/** The partners each contact is currently affiliated with, primary affiliation first. */
export async function currentPartnersOf(db: Executor, contactIds: string[]) {
  if (!contactIds.length) return new Map<string, { id: string; name: string }[]>();
  const rows = await db
    .select({ contactId: affiliations.contactId, id: partners.id, name: partners.name })
    .from(affiliations)
    .innerJoin(partners, eq(partners.id, affiliations.partnerId))
    .where(and(inArray(affiliations.contactId, contactIds), currentAffiliation))
    .orderBy(
      sql`${affiliations.isPrimary} desc`,
      sql`${affiliations.startDate} asc nulls last`,
      asc(partners.name),
      asc(partners.id),
    );
  const byContact = new Map<string, { id: string; name: string }[]>();
  for (const r of rows) {
    const list = byContact.get(r.contactId) ?? [];
    if (!list.some((p) => p.id === r.id)) list.push({ id: r.id, name: r.name });
    byContact.set(r.contactId, list);
  }
  return byContact;
}

/** How many came, did not come and walked in, at one meeting. */
export async function attendanceCounts(db: Executor, activityId: string, occurrence: Date) {
  const [row] = await db
    .select({
      attended: sql<number>`count(*) filter (where ${activityAttendance.status} = 'attended')::int`,
      noShow: sql<number>`count(*) filter (where ${activityAttendance.status} = 'no_show')::int`,
      walkIns: sql<number>`count(*) filter (where ${activityAttendance.walkIn})::int`,
    })
    .from(activityAttendance)
    .where(
      and(
        eq(activityAttendance.activityId, activityId),
        eq(activityAttendance.occurrenceStartsAt, occurrence),
      ),
    );
  return row ?? { attended: 0, noShow: 0, walkIns: 0 };
}

export async function findAttendance(db: Executor, activityId: string, occurrence: Date, contactId: string) {
  const [row] = await db
    .select()
    .from(activityAttendance)
    .where(
      and(
        eq(activityAttendance.activityId, activityId),
        eq(activityAttendance.occurrenceStartsAt, occurrence),
        eq(activityAttendance.contactId, contactId),
      ),
    );
  return row ?? null;
}

/**
 * What was recorded of a contact at any meeting of the activity: whether they came to one, and
 * whether anything was recorded at all (null when nothing was).
 */
export async function attendanceAtAnyMeeting(db: Executor, activityId: string, contactId: string) {
  const [row] = await db
    .select({
      recorded: sql<number>`count(*)::int`,
      attended: sql<number>`count(*) filter (where ${activityAttendance.status} = 'attended')::int`,
    })
    .from(activityAttendance)
    .where(and(eq(activityAttendance.activityId, activityId), eq(activityAttendance.contactId, contactId)));
  if (!row || row.recorded === 0) return null;
  return { came: row.attended > 0 };
}

/** Whether the contact holds a registered place (not waiting, declined or cancelled). */
export async function isRegistered(db: Executor, activityId: string, contactId: string) {
  const [row] = await db
    .select({ id: activityInvitations.id })
    .from(activityInvitations)
    .where(
      and(
        eq(activityInvitations.activityId, activityId),
        eq(activityInvitations.contactId, contactId),
        eq(activityInvitations.status, 'registered'),
      ),
    );
  return row !== undefined;
}

/** Records (or corrects) one contact's attendance; one row per contact and meeting. */
export async function saveAttendance(
  tx: Executor,
  row: {
    activityId: string;
    occurrenceStartsAt: Date;
    contactId: string;
    status: AttendanceStatus;
    walkIn: boolean;
    touchpointId: string | null;
    recordedById: string;
  },
) {
  const [saved] = await tx
    .insert(activityAttendance)
    .values({ ...row, recordedAt: new Date() })
    .onConflictDoUpdate({
      target: [
        activityAttendance.activityId,
        activityAttendance.occurrenceStartsAt,
        activityAttendance.contactId,
      ],
      set: {
        status: row.status,
        touchpointId: row.touchpointId,
        recordedById: row.recordedById,
        recordedAt: new Date(),
      },
    })
    .returning();
  return saved!;
}

/** Everyone registered whose attendance at the meeting is not recorded yet did not come; returns them. */
export async function markRemainingNoShows(
  tx: Executor,
  activityId: string,
  occurrence: Date,
  recordedById: string,
) {
  const rows = await tx
    .insert(activityAttendance)
    .select(
      tx
        .select({
          id: sql<string>`gen_random_uuid()`.as('id'),
          activityId: activityInvitations.activityId,
          contactId: activityInvitations.contactId,
          occurrenceStartsAt: sql<Date>`${occurrence.toISOString()}::timestamptz`.as('occurrence_starts_at'),
          status: sql<AttendanceStatus>`'no_show'`.as('status'),
          walkIn: sql<boolean>`false`.as('walk_in'),
          touchpointId: sql<string | null>`null::uuid`.as('touchpoint_id'),
          recordedById: sql<string>`${recordedById}::uuid`.as('recorded_by_id'),
          recordedAt: sql<Date>`now()`.as('recorded_at'),
        })
        .from(activityInvitations)
        .where(
          and(
            eq(activityInvitations.activityId, activityId),
            eq(activityInvitations.status, 'registered'),
            notExists(
              tx
                .select({ one: sql`1` })
                .from(activityAttendance)
                .where(
                  and(
                    eq(activityAttendance.activityId, activityId),
                    eq(activityAttendance.occurrenceStartsAt, occurrence),
                    eq(activityAttendance.contactId, activityInvitations.contactId),
                  ),
                ),
            ),
          ),
        ),
    )
    .onConflictDoNothing()
    .returning({ contactId: activityAttendance.contactId });
  return rows.map((r) => r.contactId);
}
