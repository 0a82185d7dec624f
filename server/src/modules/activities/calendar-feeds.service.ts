import type { Db, Executor } from '../../db/client.ts';
import { AppError, notFound } from '../../errors.ts';
import type { Ctx } from '../../lib/context.ts';
import { actorsOf } from '../access/audience.repository.ts';
import { hashSecret, newSecret } from '../auth/secrets.ts';
import { activityScope } from './activities.policy.ts';
import { loadVisibleActivity } from './activities.service.ts';
import { activitiesCalendar } from './calendar.ts';
import { deleteFeed, feedOf, openFeed, organisedActivities, saveFeed } from './calendar-feeds.repository.ts';

/** A feed carries what has not ended more than this long ago, and series whatever their start. */
const FEED_HISTORY_MS = 90 * 86_400_000;
/** At most this many activities in one feed. */
const FEED_LIMIT = 1_000;
const feedPath = (token: string) => `/api/v1/public/calendars/${token}/activities.ics`;

/** Whether I have a calendar feed, since when, and when a calendar last read it (never the URL: only its hash is kept). */
export async function myCalendarFeed(ctx: Ctx) {
  const feed = await feedOf(ctx.db, ctx.actor.userId);
  return {
    active: feed !== null,
    createdAt: feed?.createdAt.toISOString() ?? null,
    lastReadAt: feed?.lastReadAt?.toISOString() ?? null,
  };
}

/** A new private URL for my feed, shown this once; an earlier URL stops working. */
export async function renewMyCalendarFeed(ctx: Ctx) {
  if (ctx.actor.readOnly) throw new AppError('forbidden', 'A read-only token cannot create a calendar feed');
  const token = newSecret('cal_');
  const feed = await ctx.db.transaction((tx) => saveFeed(tx, ctx.actor.userId, hashSecret(token)));
  return { path: feedPath(token), createdAt: feed.createdAt.toISOString() };
}

export async function revokeMyCalendarFeed(ctx: Ctx) {
  if (ctx.actor.readOnly) throw new AppError('forbidden', 'A read-only token cannot remove a calendar feed');
  if (!(await ctx.db.transaction((tx) => deleteFeed(tx, ctx.actor.userId)))) throw notFound('Calendar feed');
}

/**
 * The feed behind a private URL: the activities its owner organises, as they may read them
 * now (a deactivated owner's feed is empty of everything: not found).
 */
export async function personalCalendar(db: Db | Executor, token: string) {
  const feed = await openFeed(db, hashSecret(token));
  const [actor] = feed ? await actorsOf(db, [feed.userId]) : [];
  if (!feed || !actor) throw notFound('Calendar feed');
  const items = await organisedActivities(
    db,
    actor.userId,
    activityScope(actor),
    new Date(Date.now() - FEED_HISTORY_MS),
    FEED_LIMIT,
  );
  return activitiesCalendar('Rapport: my activities', items);
}

/** One activity as an iCalendar file, for someone who may read it. */
export async function activityIcs(ctx: Ctx, id: string) {
  const a = await loadVisibleActivity(ctx, ctx.db, id);
  return {
    title: a.title,
    body: activitiesCalendar(a.title, [{ ...a, startsAt: new Date(a.startsAt), endsAt: new Date(a.endsAt) }]),
  };
}
