/**
 * What the benchmark, the soak and the scale-out runs share: starting the real server as a child
 * process, signing in the benchmark's users, the scenarios (and the mixed workload), and driving
 * a scenario over HTTP with autocannon.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { resolve as resolvePath } from 'node:path';
import autocannon from 'autocannon';
import { encodeCursor } from '../server/src/lib/pagination.ts';
import { type Stats, summarise } from './measure.ts';
import {
  type FloorClient,
  floorOverview,
  floorPartnerList,
  floorPortfolioHealth,
  floorRequestList,
  floorSearch,
  floorTimelinePage,
  type RawClient,
  rawOverview,
  rawPartnerList,
  rawPortfolioHealth,
  rawRequestList,
  rawSearch,
  rawTimelinePage,
  type Viewer,
} from './raw.ts';
import { BENCH_PASSWORD, benchEmail, benchId, benchPartnerName, type Scale } from './scale.ts';

// Deterministic pseudo-random choices, so two runs ask for the same things.
let seed = 42;
export const random = () => {
  seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
  return seed / 2 ** 31;
};
export const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
const misspell = (name: string) =>
  name
    .replace(/oo/, 'o')
    .replace(/ee/, 'e')
    .replace(/([aeiou])([a-z])/, '$2$1');

export type Agent = { cookie: string; csrf: string; viewer: Viewer; role: string };
export type Server = { url: string; child: ChildProcess };

/** Settings passed from the benchmark's environment to the server it starts. */
const PASSED_ON = ['RAPPORT_PGLITE_PREPARED'];

/**
 * Starts `rapport serve` on the benchmark database (PostgreSQL when databaseUrl is set, else PGlite
 * in dataDir) and resolves once it listens, or, for a worker, once it has started.
 */
export async function startServer(options: {
  databaseUrl?: string;
  dataDir?: string;
  role?: 'web' | 'worker' | 'all';
  port?: number;
  env?: Record<string, string>;
  /** Another checkout's server (e.g. main) on the same data, for A/B runs; this one by default. */
  checkout?: string;
}): Promise<Server> {
  const env = {
    PATH: process.env.PATH ?? '',
    PORT: String(options.port ?? 0),
    RAPPORT_DEMO: '0',
    LOG_LEVEL: 'warn',
    // The database settings an A/B run compares, when the benchmark itself was given them.
    ...Object.fromEntries(
      PASSED_ON.flatMap((name) => (process.env[name] ? [[name, process.env[name]]] : [])),
    ),
    ...(options.databaseUrl
      ? { DATABASE_URL: options.databaseUrl }
      : { RAPPORT_DATA_DIR: resolvePath(options.dataDir ?? 'bench/data/pglite') }),
    ...options.env,
  };
  const checkout = options.checkout ?? process.cwd();
  const child = spawn(
    process.execPath,
    [`${checkout}/bin/rapport.mjs`, 'serve', '--role', options.role ?? 'all'],
    {
      cwd: checkout,
      env,
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const url = await new Promise<string>((resolve, reject) => {
    let text = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const match = /running at (http:\/\/\S+)/.exec(text);
      if (match) resolve(match[1]!);
      if (/Rapport worker started/.test(text)) resolve('');
    });
    child.on('exit', (code) => reject(new Error(`server exited with ${code}: ${text}`)));
  });
  return { url, child };
}

/** Stops a server started by startServer and waits until its process has gone. */
export async function stopServer(server: Server): Promise<void> {
  if (server.child.exitCode !== null || server.child.signalCode !== null) return;
  const exited = new Promise((resolve) => server.child.once('exit', resolve));
  server.child.kill('SIGTERM');
  await exited;
}

/** Signs in benchmark user i: the session cookie and the CSRF token a browser would hold. */
export async function signIn(url: string, i: number): Promise<Agent> {
  const response = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: benchEmail(i), password: BENCH_PASSWORD }),
  });
  if (!response.ok) throw new Error(`sign-in of ${benchEmail(i)} failed: ${response.status}`);
  const body = (await response.json()) as {
    csrfToken: string;
    user: { id: string; unitId: string; role: string };
  };
  const cookie = response.headers.get('set-cookie')!.split(';')[0]!;
  return {
    cookie,
    csrf: body.csrfToken,
    role: body.user.role,
    viewer: { unitId: body.user.unitId, userId: body.user.id },
  };
}

/** The benchmark's signed-in people: several roles and units (writes need staff or above). */
export async function signInEveryone(url: string): Promise<{ everyone: Agent[]; writers: Agent[] }> {
  const everyone = await Promise.all([1, 2, 3, 4, 5, 7, 8, 9, 12, 13].map((i) => signIn(url, i)));
  return { everyone, writers: everyone.filter((a) => a.role !== 'viewer') };
}

export type Scenario = {
  name: string;
  /** The request to send next (as this agent): path, a body for writes, extra headers. */
  next(agent: Agent): {
    method: 'GET' | 'POST';
    path: string;
    body?: unknown;
    headers?: Record<string, string>;
  };
  /** Runs once before the scenario is driven (the revalidation scenario reads its tags). */
  prepare?: (url: string, agents: Agent[]) => Promise<void>;
  /** The old baseline: the server's statements, hand-written, unnamed. */
  raw?: (db: RawClient, viewer: Viewer) => Promise<unknown>;
  /** The true lower bound: the same data in one prepared statement. */
  floor?: (db: FloorClient, viewer: Viewer) => Promise<unknown>;
  /** Writes need a writer; reads may be anyone. */
  writes?: boolean;
  /**
   * Its writes set off work after the answer (event subscribers such as relationship health):
   * the benchmark counts CPU until the server is idle again, not only while it is driven.
   */
  settles?: boolean;
};

/** What the scenarios pick from, read from the benchmark database: partner types, timeline page-2 cursors. */
export type ScenarioInputs = {
  typeIds: string[];
  pageTwo: { partnerId: string; cursor: string; raw: [string, string] }[];
};

export async function readScenarioInputs(db: RawClient, scale: Scale): Promise<ScenarioInputs> {
  const { partnerIndex, giantIndex } = indexes(scale);
  const typeIds = (
    (await db.query('select id from partner_types order by name', [])) as {
      rows: { id: string }[];
    }
  ).rows.map((r) => r.id);
  // Cursors for "timeline page 2": the 50th entry of page 1 of some partners.
  const pageTwo: ScenarioInputs['pageTwo'] = [];
  for (let n = 0; n < 30; n++) {
    const partnerId = benchId(
      'p',
      partnerIndex() <= scale.giants ? giantIndex() : n % 2 ? giantIndex() : partnerIndex(),
    );
    const rows = (
      (await db.query(
        `select occurred_at, id from touchpoints t where partner_id = $1 and visibility = 'institution' order by occurred_at desc, id desc offset 49 limit 1`,
        [partnerId],
      )) as { rows: { occurred_at: Date; id: string }[] }
    ).rows;
    if (rows[0]) {
      const at = new Date(rows[0].occurred_at).toISOString();
      pageTwo.push({
        partnerId,
        raw: [at, rows[0].id],
        // The timeline's cursor as the server encodes it (its default sort, newest first).
        cursor: encodeCursor('-occurredAt', [at, rows[0].id]),
      });
    }
  }
  return { typeIds, pageTwo };
}

function indexes(scale: Scale) {
  return {
    partnerIndex: () => scale.giants + 1 + Math.floor(random() * (scale.partners - scale.giants)),
    giantIndex: () => 1 + Math.floor(random() * scale.giants),
    unitIndex: () => 1 + Math.floor(random() * scale.units),
  };
}

/** Every scenario, reads (with their raw-SQL twins) first, then writes, then the mixed workload. */
export function buildScenarios(scale: Scale, { typeIds, pageTwo }: ScenarioInputs) {
  const { partnerIndex, giantIndex, unitIndex } = indexes(scale);
  const reads: Scenario[] = [
    {
      name: 'overview (random partners)',
      next: () => ({ method: 'GET', path: `/api/v1/partners/${benchId('p', partnerIndex())}/overview` }),
      raw: (c, v) => rawOverview(c, benchId('p', partnerIndex()), v),
      floor: (c, v) => floorOverview(c, benchId('p', partnerIndex()), v),
    },
    {
      name: 'overview (largest partners)',
      next: () => ({ method: 'GET', path: `/api/v1/partners/${benchId('p', giantIndex())}/overview` }),
      raw: (c, v) => rawOverview(c, benchId('p', giantIndex()), v),
      floor: (c, v) => floorOverview(c, benchId('p', giantIndex()), v),
    },
    {
      name: 'partner list (type + status)',
      next: () => ({
        method: 'GET',
        path: `/api/v1/partners?typeId=${pick(typeIds)}&status=active&limit=50`,
      }),
      raw: (c) => rawPartnerList(c, pick(typeIds)),
      floor: (c) => floorPartnerList(c, pick(typeIds)),
    },
    {
      name: 'timeline page 2',
      next: () => {
        const p = pick(pageTwo);
        return { method: 'GET', path: `/api/v1/partners/${p.partnerId}/timeline?cursor=${p.cursor}` };
      },
      raw: (c, v) => {
        const p = pick(pageTwo);
        return rawTimelinePage(c, p.partnerId, v, p.raw);
      },
      floor: (c, v) => {
        const p = pick(pageTwo);
        return floorTimelinePage(c, p.partnerId, v, p.raw);
      },
    },
    {
      name: 'search (exact name)',
      next: () => ({
        method: 'GET',
        path: `/api/v1/search?q=${encodeURIComponent(benchPartnerName(partnerIndex()))}`,
      }),
      raw: (c, v) => rawSearch(c, benchPartnerName(partnerIndex()), v),
      floor: (c, v) => floorSearch(c, benchPartnerName(partnerIndex()), v),
    },
    {
      name: 'search (misspelt)',
      next: () => ({
        method: 'GET',
        path: `/api/v1/search?q=${encodeURIComponent(misspell(benchPartnerName(partnerIndex())))}`,
      }),
      raw: (c, v) => rawSearch(c, misspell(benchPartnerName(partnerIndex())), v),
      floor: (c, v) => floorSearch(c, misspell(benchPartnerName(partnerIndex())), v),
    },
    {
      // Home's health column: the signed-in manager's relationships (about 330 each at the large
      // scale, over the 200 the issue names) from kept scores, with a month of daily points each.
      name: "health for a manager's portfolio",
      next: () => ({ method: 'GET', path: '/api/v1/me/health' }),
      // The baselines read the portfolio of the raw runs' staff member (who manages their unit's).
      raw: (c, v) => rawPortfolioHealth(c, v),
      floor: (c, v) => floorPortfolioHealth(c, v),
    },
    {
      name: 'requests (a unit, open)',
      next: () => ({
        method: 'GET',
        path: `/api/v1/requests?unitId=${benchId('u', unitIndex())}&open=true&limit=50`,
      }),
      raw: (c, v) => rawRequestList(c, benchId('u', unitIndex()), v),
      floor: (c, v) => floorRequestList(c, benchId('u', unitIndex()), v),
    },
  ];
  const logTouchpoint = (): ReturnType<Scenario['next']> => ({
    method: 'POST',
    path: '/api/v1/touchpoints',
    body: { partnerId: benchId('p', partnerIndex()), kind: 'call', subject: 'Benchmark call', sentiment: 1 },
  });
  // Bursts on busy relationships: each writer logs touch points with one of ten partners its own
  // unit has a relationship with (bench/data.ts gives unit k partners k - 1 + m × units), so the
  // events of a burst concern the same few relationships and their health is recomputed in
  // batches. With random partners most touch points concern no relationship at all.
  const unitIndexOf = new Map(
    Array.from({ length: scale.units }, (_, k) => [benchId('u', k + 1), k + 1] as const),
  );
  const logOnBusyRelationship = (agent: Agent): ReturnType<Scenario['next']> => {
    const unit = unitIndexOf.get(agent.viewer.unitId) ?? 1;
    const partner = unit - 1 + (1 + Math.floor(random() * 10)) * scale.units;
    return {
      method: 'POST',
      path: '/api/v1/touchpoints',
      body: { partnerId: benchId('p', partner), kind: 'meeting', subject: 'Benchmark meeting', sentiment: 1 },
    };
  };
  const mixed: Scenario = {
    name: 'mixed (80% reads, 20% writes)',
    next: (agent) => (random() < 0.2 ? logTouchpoint() : pick(reads).next(agent)),
    writes: true,
  };
  const writes: Scenario[] = [
    { name: 'log a touch point', next: logTouchpoint, writes: true },
    {
      name: 'log touch points in bursts (busy relationships)',
      next: logOnBusyRelationship,
      writes: true,
      settles: true,
    },
    {
      name: 'raise a request',
      next: () => ({
        method: 'POST',
        path: '/api/v1/requests',
        body: {
          partnerId: benchId('p', partnerIndex()),
          kind: 'enquiry',
          title: 'Benchmark enquiry',
          priority: 'normal',
        },
      }),
      writes: true,
    },
  ];
  return { reads, mixed, all: [...reads, revalidation(partnerIndex), ...writes, mixed] };
}

/**
 * A browser coming back to partner pages it already holds: each agent has read 20 overviews and
 * asks again with If-None-Match. A server with conditional reads answers 304 without the body;
 * one without them (an older checkout under --server) answers 200 in full, as before.
 */
function revalidation(partnerIndex: () => number): Scenario {
  const tags = new Map<string, string[]>();
  const held = Array.from({ length: 20 }, () => benchId('p', partnerIndex()));
  const kept = (agent: Agent) => tags.get(agent.cookie) ?? [];
  return {
    name: 'overview (revalidated, unchanged)',
    prepare: async (url, agents) => {
      for (const agent of agents) {
        const list: string[] = [];
        for (const partnerId of held) {
          const answer = await fetch(`${url}/api/v1/partners/${partnerId}/overview`, {
            headers: { cookie: agent.cookie },
          });
          await answer.arrayBuffer();
          list.push(answer.headers.get('etag') ?? '');
        }
        tags.set(agent.cookie, list);
      }
    },
    next: (agent) => {
      const i = Math.floor(random() * held.length);
      const tag = kept(agent)[i];
      return {
        method: 'GET',
        path: `/api/v1/partners/${held[i]}/overview`,
        ...(tag ? { headers: { 'if-none-match': tag } } : {}),
      };
    },
  };
}

/** What one drive measured: the latency statistics and how many answers had each status. */
export type Drive = Stats & { statuses: Record<string, number> };

/**
 * Drives a scenario against url for `duration` seconds from `connections` connections, each
 * request from a randomly chosen agent; at most `overallRate` requests a second when given.
 * Any answer of 400 or more, socket error or timeout counts as an error.
 */
export async function drive(
  url: string,
  agents: Agent[],
  scenario: Scenario,
  options: { connections: number; duration: number; overallRate?: number },
): Promise<Drive> {
  const samples: number[] = [];
  const statuses: Record<string, number> = {};
  let errors = 0;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url,
        connections: options.connections,
        duration: options.duration,
        ...(options.overallRate ? { overallRate: options.overallRate } : {}),
        requests: [
          {
            setupRequest: (request) => {
              const agent = pick(agents);
              const next = scenario.next(agent);
              return {
                ...request,
                method: next.method,
                path: next.path,
                headers: {
                  cookie: agent.cookie,
                  'x-csrf-token': agent.csrf,
                  'content-type': 'application/json',
                  ...next.headers,
                },
                body: next.body ? JSON.stringify(next.body) : undefined,
              };
            },
          },
        ],
      },
      (error, res) => (error ? reject(error) : resolve(res)),
    );
    instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
      statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
      if (statusCode >= 400) errors++;
      else samples.push(responseTime);
    });
  });
  return {
    ...summarise(samples, options.duration, errors + result.errors + result.timeouts),
    statuses,
  };
}
