import { and, eq, isNotNull, isNull, lt, type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
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

export async function insertTask(db: Executor, values: typeof tasks.$inferInsert) {
  const [row] = await db.insert(tasks).values(values).returning();
  return row!;
}

export async function updateTask(
  db: Executor,
  id: string,
  version: number,
  values: { title?: string; assigneeId?: string; dueOn?: string | null; doneAt?: Date | null },
) {
  const rows = await db
    .update(tasks)
    .set({ ...values, version: sql`${tasks.version} + 1`, updatedAt: sql`now()` })
    .where(and(eq(tasks.id, id), eq(tasks.version, version)))
    .returning({ id: tasks.id });
  return rows.length === 1;
}

export async function deleteTask(db: Executor, id: string) {
  await db.delete(tasks).where(eq(tasks.id, id));
}
