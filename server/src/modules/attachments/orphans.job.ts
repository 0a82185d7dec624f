import type { Executor } from '../../db/client.ts';
import { keysInUse } from './attachments.repository.ts';
import type { Storage } from './storage.ts';

/** Files younger than this are left alone: an upload writes its bytes before its row commits. */
export const ORPHAN_GRACE_HOURS = 24;
const BATCH = 500;

/**
 * Removes stored files no attachment names any more: those a crash left between a refused or
 * failed upload and its clean-up, or a removal whose file could not be deleted at the time.
 * Deleted records' files go by the attachment-files subscriber; this catches what slipped.
 */
export async function sweepOrphanFiles(db: Executor, storage: Storage, now = new Date()): Promise<number> {
  const cutoff = now.getTime() - ORPHAN_GRACE_HOURS * 3600_000;
  let removed = 0;
  let batch: string[] = [];
  const flush = async () => {
    const used = await keysInUse(db, batch);
    for (const key of batch) {
      if (used.has(key)) continue;
      await storage.delete(key);
      removed++;
    }
    batch = [];
  };
  for await (const file of storage.list()) {
    if (file.writtenAt.getTime() > cutoff) continue;
    batch.push(file.key);
    if (batch.length >= BATCH) await flush();
  }
  await flush();
  return removed;
}
