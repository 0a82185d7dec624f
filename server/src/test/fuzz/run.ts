import fc from 'fast-check';
import { type FuzzRequest, type Mode, type Operation, requestArbitrary } from './requests.ts';
import type { IdPool } from './schema-arbitrary.ts';

/** Something the server must never do: a 5xx, an error that is not problem+json, no answer in time. */
export type Finding = {
  kind: 'server-error' | 'not-problem-json' | 'timeout';
  status: number;
  request: string;
  body: string;
};

export type FuzzFigures = {
  seed: number;
  requests: number;
  durationSeconds: number;
  requestsPerSecond: number;
  operations: number;
  operationsReached: number;
  byStatus: Record<string, number>;
  byMode: Record<string, number>;
  serverErrors: number;
  notProblemJson: number;
  timeouts: number;
  errorLogLines: number;
  reauthentications: number;
  /** The operations that took longest in all, seconds: where the run's time went. */
  slowest: Record<string, number>;
  findings: Finding[];
  errorLog: string[];
};

export type FuzzOptions = {
  baseUrl: string;
  operations: Operation[];
  /** Each agent's sign-in: headers to send (cookie + CSRF token, or a bearer token); called again when its session ended. */
  agents: Record<string, () => Promise<Record<string, string>>>;
  pool: IdPool;
  requests: number;
  seed: number;
  concurrency?: number;
  /** Error-level log lines written so far. */
  errorLog(): string[];
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_POOL = 2_000;
/** No answer in this long is a finding (a hang); generous, as the machine may be shared. */
const REQUEST_TIMEOUT_MS = 60_000;
/** Operations slowed on purpose after wrong passwords (sign-in limits): a few per run, not thousands of 10 s waits. */
const THROTTLED = new Set(['POST /api/v1/auth/login', 'POST /api/v1/auth/password']);
const THROTTLED_BUDGET = 150;

/** Ids of records the answers mention, so later requests find them. */
function harvest(value: unknown, pool: IdPool, key = ''): void {
  if (typeof value === 'string') {
    if ((key === 'id' || key.endsWith('Id')) && UUID.test(value) && !pool.ids.includes(value)) {
      if (pool.ids.length >= MAX_POOL) pool.ids.splice(Math.floor(Math.random() * MAX_POOL), 1);
      pool.ids.push(value);
    }
  } else if (Array.isArray(value)) {
    for (const item of value.slice(0, 20)) harvest(item, pool, key);
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) harvest(v, pool, k);
  }
}

const describe = (r: FuzzRequest) =>
  `${r.operation.method} ${r.url.slice(0, 300)} as ${r.agent} (${r.mode})${r.body ? ` body ${r.body.slice(0, 300)}` : ''}`;

/** Sends `requests` generated requests over HTTP, `concurrency` at a time, and counts what came back. */
export async function runFuzz(options: FuzzOptions): Promise<FuzzFigures> {
  const { baseUrl, operations, pool, requests, seed } = options;
  const concurrency = options.concurrency ?? 8;
  const headersOf = new Map<string, Record<string, string>>();
  for (const [name, signIn] of Object.entries(options.agents)) headersOf.set(name, await signIn());
  const signingIn = new Map<string, Promise<void>>();
  const arbitrary = requestArbitrary(operations, Object.keys(options.agents), pool);

  const byStatus: Record<string, number> = {};
  const byMode: Record<string, number> = {};
  const reached = new Set<string>();
  const timeByOperation = new Map<string, number>();
  const findings: Finding[] = [];
  const counts = { serverErrors: 0, notProblemJson: 0, timeouts: 0, reauthentications: 0, throttled: 0 };
  const started = performance.now();

  /** A fresh sign-in for an agent whose session a fuzzed request ended (sign-out, deactivation, revocation). */
  async function reauthenticate(agent: string, headers: Record<string, string>) {
    const check = await fetch(`${baseUrl}/api/v1/auth/session`, {
      headers,
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    }).catch(() => null);
    await check?.arrayBuffer().catch(() => null);
    if (check?.status !== 401 || headersOf.get(agent) !== headers) return;
    let pending = signingIn.get(agent);
    if (!pending) {
      counts.reauthentications++;
      pending = options.agents[agent]!().then((fresh) => {
        headersOf.set(agent, fresh);
        signingIn.delete(agent);
      });
      signingIn.set(agent, pending);
    }
    await pending;
  }

  async function send(request: FuzzRequest) {
    const key = `${request.operation.method} ${request.operation.path}`;
    reached.add(key);
    byMode[request.mode] = (byMode[request.mode] ?? 0) + 1;
    const agentHeaders = request.agent === 'anonymous' ? {} : (headersOf.get(request.agent) ?? {});
    const { 'x-fuzz-drop-csrf': dropCsrf, ...extra } = request.headers;
    const headers: Record<string, string> = {
      ...agentHeaders,
      ...extra,
      // a new client address each time, so the sign-in limits of one address never build up
      'x-forwarded-for': `10.${(Math.random() * 255) | 0}.${(Math.random() * 255) | 0}.${(Math.random() * 255) | 0}`,
    };
    if (dropCsrf) delete headers['x-csrf-token'];
    let status: number;
    let contentType: string;
    let text: string;
    const sentAt = performance.now();
    try {
      const response = await fetch(`${baseUrl}${request.url}`, {
        method: request.operation.method,
        headers,
        body: request.body,
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      status = response.status;
      contentType = response.headers.get('content-type') ?? '';
      text = await response.text();
    } catch (error) {
      counts.timeouts++;
      findings.push({ kind: 'timeout', status: 0, request: describe(request), body: String(error) });
      return;
    }
    timeByOperation.set(key, (timeByOperation.get(key) ?? 0) + performance.now() - sentAt);
    const bucket = `${Math.floor(status / 100)}xx`;
    byStatus[bucket] = (byStatus[bucket] ?? 0) + 1;
    byStatus[String(status)] = (byStatus[String(status)] ?? 0) + 1;
    if (status >= 500) {
      counts.serverErrors++;
      findings.push({ kind: 'server-error', status, request: describe(request), body: text.slice(0, 500) });
    } else if (status >= 400) {
      let problem: { status?: unknown } | null = null;
      try {
        problem = JSON.parse(text) as { status?: unknown };
      } catch {
        problem = null;
      }
      if (!contentType.startsWith('application/problem+json') || problem?.status !== status) {
        counts.notProblemJson++;
        findings.push({
          kind: 'not-problem-json',
          status,
          request: describe(request),
          body: text.slice(0, 500),
        });
      }
      if (status === 401 && request.agent !== 'anonymous' && !dropCsrf)
        await reauthenticate(request.agent, agentHeaders);
    } else if (contentType.startsWith('application/json') && text) {
      harvest(JSON.parse(text), pool);
    }
  }

  /** Sends these requests, `concurrency` at a time. */
  async function sendAll(generated: FuzzRequest[]) {
    let next = 0;
    const worker = async () => {
      while (next < generated.length) {
        const request = generated[next++]!;
        const key = `${request.operation.method} ${request.operation.path}`;
        // past the budget, a slowed operation is sent anonymously without a body: still answered, never slowed
        if (THROTTLED.has(key) && ++counts.throttled > THROTTLED_BUDGET)
          await send({
            ...request,
            agent: 'anonymous',
            body: undefined,
            headers: {},
            mode: 'malformed' as Mode,
          });
        else await send(request);
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
  }

  // Every operation once first, so the run reaches each one whatever the seed draws (with 300
  // operations, 2,000 random draws miss one about every other seed); then the random rounds.
  const first = operations.slice(0, requests).map(
    (operation, i) =>
      fc.sample(requestArbitrary([operation], Object.keys(options.agents), pool), {
        seed: seed + 1_000_000 + i,
        numRuns: 1,
      })[0]!,
  );
  await sendAll(first);
  let sent = first.length;
  const batch = 500;
  for (let round = 0; sent < requests; round++) {
    const size = Math.min(batch, requests - sent);
    await sendAll(fc.sample(arbitrary, { seed: seed + round, numRuns: size }));
    sent += size;
  }

  const durationSeconds = (performance.now() - started) / 1000;
  const errorLog = options.errorLog();
  return {
    seed,
    requests: sent,
    durationSeconds: Math.round(durationSeconds * 10) / 10,
    requestsPerSecond: Math.round(sent / durationSeconds),
    operations: operations.length,
    operationsReached: reached.size,
    byStatus,
    byMode,
    serverErrors: counts.serverErrors,
    notProblemJson: counts.notProblemJson,
    timeouts: counts.timeouts,
    errorLogLines: errorLog.length,
    reauthentications: counts.reauthentications,
    slowest: Object.fromEntries(
      [...timeByOperation]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 8)
        .map(([k, ms]) => [k, Math.round(ms / 100) / 10]),
    ),
    findings: findings.slice(0, 50),
    errorLog: errorLog.slice(0, 50),
  };
}
