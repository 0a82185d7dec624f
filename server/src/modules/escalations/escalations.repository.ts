import { and, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import type { EscalationLevel } from '../../../../common/src/labels/requests.ts';
import { type Executor, queryRows } from '../../db/client.ts';
import { relationshipDeputies, relationships } from '../../db/schema/relationships.ts';
import { escalations } from '../../db/schema/requests.ts';
import { units } from '../../db/schema/units.ts';
import { users } from '../../db/schema/users.ts';

/** What is escalated: a request, or a relationship as a whole. */
export type EscalationSubject = { requestId: string } | { relationshipId: string };

const ofSubject = (subject: EscalationSubject) =>
  'requestId' in subject
    ? eq(escalations.requestId, subject.requestId)
    : eq(escalations.relationshipId, subject.relationshipId);

const active = isNull(users.deactivatedAt);

/** The relationship's manager and deputies. */
export async function managersOfRelationship(db: Executor, relationshipId: string) {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`select manager_id as id from ${relationships} where id = ${relationshipId} and manager_id is not null
        union select user_id from ${relationshipDeputies} where relationship_id = ${relationshipId}`,
  );
  return rows.map((r) => r.id);
}

/** The active people with this role in this unit. */
export async function activeInUnit(
  db: Executor,
  role: 'relationship_manager' | 'senior_manager',
  unitId: string,
) {
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .where(and(active, eq(users.role, role), eq(users.unitId, unitId)));
  return rows.map((r) => r.id);
}

/** A unit's parent, or null at the top (or for no such unit). */
export async function parentOfUnit(db: Executor, unitId: string) {
  const [unit] = await db.select({ parentId: units.parentId }).from(units).where(eq(units.id, unitId));
  return unit?.parentId ?? null;
}

/** Active senior managers of top-level units, and those with no unit. */
export async function topSeniorManagers(db: Executor) {
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .leftJoin(units, eq(units.id, users.unitId))
    .where(and(active, eq(users.role, 'senior_manager'), or(isNull(users.unitId), isNull(units.parentId))));
  return rows.map((r) => r.id);
}

/** Of these people, how many are active members of staff. */
export async function countActive(db: Executor, userIds: string[]) {
  const found = await db
    .select({ id: users.id })
    .from(users)
    .where(and(inArray(users.id, userIds), active));
  return found.length;
}

/** Locks a relationship for the rest of the transaction (one escalation change at a time). */
export async function lockRelationship(tx: Executor, id: string) {
  await tx.select({ id: relationships.id }).from(relationships).where(eq(relationships.id, id)).for('update');
}

/** The level of the subject's open escalation, or null. */
export async function openLevelOf(db: Executor, subject: EscalationSubject) {
  const [open] = await db
    .select({ level: escalations.level })
    .from(escalations)
    .where(and(ofSubject(subject), isNull(escalations.deescalatedAt)));
  return open?.level ?? null;
}

/** Closes the subject's open escalation (if any); returns it. */
export async function closeOpenEscalation(
  tx: Executor,
  subject: EscalationSubject,
  by: string,
  reason: string,
) {
  const [closed] = await tx
    .update(escalations)
    .set({ deescalatedAt: new Date(), deescalatedById: by, deescalationReason: reason })
    .where(and(ofSubject(subject), isNull(escalations.deescalatedAt)))
    .returning();
  return closed ?? null;
}

export async function insertEscalation(
  tx: Executor,
  values: EscalationSubject & {
    level: EscalationLevel;
    briefing: string;
    raisedById: string;
    namedUserIds: string[];
  },
) {
  const [created] = await tx.insert(escalations).values(values).returning({ id: escalations.id });
  return created!.id;
}
