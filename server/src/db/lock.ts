import { readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import lockfile from 'proper-lockfile';

export class DataDirLockedError extends Error {
  override name = 'DataDirLockedError';
}

type Owner = { pid: number; host: string };

const lockPath = (dataDir: string) => `${dataDir}/.rapport.lock`;
const ownerFile = (dataDir: string) => `${lockPath(dataDir)}/owner`;

function readOwner(dataDir: string): Owner | null {
  try {
    const owner = JSON.parse(readFileSync(ownerFile(dataDir), 'utf8')) as Partial<Owner>;
    return typeof owner.pid === 'number' && typeof owner.host === 'string' ? (owner as Owner) : null;
  } catch {
    return null;
  }
}

/** Whether the process that wrote the lock is gone: only knowable for a process on this host. */
function isGone(owner: Owner): boolean {
  if (owner.host !== hostname()) return false;
  try {
    process.kill(owner.pid, 0);
    return false;
  } catch (error) {
    return (error as { code?: string }).code === 'ESRCH';
  }
}

const take = (dataDir: string) =>
  lockfile.lock(dataDir, { lockfilePath: lockPath(dataDir), stale: 15_000, update: 5_000 });

/**
 * PGlite does not lock its data folder; two processes on one folder corrupt it.
 * We take a lock beside the data and refuse a second server with a clear message. The lock
 * records the holder's PID and host, so a lock left by a process killed with SIGKILL is taken
 * over at once instead of waiting for it to go stale (15 s without a refresh); a stale lock is
 * taken over whoever wrote it.
 */
export async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  let release: () => Promise<void>;
  try {
    release = await take(dataDir);
  } catch (error) {
    const code = (error as { code?: string }).code;
    // ENOTEMPTY: proper-lockfile found the lock stale (no refresh for 15 s: its holder died a
    // while ago) and could not remove it, because the owner file is in it. Stale means ours to take.
    if (code !== 'ELOCKED' && code !== 'ENOTEMPTY') throw error;
    const owner = readOwner(dataDir);
    if (code === 'ELOCKED' && (!owner || !isGone(owner))) {
      const who = owner ? ` (process ${owner.pid} on ${owner.host})` : '';
      throw new DataDirLockedError(
        `The data folder ${dataDir} is in use by another Rapport process${who}. Stop it first, or set RAPPORT_DATA_DIR to another folder.`,
      );
    }
    // Moved aside in one step, so two starting processes cannot both remove and take it.
    const aside = `${lockPath(dataDir)}.stale-${process.pid}`;
    renameSync(lockPath(dataDir), aside);
    rmSync(aside, { recursive: true, force: true });
    release = await take(dataDir);
  }
  // Inside the lock folder, so it always describes the lock it sits in (a fresh lock without it
  // yet reads as held, never as abandoned).
  // proper-lockfile checks the folder's mtime is still the one it set (else it calls the lock
  // compromised), and writing a file in it changes that: put it back.
  const { mtime } = statSync(lockPath(dataDir));
  writeFileSync(ownerFile(dataDir), JSON.stringify({ pid: process.pid, host: hostname() } satisfies Owner));
  utimesSync(lockPath(dataDir), mtime, mtime);
  return async () => {
    rmSync(ownerFile(dataDir), { force: true });
    await release();
  };
}
