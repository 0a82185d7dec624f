import { and, count, desc, eq, gt, inArray, isNull, type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { briefings } from '../../db/schema/briefings.ts';
import { type notificationKinds, notifications } from '../../db/schema/notifications.ts';
import { users } from '../../db/schema/users.ts';

export type NewNotification = {
  userId: string;
  kind: (typeof notificationKinds)[number];
  title: string;
  body?: string | null;
  /** A path in the web app, e.g. /requests/{id}. */
  link?: string | null;
  /** One notification per (user, key): repeated checks do not repeat it. */
  dedupeKey?: string | null;
  /** The person's channels for this kind (all on unless they chose otherwise). */
  inApp?: boolean;
  byEmail?: boolean;
  inDigest?: boolean;
};

/** Adds notifications (skipping ones already sent under the same key); returns how many were new. */
export async function insertNotifications(db: Executor, items: NewNotification[]): Promise<number> {
  if (!items.length) return 0;
  const rows = await db
    .insert(notifications)
    .values(items)
    .onConflictDoNothing({ target: [notifications.userId, notifications.dedupeKey] })
    .returning({ id: notifications.id });
  return rows.length;
}

export async function listNotifications(
  db: Executor,
  userId: string,
  options: { unreadOnly: boolean; limit: number; after?: { createdAt: string; id: string } },
) {
  const conditions: (SQL | undefined)[] = [eq(notifications.userId, userId), eq(notifications.inApp, true)];
  if (options.unreadOnly) conditions.push(isNull(notifications.readAt));
  if (options.after) {
    conditions.push(
      sql`(${notifications.createdAt}, ${notifications.id}) < (${options.after.createdAt}, ${options.after.id})`,
    );
  }
  return db
    .select()
    .from(notifications)
    .where(and(...conditions))
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(options.limit + 1);
}

export async function countUnread(db: Executor, userId: string) {
  const [row] = await db
    .select({ n: count() })
    .from(notifications)
    .where(
      and(eq(notifications.userId, userId), eq(notifications.inApp, true), isNull(notifications.readAt)),
    );
  return row?.n ?? 0;
}

/** Marks the given notifications (or all of the user's) read; returns how many changed. */
export async function markRead(db: Executor, userId: string, ids?: string[]) {
  const rows = await db
    .update(notifications)
    .set({ readAt: new Date() })
    .where(
      and(
        eq(notifications.userId, userId),
        isNull(notifications.readAt),
        ids ? inArray(notifications.id, ids) : undefined,
      ),
    )
    .returning({ id: notifications.id });
  return rows.length;
}

/**
 * Claims up to `limit` notifications still to e-mail (recent ones only, so switching SMTP on
 * does not send a backlog), locking them so two workers never send the same one.
 */
export async function claimUnsent(db: Executor, since: Date, limit: number) {
  return db
    .select({
      id: notifications.id,
      title: notifications.title,
      body: notifications.body,
      link: notifications.link,
      email: users.email,
      name: users.name,
    })
    .from(notifications)
    .innerJoin(users, eq(users.id, notifications.userId))
    .where(
      and(
        eq(notifications.byEmail, true),
        isNull(notifications.emailedAt),
        gt(notifications.createdAt, since),
        isNull(users.deactivatedAt),
      ),
    )
    .orderBy(notifications.createdAt)
    .limit(limit)
    .for('update', { of: notifications, skipLocked: true });
}

export async function markEmailed(db: Executor, ids: string[]) {
  if (ids.length)
    await db.update(notifications).set({ emailedAt: new Date() }).where(inArray(notifications.id, ids));
}

/** Users with unread notifications from the last day, for the daily digest. */
export async function unreadSince(db: Executor, since: Date) {
  return db
    .select({
      userId: notifications.userId,
      email: users.email,
      name: users.name,
      title: notifications.title,
      link: notifications.link,
    })
    .from(notifications)
    .innerJoin(users, eq(users.id, notifications.userId))
    .where(
      and(
        eq(notifications.inDigest, true),
        isNull(notifications.readAt),
        gt(notifications.createdAt, since),
        isNull(users.deactivatedAt),
      ),
    )
    .orderBy(notifications.userId, desc(notifications.createdAt));
}

/** Of these people, the one a briefing is for (a briefing is read by its recipient alone). */
export async function recipientsOfBriefing(db: Executor, briefingId: string, userIds: string[]) {
  if (!userIds.length) return [];
  const rows = await db
    .select({ id: briefings.recipientId })
    .from(briefings)
    .where(and(eq(briefings.id, briefingId), inArray(briefings.recipientId, userIds)));
  return rows.map((r) => r.id);
}
