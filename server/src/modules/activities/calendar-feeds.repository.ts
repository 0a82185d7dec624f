import { and, asc, eq, exists, gte, isNotNull, or, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { activities, activityOrganisers, calendarFeeds } from '../../db/schema/activities.ts';
import { units } from '../../db/schema/units.ts';

export async function feedOf(db: Executor, userId: string) {
  const [row] = await db.select().from(calendarFeeds).where(eq(calendarFeeds.userId, userId));
  return row ?? null;
}

/** A user's one feed, created or given a new token (the old URL stops working). */
export async function saveFeed(tx: Executor, userId: string, tokenHash: string) {
  const now = new Date();
  const [row] = await tx
    .insert(calendarFeeds)
    .values({ userId, tokenHash, createdAt: now })
    .onConflictDoUpdate({
      target: calendarFeeds.userId,
      set: { tokenHash, createdAt: now, lastReadAt: null },
    })
    .returning();
  return row!;
}

export async function deleteFeed(tx: Executor, userId: string) {
  const rows = await tx
    .delete(calendarFeeds)
    .where(eq(calendarFeeds.userId, userId))
    .returning({ userId: calendarFeeds.userId });
  return rows.length > 0;
}

/** The feed a token opens, marked as read now (so its owner sees that a calendar subscribes). */
export async function openFeed(db: Executor, tokenHash: string) {
  const [row] = await db
    .update(calendarFeeds)
    .set({ lastReadAt: new Date() })
    .where(eq(calendarFeeds.tokenHash, tokenHash))
    .returning({ userId: calendarFeeds.userId });
  return row ?? null;
}

/**
 * The activities a user owns or co-organises that a calendar still needs: a series, or a
 * meeting that ended after `since`; soonest first, at most `limit`. `scope` is the user's
 * visibility rule, so a feed never carries an activity they may no longer read.
 */
export async function organisedActivities(
  db: Executor,
  userId: string,
  scope: SQL | undefined,
  since: Date,
  limit: number,
) {
  return db
    .select({
      id: activities.id,
      kind: activities.kind,
      title: activities.title,
      description: activities.description,
      startsAt: activities.startsAt,
      endsAt: activities.endsAt,
      timeZone: activities.timeZone,
      format: activities.format,
      location: activities.location,
      onlineUrl: activities.onlineUrl,
      recurrence: activities.recurrence,
      exceptionDates: activities.exceptionDates,
      unitName: units.name,
    })
    .from(activities)
    .innerJoin(units, eq(units.id, activities.unitId))
    .where(
      and(
        scope,
        or(
          eq(activities.ownerId, userId),
          exists(
            db
              .select({ userId: activityOrganisers.userId })
              .from(activityOrganisers)
              .where(
                and(eq(activityOrganisers.activityId, activities.id), eq(activityOrganisers.userId, userId)),
              ),
          ),
        ),
        or(isNotNull(activities.recurrence), gte(activities.endsAt, since)),
      ),
    )
    .orderBy(asc(activities.startsAt), asc(activities.id))
    .limit(limit);
}
