import type { BulkTasks } from '../../../../common/src/contracts/bulk.ts';
import type { UpdateTask } from '../../../../common/src/contracts/tasks.ts';
import { forbidden } from '../../errors.ts';
import { type BulkProgress, runBulk } from '../../lib/bulk/run.ts';
import type { Ctx } from '../../lib/context.ts';
import { hasRole } from '../access/actor.ts';
import { touchpointAudience } from '../access/audience.repository.ts';
import { universityToday } from './reminders.job.ts';
import { listTasks, lockTaskVersions } from './tasks.repository.ts';
import { changeTaskIn } from './tasks.service.ts';

const changeOf = (body: BulkTasks): UpdateTask => {
  switch (body.action) {
    case 'reassign':
      return { assigneeId: body.assigneeId };
    case 'complete':
      return { done: true };
    case 'setDue':
      return { dueOn: body.dueOn };
  }
};

/** Re-assign, complete or re-date many tasks at once, each as the single PATCH would. */
export async function changeTasksInBulk(ctx: Ctx, body: BulkTasks, onProgress?: BulkProgress) {
  if (!hasRole(ctx.actor, 'staff')) throw forbidden();
  const change = changeOf(body);
  return runBulk(ctx, {
    noun: 'task',
    lock: lockTaskVersions,
    selection: body,
    matching: async (tx, filter, limit) => {
      const assigneeId = filter.assigneeId === 'me' ? ctx.actor.userId : filter.assigneeId;
      const today = filter.overdue ? await universityToday(tx) : '';
      const page = await listTasks(tx, { ...filter, assigneeId }, touchpointAudience.scope(ctx.actor), {
        limit,
        sort: 'due',
        today,
      });
      return page.items.map((t) => t.id);
    },
    apply: (tx, id, version) => changeTaskIn(tx, ctx, id, version, change),
    onProgress,
  });
}
