import { sql } from 'drizzle-orm';
import { relationshipDeputies } from '../../db/schema/relationships.ts';
import type { Ctx } from '../../lib/context.ts';
import { withCadence } from '../partner-view/cadence.ts';
import { lastContactByRelationship } from '../partner-view/partner-view.repository.ts';
import { getRelationships } from '../relationships/relationships.service.ts';
import { tasksPage } from '../tasks/tasks.service.ts';
import { touchpointScope } from '../touchpoints/touchpoints.policy.ts';
import { timelineFor } from '../touchpoints/touchpoints.service.ts';

const order = { overdue: 0, due: 1, ok: 2, none: 3 } as const;

/** My work: the relationships I look after (overdue first), my open follow-ups, what I logged lately. */
export async function myHome(ctx: Ctx) {
  const me = ctx.actor.userId;
  const mine = sql`(r.manager_id = ${me} or exists (select 1 from ${relationshipDeputies} d where d.relationship_id = r.id and d.user_id = ${me}))`;
  const [lastContacts, tasks, recent] = await Promise.all([
    lastContactByRelationship(ctx.db, mine, touchpointScope(ctx.actor)),
    tasksPage(ctx, { assigneeId: me, done: false }, { limit: 50 }),
    timelineFor(ctx, { authorId: me }, { limit: 20 }),
  ]);
  const lastById = new Map(
    lastContacts.map((l) => [l.relationshipId, l.lastContactAt === null ? null : new Date(l.lastContactAt)]),
  );
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
