import type { Db } from '../../db/client.ts';
import { universityToday } from '../../modules/tasks/reminders.job.ts';
import { refreshAllHealth } from './relationship-health.service.ts';

/**
 * The daily health snapshot: recomputes every relationship's kept scores (time alone moves
 * recency) and records the day's score for each audience, so trends can be drawn. A second run
 * the same day replaces that day's points; earlier days are never rewritten. Returns how many
 * relationships it scored.
 */
export async function snapshotAllHealth(db: Db, now = new Date()) {
  return refreshAllHealth(db, { snapshotDay: await universityToday(db, now) }, now);
}
