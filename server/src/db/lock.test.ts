import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DataDirLockedError, lockDataDir } from './lock.ts';

const lockModule = path.resolve(import.meta.dirname, 'lock.ts');
const dir = mkdtempSync(path.join(os.tmpdir(), 'rapport-lock-'));
const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

/** Another process that takes the lock on `dataDir` and holds it until killed. */
function holdLock(dataDir: string): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      '--input-type=module',
      '-e',
      `import { lockDataDir } from ${JSON.stringify(lockModule)};
       await lockDataDir(${JSON.stringify(dataDir)});
       process.stdout.write('locked\\n');
       setInterval(() => {}, 60_000);`,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  children.push(child);
  return new Promise((resolve, reject) => {
    let err = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      err += chunk.toString();
    });
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('locked')) resolve(child);
    });
    child.on('exit', (code) => reject(new Error(`the lock holder exited (${code}): ${err}`)));
  });
}

describe('the PGlite data folder lock', () => {
  it('refuses while its holder lives, and is taken over at once after the holder is killed with SIGKILL', async () => {
    const dataDir = path.join(dir, 'data');
    mkdirSync(dataDir);
    const holder = await holdLock(dataDir);
    expect(readFileSync(path.join(dataDir, '.rapport.lock', 'owner'), 'utf8')).toContain(
      `"pid":${holder.pid}`,
    );
    await expect(lockDataDir(dataDir)).rejects.toThrow(DataDirLockedError);
    await expect(lockDataDir(dataDir)).rejects.toThrow(/in use by another Rapport process \(process \d+/);

    const exited = new Promise((resolve) => holder.on('exit', resolve));
    holder.kill('SIGKILL');
    await exited;
    const started = Date.now();
    const release = await lockDataDir(dataDir);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(readFileSync(path.join(dataDir, '.rapport.lock', 'owner'), 'utf8')).toContain(
      `"pid":${process.pid}`,
    );
    await release();
  }, 60_000);

  it('is taken over when its holder was killed long ago and the lock has gone stale', async () => {
    const dataDir = path.join(dir, 'stale');
    mkdirSync(dataDir);
    const holder = await holdLock(dataDir);
    const exited = new Promise((resolve) => holder.on('exit', resolve));
    holder.kill('SIGKILL');
    await exited;
    // As a restart a minute after the crash finds it: not refreshed for longer than 15 s.
    const aMinuteAgo = new Date(Date.now() - 60_000);
    utimesSync(path.join(dataDir, '.rapport.lock'), aMinuteAgo, aMinuteAgo);
    const release = await lockDataDir(dataDir);
    expect(readFileSync(path.join(dataDir, '.rapport.lock', 'owner'), 'utf8')).toContain(
      `"pid":${process.pid}`,
    );
    await release();
  }, 60_000);
});
