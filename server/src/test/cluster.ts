/**
 * Rapport scaled out on one PostgreSQL database: background workers (`serve --role worker`),
 * web instances (`serve --role web`), and Debian's HAProxy in front of them on a 127.0.0.1 port,
 * started from a generated configuration in a temporary folder, in the foreground (`-db`).
 * HAProxy balances each request round-robin and names the instance that answered in
 * `x-served-by` (web-1, web-2, …), so a test can see that consecutive requests crossed instances.
 * Used by the scale-out test and the scale-out benchmark.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

const bin = path.resolve(import.meta.dirname, '../../../bin/rapport.mjs');
export const HAPROXY = process.env.HAPROXY_PATH ?? '/usr/sbin/haproxy';

export type Instance = { name: string; url: string; child: ChildProcess };
export type Cluster = {
  /** The balancer's address. */
  url: string;
  web: Instance[];
  workers: ChildProcess[];
  /** Starts one more worker on the same database. */
  addWorker(): Promise<ChildProcess>;
  stop(): Promise<void>;
};

type Role = 'web' | 'worker' | 'all';

/**
 * Starts `rapport serve --role <role>` on 127.0.0.1:port (0: any free port); resolves once it
 * listens (a worker: once started) with the address it listens on.
 */
export async function startInstance(role: Role, env: Record<string, string>, port = 0): Promise<Instance> {
  const child = spawn(process.execPath, [bin, 'serve', '--role', role], {
    env: {
      PATH: process.env.PATH ?? '',
      RAPPORT_DEMO: '0',
      LOG_LEVEL: 'warn',
      ...env,
      HOST: '127.0.0.1',
      PORT: String(port),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${role} did not start within 120 s: ${output}`)),
      120_000,
    );
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      // With RAPPORT_PUBLIC_URL set the server prints that, so an explicit port is the one to trust.
      const match = /running at (http:\/\/\S+)/.exec(output);
      if (match || /Rapport worker started/.test(output)) {
        clearTimeout(timer);
        resolve(port ? `http://127.0.0.1:${port}` : (match?.[1] ?? ''));
      }
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${role} exited with ${code}: ${output}`));
    });
  });
  // Keep reading, so a chatty process never blocks on a full pipe.
  child.stdout!.resume();
  child.stderr!.resume();
  return { name: role, url, child };
}

/** Sends SIGTERM and waits for the process to exit (SIGKILL after 25 s). */
export async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const killer = setTimeout(() => child.kill('SIGKILL'), 25_000);
  await exited;
  clearTimeout(killer);
}

/** The first port from `from` to `to` (inclusive) that 127.0.0.1 can listen on now. */
export async function freePort(from: number, to: number): Promise<number> {
  for (let port = from; port <= to; port++) {
    const free = await new Promise<boolean>((resolve) => {
      const probe = net.createServer();
      probe.once('error', () => resolve(false));
      probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
    });
    if (free) return port;
  }
  throw new Error(`no free port on 127.0.0.1 between ${from} and ${to}`);
}

/** The HAProxy configuration: HTTP mode, round-robin, health checks, the client's address in X-Forwarded-For. */
export function haproxyConfig(port: number, servers: { name: string; url: string }[]): string {
  return [
    'global',
    '  maxconn 2000',
    'defaults',
    '  mode http',
    '  timeout connect 5s',
    '  timeout client 60s',
    '  timeout server 60s',
    // On a busy machine a health answer can take seconds: a slow instance is not a dead one.
    '  timeout check 10s',
    '  option forwardfor',
    'frontend rapport',
    `  bind 127.0.0.1:${port}`,
    '  default_backend web',
    'backend web',
    '  balance roundrobin',
    '  option httpchk GET /api/v1/health',
    '  http-check expect status 200',
    '  http-response set-header x-served-by %s',
    ...servers.map((s) => `  server ${s.name} ${new URL(s.url).host} check inter 1s fall 5 rise 1`),
    '',
  ].join('\n');
}

/**
 * Starts `workers` workers, then `web` web instances, then HAProxy, all on databaseUrl, on free
 * ports of `ports`; resolves once the balancer has answered from every web instance.
 */
export async function startCluster(options: {
  databaseUrl: string;
  /** The ports to use on 127.0.0.1, inclusive: the balancer's and each web instance's, free ones in order. */
  ports: [number, number];
  web?: number;
  workers?: number;
  env?: Record<string, string>;
}): Promise<Cluster> {
  if (!existsSync(HAPROXY)) {
    throw new Error(`HAProxy is not at ${HAPROXY}: apt-get install haproxy, or set HAPROXY_PATH`);
  }
  // Behind one proxy: believe its X-Forwarded-For hop, so sign-in limits see the client's address.
  const env = { DATABASE_URL: options.databaseUrl, RAPPORT_TRUST_PROXY: '1', ...options.env };
  const workers: ChildProcess[] = [];
  const web: Instance[] = [];
  const dir = mkdtempSync(path.join(os.tmpdir(), 'rapport-cluster-'));
  let balancer: ChildProcess | undefined;
  const stop = async () => {
    if (balancer) await stopProcess(balancer);
    await Promise.all([...web.map((w) => stopProcess(w.child)), ...workers.map(stopProcess)]);
    rmSync(dir, { recursive: true, force: true });
  };
  const addWorker = async () => {
    const worker = (await startInstance('worker', env)).child;
    workers.push(worker);
    return worker;
  };
  try {
    // Workers first and one at a time: the first applies any migration and creates the job queues.
    for (let i = 0; i < (options.workers ?? 1); i++) await addWorker();
    const [from, to] = options.ports;
    const balancerPort = await freePort(from, to);
    const webPorts: number[] = [];
    for (let i = 0; i < (options.web ?? 3); i++) {
      webPorts.push(await freePort((webPorts.at(-1) ?? balancerPort) + 1, to));
    }
    const started = await Promise.allSettled(webPorts.map((port) => startInstance('web', env, port)));
    for (const result of started) {
      if (result.status === 'fulfilled') web.push({ ...result.value, name: `web-${web.length + 1}` });
    }
    const failed = started.find((r) => r.status === 'rejected');
    if (failed) throw failed.reason;
    const file = path.join(dir, 'haproxy.cfg');
    writeFileSync(file, haproxyConfig(balancerPort, web));
    let log = '';
    balancer = spawn(HAPROXY, ['-db', '-f', file], { stdio: ['ignore', 'pipe', 'pipe'] });
    balancer.stdout!.on('data', (chunk: Buffer) => {
      log += chunk.toString();
    });
    balancer.stderr!.on('data', (chunk: Buffer) => {
      log += chunk.toString();
    });
    const url = `http://127.0.0.1:${balancerPort}`;
    await waitForEveryInstance(url, web, () => log, balancer);
    return { url, web, workers, addWorker, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Polls the balancer's health route until every web instance has answered through it (60 s at most). */
async function waitForEveryInstance(url: string, web: Instance[], log: () => string, balancer: ChildProcess) {
  const seen = new Set<string>();
  const deadline = Date.now() + 60_000;
  while (seen.size < web.length) {
    if (balancer.exitCode !== null) throw new Error(`HAProxy exited with ${balancer.exitCode}: ${log()}`);
    if (Date.now() > deadline) {
      throw new Error(`the balancer reached only ${[...seen].join(', ') || 'no instance'} in 60 s: ${log()}`);
    }
    try {
      const response = await fetch(`${url}/api/v1/health`);
      const by = response.headers.get('x-served-by');
      if (response.ok && by) seen.add(by);
    } catch {
      // Not listening yet.
    }
    await delay(50);
  }
}
