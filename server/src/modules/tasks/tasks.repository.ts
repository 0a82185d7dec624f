import { and, eq, isNotNull, isNull, lt, type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { recordStore } from '../../db/records.ts';
import { partners } from '../../db/schema/partners.ts';
import { tasks } from '../../db/schema/tasks.ts';
import { touchpoints } from '../../db/schema/touchpoints.ts';
import { users } from '../../db/schema/users.ts';
import { decodeCursor, encodeCursor } from '../../lib/pagination.ts';

const columns = {
  id: tasks.id,
  title: tasks.title,
  assigneeId: tasks.assigneeId,
  assigneeName: users.name,
  createdById: tasks.createdById,
  dueOn: tasks.dueOn,
  doneAt: tasks.doneAt,
  touchpointId: tasks.touchpointId,
  partnerId: tasks.partnerId,
  partnerName: partners.name,
  relationshipId: tasks.relationshipId,
  version: tasks.version,
  createdAt: tasks.createdAt,
  updatedAt: tasks.updatedAt,
};

export type TaskRow = Awaited<ReturnType<typeof findTask>> & {};

function selectTasks(db: Executor) {
  return db
    .select(columns)
    .from(tasks)
    .innerJoin(users, eq(users.id, tasks.assigneeId))
    .leftJoin(partners, eq(partners.id, tasks.partnerId))
    .leftJoin(touchpoints, eq(touchpoints.id, tasks.touchpointId));
}

export type TaskFilter = {
  assigneeId?: string;
  done?: boolean;
  dueBefore?: string;
  partnerId?: string;
  touchpointId?: string;
  relationshipId?: string;
};

const SORT = 'due';

/**
 * Tasks by due date (undated last), keyset-paginated. A task linked to a touch point is as
 * visible as the touch point: `scope` is the touch-point visibility rule, applied through the join.
 */
export async function listTasks(
  db: Executor,
  filter: TaskFilter,
  scope: SQL | undefined,
  page: { limit: number; cursor?: string },
) {
  const dueKey = sql`coalesce(${tasks.dueOn}, '9999-12-31'::date)`;
  let after: SQL | undefined;
  if (page.cursor) {
    const [due, id] = decodeCursor(page.cursor, SORT, 2) as [string, string];
    after = sql`(${dueKey}, ${tasks.id}) > (${due}::date, ${id})`;
  }
  const rows = await selectTasks(db)
    .where(
      and(
        scope ? sql`(${tasks.touchpointId} is null or ${scope})` : undefined,
        filter.assigneeId ? eq(tasks.assigneeId, filter.assigneeId) : undefined,
        filter.done === undefined ? undefined : filter.done ? isNotNull(tasks.doneAt) : isNull(tasks.doneAt),
        filter.dueBefore ? lt(tasks.dueOn, filter.dueBefore) : undefined,
        filter.partnerId ? eq(tasks.partnerId, filter.partnerId) : undefined,
        filter.touchpointId ? eq(tasks.touchpointId, filter.touchpointId) : undefined,
        filter.relationshipId ? eq(tasks.relationshipId, filter.relationshipId) : undefined,
        after,
      ),
    )
    .orderBy(dueKey, tasks.id)
    .limit(page.limit + 1);
  const items = rows.slice(0, page.limit);
  const last = items.at(-1);
  return {
    items,
    nextCursor:
      rows.length > page.limit && last ? encodeCursor(SORT, [last.dueOn ?? '9999-12-31', last.id]) : null,
  };
}

export async function findTask(db: Executor, id: string) {
  const [row] = await selectTasks(db).where(eq(tasks.id, id));
  return row ?? null;
}

/** The public form of a task. */
export const presentTask = (row: TaskRow) => ({
  ...row,
  done: row.doneAt !== null,
  doneAt: row.doneAt?.toISOString() ?? null,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});

/** Tasks' one write path; the public form carries the assignee's and the partner's names. */
export const taskStore = recordStore({
  entity: 'task',
  noun: 'task',
  table: tasks,
  fixed: ['createdById', 'touchpointId', 'partnerId', 'relationshipId'],
  present: async (db, rows) =>
    Promise.all(rows.map(async (row) => presentTask((await findTask(db, row.id))!))),
});
