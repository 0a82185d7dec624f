import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';

const bin = path.resolve(import.meta.dirname, '../../bin/rapport.mjs');

export type Target = { driver: 'pglite'; dataDir: string } | { driver: 'postgres'; url: string };

export const ADMIN = { email: 'crash-admin@northmoor.ac.uk', password: 'Wrekin-Sandstone-Kettle-42' };

export type Server = { child: ChildProcess; url: string; pid: number; exited: Promise<number | null> };

/** Starts `rapport serve` as a child process and resolves once it prints its address. */
export async function startServer(target: Target, port: number, env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [bin, 'serve'], {
    env: {
      PATH: process.env.PATH ?? '',
      PORT: String(port),
      RAPPORT_DEMO: '0',
      LOG_LEVEL: 'error',
      RAPPORT_ADMIN_EMAIL: ADMIN.email,
      RAPPORT_ADMIN_PASSWORD: ADMIN.password,
      ...(target.driver === 'postgres' ? { DATABASE_URL: target.url } : { RAPPORT_DATA_DIR: target.dataDir }),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`server did not start within 120 s:\n${output}`)),
      120_000,
    );
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /running at (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before it was ready:\n${output}`));
    });
  });
  return { child, url, pid: child.pid!, exited } satisfies Server;
}

/** SIGKILL, then wait until the process is gone. */
export async function killServer(server: Server) {
  server.child.kill('SIGKILL');
  await server.exited;
}

/** SIGTERM (a clean stop), then wait until the process is gone. */
export async function stopServer(server: Server) {
  server.child.kill('SIGTERM');
  return server.exited;
}

export type Session = { url: string; cookie: string; csrf: string; userId: string };

export async function signIn(url: string): Promise<Session> {
  const response = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(ADMIN),
  });
  if (!response.ok) throw new Error(`sign-in failed: ${response.status} ${await response.text()}`);
  const body = (await response.json()) as { csrfToken: string; user: { id: string } };
  return {
    url,
    cookie: response.headers.get('set-cookie')!.split(';')[0]!,
    csrf: body.csrfToken,
    userId: body.user.id,
  };
}

export type Answer = { status: number; headers: Headers; body: unknown };

/** One API call as the signed-in administrator. */
export async function call(
  session: Session,
  method: 'GET' | 'POST',
  route: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Answer> {
  const response = await fetch(`${session.url}/api/v1${route}`, {
    method,
    headers: {
      cookie: session.cookie,
      'x-csrf-token': session.csrf,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : null };
}
