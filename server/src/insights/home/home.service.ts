import { HOME_TASKS, HOME_TOUCHPOINTS } from '../../../../common/src/contracts/home.ts';
import type { Ctx } from '../../lib/context.ts';
import { getRelationships } from '../../modules/relationships/relationships.service.ts';
import { tasksPage } from '../../modules/tasks/tasks.service.ts';
import { timelineFor } from '../../modules/touchpoints/touchpoints.service.ts';
import { withCadence } from '../partner-view/cadence.ts';
import { lastContactsOf } from '../partner-view/partner-view.service.ts';

const order = { overdue: 0, due: 1, ok: 2, none: 3 } as const;

/** My work: the relationships I look after (overdue first), my open follow-ups, what I logged lately. */
export async function myHome(ctx: Ctx) {
  const me = ctx.actor.userId;
  const [lastById, tasks, recent] = await Promise.all([
    lastContactsOf(ctx, { managedBy: me }),
    tasksPage(ctx, { assigneeId: me, done: false }, { limit: HOME_TASKS }),
    timelineFor(ctx, { authorId: me }, { limit: HOME_TOUCHPOINTS }),
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
  return { relationships, tasks: tasks.items, recentTouchpoints: recent.items };
}
