import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../config.ts';
import { createTestApp, type TestApp } from '../test/app.ts';
import { buildUnit } from '../test/factories/index.ts';
import { CliError, createUserCommand } from './create-user.ts';

const bin = path.resolve(import.meta.dirname, '../../../bin/rapport.mjs');
let t: TestApp;
let dir: string;

beforeAll(async () => {
  t = await createTestApp();
  dir = mkdtempSync(path.join(os.tmpdir(), 'rapport-cli-'));
});
afterAll(async () => {
  await t.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Runs the real `rapport` command in a child process with its own environment. */
function run(args: string[], env: Record<string, string>) {
  return spawnSync(process.execPath, [bin, ...args], {
    env: { PATH: process.env.PATH ?? '', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
}

function waitForOutput(child: ChildProcess, pattern: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${pattern}: ${text}`)), 60_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const match = pattern.exec(text);
      if (match) {
        clearTimeout(timer);
        resolve(match[1] ?? text);
      }
    });
  });
}

describe('configuration', () => {
  it('names the bad variable', () => {
    expect(() => loadConfig({ PORT: 'abc' })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: 'abc' })).toThrow(/PORT/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL/);
    expect(() => loadConfig({ RAPPORT_ADMIN_EMAIL: 'a@b.ac.uk' })).toThrow(/RAPPORT_ADMIN_PASSWORD/);
    expect(loadConfig({}).port).toBe(3000);
  });
});

describe('rapport create-user', () => {
  it('creates a user who can sign in', async () => {
    const unit = await buildUnit(t.db, { name: 'Library Services', code: 'LIB-T' });
    const user = await createUserCommand(t.db, {
      email: 'Librarian@Northmoor.ac.uk',
      password: 'a sufficiently long one',
      role: 'staff',
      unit: 'LIB-T',
    });
    expect(user.email).toBe('librarian@northmoor.ac.uk');
    const login = await t.call(null, 'POST', '/api/v1/auth/login', {
      email: user.email,
      password: 'a sufficiently long one',
    });
    expect(login.json().user.unitId).toBe(unit.id);
  });

  it('refuses a bad role, unit, password or a duplicate with a clear message', async () => {
    const base = { email: 'x@northmoor.ac.uk', password: 'long enough password' };
    await expect(createUserCommand(t.db, { ...base, role: 'wizard' })).rejects.toThrow(
      /--role must be one of/,
    );
    await expect(createUserCommand(t.db, { ...base, role: 'staff', unit: 'Nowhere' })).rejects.toThrow(
      CliError,
    );
    await expect(createUserCommand(t.db, { ...base, role: 'staff', password: 'short' })).rejects.toThrow(
      /--password/,
    );
    await expect(
      createUserCommand(t.db, { ...base, role: 'staff', password: 'password12345' }),
    ).rejects.toThrow(/--password: is too easy to guess/);
    await createUserCommand(t.db, { ...base, role: 'staff' });
    await expect(createUserCommand(t.db, { ...base, role: 'staff' })).rejects.toThrow(/already exists/);
  });
});

describe('the rapport command', () => {
  it('migrates a fresh PGlite folder, serves, refuses a second server on the same folder, and stops on SIGTERM', async () => {
    const dataDir = path.join(dir, 'data');
    const env = { RAPPORT_DATA_DIR: dataDir, RAPPORT_DEMO: '0', LOG_LEVEL: 'warn', PORT: '0' };
    const migrated = run(['migrate'], env);
    expect(migrated.status, migrated.stderr).toBe(0);
    expect(migrated.stdout).toContain('Migrated embedded PGlite');

    const server = spawn(process.execPath, [bin, 'serve'], { env: { PATH: process.env.PATH ?? '', ...env } });
    try {
      const url = await waitForOutput(server, /running at (http:\/\/\S+)/);
      const health = await fetch(`${url}/api/v1/health`);
      expect(health.status).toBe(200);

      const second = run(['migrate'], env);
      expect(second.status).toBe(1);
      expect(second.stderr).toContain(`The data folder ${dataDir} is in use by another Rapport process`);

      const exited = new Promise<number | null>((resolve) => server.on('exit', (code) => resolve(code)));
      server.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      server.kill('SIGKILL');
    }
  }, 120_000);

  it('starts compiled: "Starting Rapport…" at once, then the URL and sign-in help last, then one line per request', async () => {
    const root = path.resolve(import.meta.dirname, '../../..');
    const built = spawnSync(process.execPath, ['scripts/build-server.mjs', '--if-stale'], {
      cwd: root,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(built.status, built.stderr).toBe(0);
    const env = {
      RAPPORT_DATA_DIR: path.join(dir, 'compiled'),
      RAPPORT_DEMO: '0',
      RAPPORT_ADMIN_EMAIL: 'registrar@northmoor.ac.uk',
      RAPPORT_ADMIN_PASSWORD: 'a long and unusual passphrase',
      RAPPORT_RUN: 'compiled',
      LOG_FORMAT: 'json',
      PORT: '0',
    };
    // An existing database: the case that must be quick.
    expect(run(['migrate'], env).status).toBe(0);
    const began = Date.now();
    const server = spawn(process.execPath, [bin, 'serve'], { env: { PATH: process.env.PATH ?? '', ...env } });
    try {
      let all = '';
      server.stdout.on('data', (chunk: Buffer) => {
        all += chunk.toString();
      });
      const url = await waitForOutput(server, /running at (http:\/\/\S+)/);
      expect(all.startsWith('Starting Rapport…\n')).toBe(true);
      const health = await fetch(`${url}/api/v1/health`);
      expect(health.status).toBe(200);
      const deadline = Date.now() + 10_000;
      while (!all.includes('"/api/v1/health"') && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      // Start-up's log lines come before the banner; after it, only the request's line.
      const [startup, after] = all.split('Rapport is running at') as [string, string];
      expect(startup).toContain('created the bootstrap administrator');
      const logLines = after.split('\n').filter((line) => line.startsWith('{'));
      expect(logLines.map((line) => JSON.parse(line).msg)).toEqual([
        expect.stringMatching(/^GET \/api\/v1\/health 200 /),
      ]);
      expect(after.indexOf('Sign in as registrar@northmoor.ac.uk')).toBeLessThan(after.indexOf(logLines[0]!));
      expect(JSON.parse(logLines[0]!)).toMatchObject({
        level: 30,
        method: 'GET',
        path: '/api/v1/health',
        statusCode: 200,
        reqId: health.headers.get('x-request-id'),
      });
      console.log(`compiled start to banner on an existing database: ${Date.now() - began} ms`);
      const exited = new Promise<number | null>((resolve) => server.on('exit', (code) => resolve(code)));
      server.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      server.kill('SIGKILL');
    }
  }, 120_000);

  it('says which setting is wrong instead of crashing', () => {
    const result = run(['migrate'], { PORT: 'seventy' });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/Invalid configuration:\n\s+PORT/);
  });
});
