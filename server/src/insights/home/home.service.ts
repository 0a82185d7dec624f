import { DateTime } from 'luxon';
import { HOME_MONTHS, HOME_TASKS, HOME_TOUCHPOINTS } from '../../../../common/src/contracts/home.ts';
import type { Ctx } from '../../lib/context.ts';
import { touchpointPartnerScope } from '../../modules/access/audience.repository.ts';
import { getRelationships } from '../../modules/relationships/relationships.service.ts';
import { myOverdueReviews } from '../../modules/reviews/reviews.service.ts';
import { loadWorkingWeek } from '../../modules/service-levels/calendar.ts';
import { tasksPage } from '../../modules/tasks/tasks.service.ts';
import { timelineFor } from '../../modules/touchpoints/touchpoints.service.ts';
import { withCadence } from '../partner-view/cadence.ts';
import { lastContactsOf } from '../partner-view/partner-view.service.ts';
import { touchpointsByMonth } from './home.repository.ts';

const order = { overdue: 0, due: 1, ok: 2, none: 3 } as const;

/** My work: the relationships I look after (overdue first), my open follow-ups, what I logged lately. */
export async function myHome(ctx: Ctx) {
  const me = ctx.actor.userId;
  const now = new Date();
  // The university's time zone, read once for both the monthly counts and today's date.
  const timeZone = loadWorkingWeek(ctx.db).then((week) => week.timeZone);
  const [lastById, tasks, recent, byMonth, overdueReviews] = await Promise.all([
    lastContactsOf(ctx, { managedBy: me }),
    tasksPage(ctx, { assigneeId: me, done: false }, { limit: HOME_TASKS }),
    timelineFor(ctx, { authorId: me }, { limit: HOME_TOUCHPOINTS }),
    timeZone.then((zone) => myTouchpointsByMonth(ctx, now, zone)),
    timeZone.then((zone) => myOverdueReviews(ctx, DateTime.fromJSDate(now, { zone }).toISODate()!)),
  ]);
  const relationships = (await getRelationships(ctx, [...lastById.keys()])).map((r) =>
    withCadence(r, lastById.get(r.id) ?? null),
  );
  relationships.sort(
    (a, b) =>
      order[a.cadenceStatus] - order[b.cadenceStatus] ||
      (a.lastContactAt ?? '').localeCompare(b.lastContactAt ?? '') ||
      a.partnerName.localeCompare(b.partnerName),
  );
  return {
    relationships,
    overdueReviews,
    tasks: tasks.items,
    recentTouchpoints: recent.items,
    touchpointsByMonth: byMonth,
  };
}

/**
 * The touch points of my relationships in each of the last twelve months, this one included and
 * months without any as 0, counted in the university's time zone so a month is the same for
 * everyone. Only what I may see is counted.
 */
export async function myTouchpointsByMonth(ctx: Ctx, now: Date, timeZone: string) {
  const thisMonth = DateTime.fromJSDate(now, { zone: timeZone }).startOf('month');
  const first = thisMonth.minus({ months: HOME_MONTHS - 1 });
  const rows = await touchpointsByMonth(ctx.db, ctx.actor.userId, {
    since: first.toJSDate(),
    timeZone,
    scope: touchpointPartnerScope(ctx.actor),
  });
  const counted = new Map(rows.map((r) => [r.month, r.count]));
  return Array.from({ length: HOME_MONTHS }, (_, i) => {
    const month = first.plus({ months: i }).toFormat('yyyy-MM');
    return { month, count: counted.get(month) ?? 0 };
  });
}
