import { and, desc, eq, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { activityFeedback, activityInvitations } from '../../db/schema/activities.ts';
import { contacts } from '../../db/schema/contacts.ts';
import { users } from '../../db/schema/users.ts';

type NewFeedback = {
  activityId: string;
  invitationId: string | null;
  userId: string | null;
  rating: number;
  useful: string | null;
  change: string | null;
};

/**
 * Saves one answer, or nothing when its author has answered already: the unique keys decide,
 * so two answers sent at once by the same link keep one. Null when nothing was saved.
 */
export async function insertFeedback(tx: Executor, row: NewFeedback) {
  const [saved] = await tx.insert(activityFeedback).values(row).onConflictDoNothing().returning();
  return saved ?? null;
}

/** Whether this invitation (a contact's link) or this member of staff has answered for the activity. */
export async function hasGivenFeedback(
  db: Executor,
  activityId: string,
  by: { invitationId: string } | { userId: string },
) {
  const [row] = await db
    .select({ id: activityFeedback.id })
    .from(activityFeedback)
    .where(
      and(
        eq(activityFeedback.activityId, activityId),
        'invitationId' in by
          ? eq(activityFeedback.invitationId, by.invitationId)
          : eq(activityFeedback.userId, by.userId),
      ),
    );
  return row !== undefined;
}

/** How many gave each rating: one grouped scan of the activity's answers. */
export async function feedbackCounts(db: Executor, activityId: string) {
  const rows = await db
    .select({ rating: activityFeedback.rating, count: sql<number>`count(*)::int` })
    .from(activityFeedback)
    .where(eq(activityFeedback.activityId, activityId))
    .groupBy(activityFeedback.rating);
  return new Map(rows.map((r) => [r.rating, Number(r.count)]));
}

/** The newest answers with who gave them: a contact through their invitation, or a member of staff. */
export async function feedbackResponses(db: Executor, activityId: string, limit: number) {
  return db
    .select({
      id: activityFeedback.id,
      rating: activityFeedback.rating,
      useful: activityFeedback.useful,
      change: activityFeedback.change,
      contactName: contacts.name,
      userName: users.name,
      createdAt: activityFeedback.createdAt,
    })
    .from(activityFeedback)
    .leftJoin(activityInvitations, eq(activityInvitations.id, activityFeedback.invitationId))
    .leftJoin(contacts, eq(contacts.id, activityInvitations.contactId))
    .leftJoin(users, eq(users.id, activityFeedback.userId))
    .where(eq(activityFeedback.activityId, activityId))
    .orderBy(desc(activityFeedback.createdAt), desc(activityFeedback.id))
    .limit(limit);
}
