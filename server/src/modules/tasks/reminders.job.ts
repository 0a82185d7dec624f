import { DateTime } from 'luxon';
import type { Db, Executor } from '../../db/client.ts';
import { recordChanges, type Writer } from '../../db/records.ts';
import { loadWorkingWeek } from '../service-levels/calendar.ts';
import { claimDueTasks, findTasks, presentTask } from './tasks.repository.ts';

/** Rapport itself, as the writer of what the sweep records. */
const sweep: Writer = { actor: { userId: null, tokenId: null }, requestId: null };

/** A task that fell due while reminders were not running (a stopped worker) is still reminded within this. */
const CATCH_UP_DAYS = 7;
const BATCH = 100;

/** The university's date now (its working week's time zone). */
export async function universityToday(db: Executor, now = new Date()) {
  const { timeZone } = await loadWorkingWeek(db);
  return DateTime.fromJSDate(now, { zone: timeZone }).toISODate()!;
}

/**
 * The reminder sweep: each open task whose due date has come is recorded as fallen due (the
 * `task.due` event), once per due date; the notices subscriber then tells its assignee, if they
 * may still read it. Idempotent, and safe on several workers at once. Returns how many fell due.
 */
export async function remindDueTasks(db: Db, now = new Date()): Promise<number> {
  const today = await universityToday(db, now);
  const since = DateTime.fromISO(today).minus({ days: CATCH_UP_DAYS }).toISODate()!;
  let total = 0;
  for (;;) {
    const count = await db.transaction(async (tx) => {
      const ids = await claimDueTasks(tx, { since, today }, BATCH);
      const rows = (await findTasks(tx, ids)).map(presentTask);
      await recordChanges(
        tx,
        sweep,
        rows.map((task) => ({
          entity: 'task',
          entityId: task.id,
          action: 'due',
          before: task,
          after: task,
          detail: { dueOn: task.dueOn },
        })),
      );
      return ids.length;
    });
    total += count;
    if (count < BATCH) return total;
  }
}
