import type { CreateTask, ListTasksQuery, UpdateTask } from '../../../../common/src/contracts/tasks.ts';
import type { Executor } from '../../db/client.ts';
import { recordChange } from '../../db/records.ts';
import { forbidden, invalid, notFound, stale } from '../../errors.ts';
import type { Ctx } from '../../lib/context.ts';
import { type Actor, hasRole, isAdministrator } from '../access/actor.ts';
import { historyOf } from '../audit/audit.service.ts';
import { touchpointScope } from '../touchpoints/touchpoints.policy.ts';
import { getTouchpoint } from '../touchpoints/touchpoints.service.ts';
import {
  deleteTask,
  findTask,
  insertTask,
  listTasks,
  type TaskFilter,
  type TaskRow,
  updateTask,
} from './tasks.repository.ts';

const ENTITY = 'task';

export const presentTask = (row: TaskRow) => ({
  ...row,
  done: row.doneAt !== null,
  doneAt: row.doneAt?.toISOString() ?? null,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});

/** The assignee, the person who set the task, and administrators may change it. */
const canChange = (actor: Actor, t: TaskRow) =>
  isAdministrator(actor) ||
  (hasRole(actor, 'staff') && (t.assigneeId === actor.userId || t.createdById === actor.userId));

async function loadVisible(ctx: Ctx, db: Executor, id: string) {
  const task = await findTask(db, id);
  if (!task) throw notFound('Task');
  if (task.touchpointId)
    await getTouchpoint(ctx, task.touchpointId, db).catch(() => Promise.reject(notFound('Task')));
  return task;
}

export async function listTasksFor(ctx: Ctx, query: ListTasksQuery) {
  const { limit, cursor, ...filter } = query;
  return tasksPage(ctx, filter, { limit, cursor });
}

/** A visible page of tasks (home and the partner overview use it too). */
export async function tasksPage(ctx: Ctx, filter: TaskFilter, page: { limit: number; cursor?: string }) {
  const result = await listTasks(ctx.db, filter, touchpointScope(ctx.actor), page);
  return { items: result.items.map(presentTask), nextCursor: result.nextCursor };
}

export async function getTask(ctx: Ctx, id: string) {
  return presentTask(await loadVisible(ctx, ctx.db, id));
}

export async function createTask(ctx: Ctx, input: CreateTask) {
  if (!hasRole(ctx.actor, 'staff')) throw forbidden();
  if (input.touchpointId) {
    await getTouchpoint(ctx, input.touchpointId).catch(() =>
      Promise.reject(invalid('touchpointId', 'does not name a touch point you can see')),
    );
  }
  return ctx.db.transaction(async (tx) => {
    const row = await insertTask(tx, {
      ...input,
      assigneeId: input.assigneeId ?? ctx.actor.userId,
      createdById: ctx.actor.userId,
    });
    const after = presentTask((await findTask(tx, row.id))!);
    await recordChange(tx, ctx, { entity: ENTITY, entityId: row.id, action: 'created', after });
    return after;
  });
}

export async function changeTask(ctx: Ctx, id: string, version: number, input: UpdateTask) {
  return ctx.db.transaction(async (tx) => {
    const row = await loadVisible(ctx, tx, id);
    if (!canChange(ctx.actor, row))
      throw forbidden('Only the assignee, whoever set the task, or an administrator can change it');
    const { done, ...fields } = input;
    const doneAt = done === undefined ? undefined : done ? (row.doneAt ?? new Date()) : null;
    if (!(await updateTask(tx, id, version, { ...fields, doneAt }))) throw stale('task');
    const after = presentTask((await findTask(tx, id))!);
    await recordChange(tx, ctx, {
      entity: ENTITY,
      entityId: id,
      action: 'updated',
      before: presentTask(row),
      after,
    });
    return after;
  });
}

export async function removeTask(ctx: Ctx, id: string, version: number) {
  await ctx.db.transaction(async (tx) => {
    const row = await loadVisible(ctx, tx, id);
    if (!canChange(ctx.actor, row))
      throw forbidden('Only the assignee, whoever set the task, or an administrator can delete it');
    if (row.version !== version) throw stale('task');
    await deleteTask(tx, id);
    await recordChange(tx, ctx, {
      entity: ENTITY,
      entityId: id,
      action: 'deleted',
      before: presentTask(row),
    });
  });
}

export async function taskHistory(ctx: Ctx, id: string, query: { limit: number; cursor?: string }) {
  await loadVisible(ctx, ctx.db, id);
  return historyOf(ctx, ENTITY, id, query);
}
