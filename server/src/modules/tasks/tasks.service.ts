import type { CreateTask, UpdateTask } from '../../../../common/src/contracts/tasks.ts';
import type { ListTasksQuery } from '../../../../common/src/lists/tasks.ts';
import type { Executor } from '../../db/client.ts';
import { forbidden, invalid, notFound } from '../../errors.ts';
import type { Ctx } from '../../lib/context.ts';
import { type Actor, hasRole, isAdministrator } from '../access/actor.ts';
import { touchpointAudience } from '../access/audience.repository.ts';
import { historyOf } from '../audit/audit.service.ts';
import { universityToday } from './reminders.job.ts';
import {
  countTasks,
  findTask,
  listTasks,
  presentTask,
  type TaskFilter,
  type TaskRow,
  taskStore,
} from './tasks.repository.ts';

const ENTITY = taskStore.entity;

export { presentTask };

type PresentedTask = ReturnType<typeof presentTask>;

/** A task as the caller gets it: with what they may do with it (never audited: it is theirs alone). */
export function withAbilities(ctx: Ctx, t: PresentedTask) {
  const mayChange = !ctx.actor.readOnly && canChange(ctx.actor, t);
  return { ...t, can: { update: mayChange, delete: mayChange } };
}

/** The assignee, the person who set the task, and administrators may change it. */
const canChange = (actor: Actor, t: Pick<TaskRow, 'assigneeId' | 'createdById'>) =>
  isAdministrator(actor) ||
  (hasRole(actor, 'staff') && (t.assigneeId === actor.userId || t.createdById === actor.userId));

/** A task on a touch point is as visible as the touch point; hidden and missing look the same. */
async function loadVisible(ctx: Ctx, db: Executor, id: string) {
  const task = await findTask(db, id);
  if (!task) throw notFound('Task');
  if (task.touchpointId && !(await touchpointAudience.readableBy(db, ctx.actor, task.touchpointId)))
    throw notFound('Task');
  return task;
}

/**
 * The assignee must be able to read the task's touch point, or they would be given a task
 * they cannot open: a confidential touch point's follow-up goes to one of its readers.
 */
async function checkAssignee(tx: Executor, touchpointId: string | null, assigneeId: string, field: string) {
  if (!touchpointId) return;
  const readers = await touchpointAudience.whoCanRead(tx, touchpointId, [assigneeId]);
  if (!readers.includes(assigneeId))
    throw invalid(field, 'cannot see this touch point: make them one of its readers first');
}

/**
 * Sets a follow-up for a touch point just logged, in the caller's transaction (touch points
 * call it; the caller has checked the touch point and the assignee exist).
 */
export async function createFollowUp(
  tx: Executor,
  ctx: Ctx,
  touchpoint: { id: string; partnerId: string; relationshipId: string | null },
  followUp: { title: string; assigneeId?: string; dueOn: string | null },
) {
  const links = {
    touchpointId: touchpoint.id,
    partnerId: touchpoint.partnerId,
    relationshipId: touchpoint.relationshipId,
  };
  return insertTask(tx, ctx, { ...followUp, ...links }, 'followUp.assigneeId');
}

/**
 * Turns an improvement action of a maturity assessment into a task for the assessor, on the
 * relationship, in the caller's transaction (assessments call it; the caller checked the relationship).
 */
export async function createImprovementTask(
  tx: Executor,
  ctx: Ctx,
  task: { title: string; partnerId: string; relationshipId: string; dueOn: string | null },
) {
  return insertTask(tx, ctx, { ...task, touchpointId: null }, 'items');
}

/**
 * Sets a task on a partner (and its relationship) in the caller's transaction: a review's agreed
 * action, a dispute's improvement. The caller has checked the assignee is an active member of staff.
 */
export async function createRelationshipTask(
  tx: Executor,
  ctx: Ctx,
  task: {
    title: string;
    assigneeId: string;
    dueOn: string;
    partnerId: string;
    relationshipId: string | null;
  },
) {
  return insertTask(tx, ctx, { ...task, touchpointId: null }, 'ownerUserId');
}

/**
 * Sets a task for a member of staff for an action agreed at a working group's meeting, in the
 * caller's transaction (activities call it; the caller checked the assignee is an active member).
 */
export async function createMeetingActionTask(
  tx: Executor,
  ctx: Ctx,
  task: { title: string; assigneeId: string; dueOn: string | null },
) {
  return insertTask(
    tx,
    ctx,
    { ...task, touchpointId: null, partnerId: null, relationshipId: null },
    'memberId',
  );
}

/**
 * Ticks a task off (or opens it again) in the caller's transaction, for a record that owns the
 * task and has checked the caller may do so (a working group's organisers tick off its actions).
 * Unchanged when it is already in that state.
 */
export async function setTaskDoneWithin(tx: Executor, ctx: Ctx, id: string, done: boolean) {
  const row = await findTask(tx, id);
  if (!row || (row.doneAt !== null) === done) return;
  await taskStore.update(
    tx,
    ctx,
    id,
    row.version,
    { title: undefined, assigneeId: undefined, dueOn: undefined, doneAt: done ? new Date() : null },
    { before: presentTask(row) },
  );
}

/** Creates a task whose assignee (me by default) can read its touch point. */
async function insertTask(
  tx: Executor,
  ctx: Ctx,
  task: Omit<CreateTask, 'assigneeId'> & { assigneeId?: string },
  assigneeField: string,
) {
  const assigneeId = task.assigneeId ?? ctx.actor.userId;
  await checkAssignee(tx, task.touchpointId, assigneeId, assigneeField);
  return taskStore.create(tx, ctx, {
    title: task.title,
    assigneeId,
    createdById: ctx.actor.userId,
    dueOn: task.dueOn,
    doneAt: null,
    touchpointId: task.touchpointId,
    partnerId: task.partnerId,
    relationshipId: task.relationshipId,
  });
}

export async function listTasksFor(ctx: Ctx, query: ListTasksQuery) {
  const { limit, cursor, sort, ...filter } = query;
  const assigneeId = filter.assigneeId === 'me' ? ctx.actor.userId : filter.assigneeId;
  return tasksPage(ctx, { ...filter, assigneeId }, { limit, cursor, sort });
}

/** How many visible tasks the list's filters match, as the list would count them. */
export async function countTasksFor(ctx: Ctx, query: ListTasksQuery) {
  const { limit: _l, cursor: _c, sort: _s, ...filter } = query;
  const assigneeId = filter.assigneeId === 'me' ? ctx.actor.userId : filter.assigneeId;
  const today = filter.overdue ? await universityToday(ctx.db) : '';
  return {
    total: await countTasks(ctx.db, { ...filter, assigneeId }, touchpointAudience.scope(ctx.actor), today),
  };
}

/** A visible page of tasks, soonest due first unless asked otherwise (home and the partner overview use it too). */
export async function tasksPage(
  ctx: Ctx,
  filter: TaskFilter,
  page: { limit: number; cursor?: string; sort?: string },
) {
  // Only "overdue" needs the university's date, and finding it costs a query.
  const today = filter.overdue ? await universityToday(ctx.db) : '';
  const result = await listTasks(ctx.db, filter, touchpointAudience.scope(ctx.actor), {
    ...page,
    sort: page.sort ?? 'due',
    today,
  });
  return {
    items: result.items.map((row) => withAbilities(ctx, presentTask(row))),
    nextCursor: result.nextCursor,
  };
}

export async function getTask(ctx: Ctx, id: string) {
  return withAbilities(ctx, presentTask(await loadVisible(ctx, ctx.db, id)));
}

export async function createTask(ctx: Ctx, input: CreateTask) {
  if (!hasRole(ctx.actor, 'staff')) throw forbidden();
  return ctx.db.transaction(async (tx) => {
    if (input.touchpointId && !(await touchpointAudience.readableBy(tx, ctx.actor, input.touchpointId)))
      throw invalid('touchpointId', 'does not name a touch point you can see');
    return withAbilities(ctx, await insertTask(tx, ctx, input, 'assigneeId'));
  });
}

export async function changeTask(ctx: Ctx, id: string, version: number, input: UpdateTask) {
  return ctx.db.transaction((tx) => changeTaskIn(tx, ctx, id, version, input));
}

/** Changes a task in the caller's transaction: the single PATCH and bulk actions share it. */
export async function changeTaskIn(tx: Executor, ctx: Ctx, id: string, version: number, input: UpdateTask) {
  const row = await loadVisible(ctx, tx, id);
  if (!canChange(ctx.actor, row))
    throw forbidden('Only the assignee, whoever set the task, or an administrator can change it');
  if (input.assigneeId) await checkAssignee(tx, row.touchpointId, input.assigneeId, 'assigneeId');
  const doneAt = input.done === undefined ? undefined : input.done ? (row.doneAt ?? new Date()) : null;
  const changes = { title: input.title, assigneeId: input.assigneeId, dueOn: input.dueOn, doneAt };
  return withAbilities(
    ctx,
    await taskStore.update(tx, ctx, id, version, changes, { before: presentTask(row) }),
  );
}

export async function removeTask(ctx: Ctx, id: string, version: number) {
  await ctx.db.transaction(async (tx) => {
    const row = await loadVisible(ctx, tx, id);
    if (!canChange(ctx.actor, row))
      throw forbidden('Only the assignee, whoever set the task, or an administrator can delete it');
    await taskStore.remove(tx, ctx, id, version, { before: presentTask(row) });
  });
}

export async function taskHistory(ctx: Ctx, id: string, query: { limit: number; cursor?: string }) {
  await loadVisible(ctx, ctx.db, id);
  return historyOf(ctx, ENTITY, id, query);
}

/** For the partner overview's one statement. */
export type { TaskRow } from './tasks.repository.ts';
