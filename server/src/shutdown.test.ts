import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const bin = path.resolve(import.meta.dirname, '../../bin/rapport.mjs');
const dir = mkdtempSync(path.join(os.tmpdir(), 'rapport-shutdown-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Everything the child has written to stdout so far, and a way to wait until a pattern shows in it. */
function watchOutput(child: ChildProcess) {
  let text = '';
  const waiters: { pattern: RegExp; resolve: (m: RegExpExecArray) => void }[] = [];
  child.stdout?.on('data', (chunk: Buffer) => {
    text += chunk.toString();
    for (const w of [...waiters]) {
      const match = w.pattern.exec(text);
      if (match) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(match);
      }
    }
  });
  return {
    text: () => text,
    waitFor: (pattern: RegExp, ms = 60_000) =>
      new Promise<RegExpExecArray>((resolve, reject) => {
        const match = pattern.exec(text);
        if (match) return resolve(match);
        const timer = setTimeout(() => reject(new Error(`no ${pattern} within ${ms} ms in: ${text}`)), ms);
        waiters.push({
          pattern,
          resolve: (m) => {
            clearTimeout(timer);
            resolve(m);
          },
        });
      }),
  };
}

/**
 * Sends a request's headers and the first part of its body, holding the rest back. The two
 * requests go to different routes, so the log (which writes paths, never query strings) tells
 * them apart.
 */
function startRequest(url: string, route: string, marker: string) {
  const { hostname, port } = new URL(url);
  const socket = net.connect(Number(port), hostname);
  const body = JSON.stringify({ email: `${marker}@northmoor.ac.uk`, password: 'not the right password' });
  let answer = '';
  socket.on('data', (chunk) => {
    answer += chunk.toString();
  });
  const ended = new Promise<void>((resolve) => socket.on('close', () => resolve()));
  socket.on('error', () => {});
  socket.write(
    `POST ${route} HTTP/1.1\r\nHost: ${hostname}\r\nContent-Type: application/json\r\n` +
      `Content-Length: ${body.length}\r\nConnection: close\r\n\r\n${body.slice(0, 10)}`,
  );
  return { finish: () => socket.write(body.slice(10)), answer: () => answer, ended, socket };
}

describe('graceful shutdown', () => {
  it('on SIGTERM finishes an in-flight request, but exits after the deadline when another never ends', async () => {
    const env = {
      PATH: process.env.PATH ?? '',
      RAPPORT_DATA_DIR: path.join(dir, 'data'),
      RAPPORT_DEMO: '0',
      // Debug: the server then logs each request as it arrives (at info, only once answered).
      LOG_LEVEL: 'debug',
      PORT: '0',
      RAPPORT_SHUTDOWN_TIMEOUT_SECONDS: '2',
    };
    const server = spawn(process.execPath, [bin, 'serve'], { env });
    const output = watchOutput(server);
    const exited = new Promise<number | null>((resolve) => server.on('exit', (code) => resolve(code)));
    try {
      const url = (await output.waitFor(/running at (http:\/\/\S+)/))[1]!;
      const finishing = startRequest(url, '/api/v1/auth/login', 'finishing');
      const stuck = startRequest(url, '/api/v1/auth/forgot', 'stuck');
      // Logged once its headers are in, before the body is read.
      await output.waitFor(/incoming request.*\/auth\/login|\/auth\/login.*incoming request/);
      await output.waitFor(/incoming request.*\/auth\/forgot|\/auth\/forgot.*incoming request/);

      const signalled = Date.now();
      server.kill('SIGTERM');
      await output.waitFor(/shutting down: finishing in-flight requests \(at most 2 s\)/);
      finishing.finish();
      await finishing.ended;
      expect(finishing.answer()).toMatch(/^HTTP\/1\.1 401 /);

      expect(await exited).toBe(1);
      expect(Date.now() - signalled).toBeGreaterThanOrEqual(1_900);
      expect(output.text()).toContain('in-flight requests did not finish within 2 s: exiting anyway');
      stuck.socket.destroy();
    } finally {
      server.kill('SIGKILL');
    }
  }, 120_000);
});
