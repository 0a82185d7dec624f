import type { Executor } from '../../db/client.ts';
import { countReadsAcrossUnits, type ReadCount } from './audit.repository.ts';

/** How long reads wait in memory before they are counted in the database. */
export const READ_COUNT_DELAY_MS = 5000;

/** Reads not counted yet, per database: reader unit, owner unit and month → reads. */
const pending = new WeakMap<Executor, Map<string, ReadCount>>();
const timers = new WeakMap<Executor, NodeJS.Timeout>();

/**
 * Tallies reads of other units' records in memory: a statistic (the institution's stage), so it
 * is never written on the reading request's path, where one counter row per pair of units would
 * make every timeline read of a unit wait on the others'. The tally is written at most
 * READ_COUNT_DELAY_MS later, when the figures are read, and when the app closes; a crashed
 * instance loses at most those seconds of reads.
 */
export function tallyReads(
  db: Executor,
  readerUnitId: string,
  owners: ReadonlyMap<string, number>,
  at: Date,
) {
  if (owners.size === 0) return;
  const month = `${at.toISOString().slice(0, 7)}-01`;
  const counts = pending.get(db) ?? new Map<string, ReadCount>();
  pending.set(db, counts);
  for (const [ownerUnitId, reads] of owners) {
    const key = `${readerUnitId}|${ownerUnitId}|${month}`;
    const count = counts.get(key);
    if (count) count.reads += reads;
    else counts.set(key, { readerUnitId, ownerUnitId, month, reads });
  }
  if (!timers.has(db)) {
    const timer = setTimeout(() => {
      timers.delete(db);
      void flushReads(db);
    }, READ_COUNT_DELAY_MS);
    timer.unref();
    timers.set(db, timer);
  }
}

/**
 * Writes the reads tallied so far, in one statement. Never throws: a statistic must not fail the
 * request or the shutdown that asked for it. If the write fails (the database closed, a unit
 * deleted meanwhile) that tally is dropped rather than kept, so one bad row cannot block every
 * later count; the answer says whether it was written.
 */
export async function flushReads(db: Executor): Promise<boolean> {
  clearTimeout(timers.get(db));
  timers.delete(db);
  const counts = pending.get(db);
  if (!counts?.size) return true;
  pending.delete(db);
  try {
    await countReadsAcrossUnits(db, [...counts.values()]);
    return true;
  } catch {
    return false;
  }
}
