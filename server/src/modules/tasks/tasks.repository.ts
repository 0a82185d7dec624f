import { and, eq, gte, inArray, isNotNull, isNull, lt, lte, type SQL, sql } from 'drizzle-orm';
import type { FilterValues } from '../../../../common/src/lists/define.ts';
import { taskList } from '../../../../common/src/lists/tasks.ts';
import type { Executor } from '../../db/client.ts';
import { lockVersions, recordStore } from '../../db/records.ts';
import { partners } from '../../db/schema/partners.ts';
import { tasks } from '../../db/schema/tasks.ts';
import { touchpoints } from '../../db/schema/touchpoints.ts';
import { users } from '../../db/schema/users.ts';
import { allOf } from '../../lib/all-of.ts';
import { bindList } from '../../lib/lists/list.ts';
import { type SortSpec, sortOptions, toPage } from '../../lib/pagination.ts';

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

export type TaskFilter = FilterValues<typeof taskList>;

const UNDATED = '9999-12-31';
// The literal matches UNDATED; written inline so the planner sees a constant.
const dueKey = sql`coalesce(${tasks.dueOn}, '9999-12-31'::date)`;
const isOpen = isNull(tasks.doneAt);

/** Soonest due first, undated last (a hand-made spec: the sort key is an expression, not a column). */
const dueSpecs = Object.fromEntries(
  [false, true].map((descending) => {
    const name = descending ? '-due' : 'due';
    const spec: SortSpec = {
      name,
      columns: [dueKey, tasks.id],
      descending,
      keyOf: (row) => [(row.dueOn as string | null) ?? UNDATED, row.id as string],
      order: descending ? [sql`${dueKey} desc`, sql`${tasks.id} desc`] : [sql`${dueKey}`, sql`${tasks.id}`],
    };
    return [name, spec];
  }),
) as Record<'due' | '-due', SortSpec>;

/**
 * The task list's filters and sorts as SQL (declared in common/src/lists/tasks.ts). `today` is
 * the university's date, which "overdue" needs; 'me' is resolved by the service first.
 */
export const taskListing = (today: string) =>
  bindList(taskList, {
    where: {
      q: (q) => sql`position(${q.toLowerCase()} in lower(${tasks.title})) > 0`,
      assigneeId: (id) => eq(tasks.assigneeId, id),
      // The assignee's unit: `users` is joined as the assignee in every task query.
      unitId: (id) => eq(users.unitId, id),
      partnerId: (id) => eq(tasks.partnerId, id),
      done: (done) => (done ? isNotNull(tasks.doneAt) : isOpen),
      // Only "overdue" narrows; overdue=false asks for nothing in particular.
      overdue: (overdue) => (overdue ? and(isOpen, lt(tasks.dueOn, today)) : undefined),
      dueBefore: (day) => lt(tasks.dueOn, day),
      touchpointId: (id) => eq(tasks.touchpointId, id),
      relationshipId: (id) => eq(tasks.relationshipId, id),
    },
    sorts: {
      ...dueSpecs,
      ...sortOptions(
        { created: [tasks.createdAt, 'createdAt'], updated: [tasks.updatedAt, 'updatedAt'] },
        tasks.id,
      ),
    },
  });

/**
 * A page of tasks. A task linked to a touch point is as visible as the touch point: `scope` is
 * the touch-point visibility rule, applied through the join.
 */
export async function listTasks(
  db: Executor,
  filter: TaskFilter,
  scope: SQL | undefined,
  page: { limit: number; cursor?: string; sort: string; today: string },
) {
  const listing = taskListing(page.today);
  const { after, orderBy, spec } = listing.page(page.sort, page.cursor);
  const rows = await selectTasks(db)
    .where(
      and(scope ? sql`(${tasks.touchpointId} is null or ${scope})` : undefined, listing.where(filter), after),
    )
    .orderBy(...orderBy)
    .limit(page.limit + 1);
  return toPage(rows, page.limit, spec);
}

/** How many tasks the filters match under the same scope and joins as the list. */
export async function countTasks(db: Executor, filter: TaskFilter, scope: SQL | undefined, today: string) {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(tasks)
    .innerJoin(users, eq(users.id, tasks.assigneeId))
    .leftJoin(touchpoints, eq(touchpoints.id, tasks.touchpointId))
    .where(
      and(
        scope ? sql`(${tasks.touchpointId} is null or ${scope})` : undefined,
        taskListing(today).where(filter),
      ),
    );
  return row?.n ?? 0;
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

/** Several tasks by id, in no particular order. */
export async function findTasks(db: Executor, ids: string[]) {
  if (!ids.length) return [];
  return selectTasks(db).where(inArray(tasks.id, ids));
}

/**
 * Marks up to `limit` open tasks that fell due between `since` and `today` as reminded of
 * their due date, and returns their ids. Rows another worker is reminding are skipped (SKIP
 * LOCKED), so two sweeps never remind twice. Not a change of the record: the version stays.
 */
export async function claimDueTasks(tx: Executor, window: { since: string; today: string }, limit: number) {
  const due = tx
    .select({ id: tasks.id })
    .from(tasks)
    .where(
      and(
        isOpen,
        gte(tasks.dueOn, window.since),
        lte(tasks.dueOn, window.today),
        sql`${tasks.remindedOn} is distinct from ${tasks.dueOn}`,
      ),
    )
    .limit(limit)
    .for('update', { skipLocked: true });
  const rows = await tx
    .update(tasks)
    .set({ remindedOn: sql`${tasks.dueOn}` })
    .where(inArray(tasks.id, due))
    .returning({ id: tasks.id });
  return rows.map((r) => r.id);
}

/** Tasks' one write path; the public form carries the assignee's and the partner's names. */
export const taskStore = recordStore({
  entity: 'task',
  noun: 'task',
  table: tasks,
  // remindedOn is the reminder sweep's (claimDueTasks), never a change a person makes.
  fixed: ['createdById', 'touchpointId', 'partnerId', 'relationshipId', 'remindedOn'],
  defaulted: ['remindedOn'],
  present: async (db, rows) =>
    allOf(
      db,
      rows.map((row) => async () => presentTask((await findTask(db, row.id))!)),
    ),
});

/** Locks these tasks (in id order, so two bulk actions cannot deadlock) and reads their versions. */
export const lockTaskVersions = (tx: Executor, ids: string[]) => lockVersions(tx, tasks, ids);
