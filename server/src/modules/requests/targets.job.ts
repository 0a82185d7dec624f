import { targetInWords } from '../../../../common/src/wording.ts';
import type { Db } from '../../db/client.ts';
import { type Notice, notify } from '../notifications/notifications.service.ts';
import { targetSettings } from '../service-levels/calendar.ts';
import { requestsWithTargetsBefore } from './requests.repository.ts';
import { targetsOf } from './targets.ts';

/** Only targets due within this window can be approaching (the longest default target is 6 weeks). */
const LOOKAHEAD_MS = 28 * 86_400_000;

/**
 * The breach check: tells each open request's owner (or, without one, whoever raised it) when a
 * target is approaching or breached. Each warning is sent once per due date (a dedupe key), so
 * the check can run as often as wanted, and on several workers at once.
 * Returns how many notifications it created.
 */
export async function checkTargets(db: Db, now = new Date()): Promise<number> {
  const horizon = new Date(now.getTime() + LOOKAHEAD_MS);
  const candidates = await requestsWithTargetsBefore(db, horizon);
  if (!candidates.length) return 0;
  const { calendar, rules, levels } = await targetSettings(db);
  const notes: Notice[] = [];
  for (const r of candidates) {
    const level = levels.find((l) => l.kind === r.kind && l.priority === r.priority);
    if (!level) continue;
    const targets = targetsOf(calendar, r, level, rules.approachingFraction, now);
    const userId = r.ownerId ?? r.createdById;
    for (const [which, target, label] of [
      ['response', targets.firstResponse, 'first response'],
      ['resolve', targets.resolution, 'resolution'],
    ] as const) {
      if (!target.dueAt || target.metAt || target.paused) continue;
      const state = target.breached ? 'breached' : target.approaching ? 'approaching' : null;
      if (!state) continue;
      notes.push({
        userId,
        kind: state === 'breached' ? 'target_breached' : 'target_approaching',
        title:
          state === 'breached'
            ? `Request #${r.reference} has missed its ${label} target: ${r.title}`
            : `Request #${r.reference} is close to its ${label} target: ${r.title}`,
        // "First response due Tue 27 Oct, 17:00 — 24 working hours overdue", in the calendar's zone.
        body: `${targetInWords(`${label[0]!.toUpperCase()}${label.slice(1)}`, { dueAt: target.dueAt, workingHoursLeft: target.workingHoursLeft }, calendar.timeZone, now)}.`,
        link: `/requests/${r.id}`,
        dedupeKey: `${state}:${which}:${r.id}:${target.dueAt}`,
        about: { entity: 'request', id: r.id },
      });
    }
  }
  return notify(db, null, notes);
}
