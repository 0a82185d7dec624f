/**
 * `npm run bench -- --scale small|medium|large [--duration 10] [--connections 10] [--generate] [--out bench/results]
 *   [--server <checkout>] [--skip-raw] [--label <text>]`
 *
 * Starts the real server on the benchmark database as a child process and drives it over HTTP
 * with autocannon, signed in as users of different roles and units; then fetches the same data
 * with hand-written SQL at the same concurrency, and writes both to bench/results/.
 * PostgreSQL when DATABASE_URL is set, otherwise PGlite (RAPPORT_DATA_DIR, default bench/data/pglite).
 * `--server` runs the server of another checkout (e.g. main) with this benchmark, for A/B runs on
 * the same data; `--skip-raw` measures the server only. Each scenario also reports CPU
 * milliseconds per request of the server process and of PostgreSQL's backends (from /proc).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import autocannon from 'autocannon';
import pg from 'pg';
import { pgliteExtensions, pgliteSessionSettings, postgresSessionOptions } from '../server/src/db/client.ts';
import { encodeCursor } from '../server/src/lib/pagination.ts';
import { type CpuSample, cpuMeter } from './cpu.ts';
import { generateBenchData, openBenchDatabase } from './data.ts';
import { loop, type Stats, summarise } from './measure.ts';
import {
  type FloorClient,
  floorClientOf,
  floorOverview,
  floorPartnerList,
  floorRequestList,
  floorSearch,
  floorTimelinePage,
  type RawClient,
  rawClientOf,
  rawOverview,
  rawPartnerList,
  rawRequestList,
  rawSearch,
  rawTimelinePage,
  type Viewer,
} from './raw.ts';
import { BENCH_PASSWORD, benchEmail, benchId, benchPartnerName, type ScaleName, scales } from './scale.ts';

const { values: args } = parseArgs({
  options: {
    scale: { type: 'string', default: 'small' },
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '10' },
    generate: { type: 'boolean', default: false },
    out: { type: 'string', default: 'bench/results' },
    server: { type: 'string' },
    'skip-raw': { type: 'boolean', default: false },
    label: { type: 'string' },
  },
});
const scaleName = args.scale as ScaleName;
const scale = scales[scaleName];
const duration = Number(args.duration);
const connections = Number(args.connections);
const databaseUrl = process.env.DATABASE_URL;
const dataDir = process.env.RAPPORT_DATA_DIR ?? 'bench/data/pglite';
const loadAtStart = Math.round(os.loadavg()[0]! * 100) / 100;

// Deterministic pseudo-random choices, so two runs ask for the same things.
let seed = 42;
const random = () => {
  seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
  return seed / 2 ** 31;
};
const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
const partnerIndex = () => scale.giants + 1 + Math.floor(random() * (scale.partners - scale.giants));
const giantIndex = () => 1 + Math.floor(random() * scale.giants);
const unitIndex = () => 1 + Math.floor(random() * scale.units);
const misspell = (name: string) =>
  name
    .replace(/oo/, 'o')
    .replace(/ee/, 'e')
    .replace(/([aeiou])([a-z])/, '$2$1');

type Agent = { cookie: string; csrf: string; viewer: Viewer; role: string };

async function startServer(): Promise<{ url: string; child: ChildProcess }> {
  const env = {
    PATH: process.env.PATH ?? '',
    PORT: '0',
    RAPPORT_DEMO: '0',
    LOG_LEVEL: 'warn',
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : { RAPPORT_DATA_DIR: resolve(dataDir) }),
  };
  const checkout = args.server ?? process.cwd();
  const child = spawn(process.execPath, [`${checkout}/bin/rapport.mjs`, 'serve'], {
    cwd: checkout,
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let text = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const match = /running at (http:\/\/\S+)/.exec(text);
      if (match) resolve(match[1]!);
    });
    child.on('exit', (code) => reject(new Error(`server exited with ${code}: ${text}`)));
  });
  return { url, child };
}

async function signIn(url: string, i: number): Promise<Agent> {
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

type Scenario = {
  name: string;
  /** The request to send next: path, and a body for writes. */
  next(): { method: 'GET' | 'POST'; path: string; body?: unknown };
  /** The old baseline: the server's statements, hand-written, unnamed. */
  raw?: (db: RawClient, viewer: Viewer) => Promise<unknown>;
  /** The true lower bound: the same data in one prepared statement. */
  floor?: (db: FloorClient, viewer: Viewer) => Promise<unknown>;
};

async function drive(url: string, agents: Agent[], scenario: Scenario): Promise<Stats> {
  const samples: number[] = [];
  let errors = 0;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url,
        connections,
        duration,
        requests: [
          {
            setupRequest: (request) => {
              const next = scenario.next();
              const agent = pick(agents);
              return {
                ...request,
                method: next.method,
                path: next.path,
                headers: {
                  cookie: agent.cookie,
                  'x-csrf-token': agent.csrf,
                  'content-type': 'application/json',
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
      if (statusCode >= 400) errors++;
      else samples.push(responseTime);
    });
  });
  return summarise(samples, duration, errors + result.errors + result.timeouts);
}

async function main() {
  if (args.generate) {
    const database = await openBenchDatabase();
    console.log(`Generating the ${scaleName} dataset on ${database.driver}…`);
    await generateBenchData(database, scaleName);
    await database.close();
  }
  const typeIdsSql = 'select id from partner_types order by name';
  const staffViewer: Viewer = { unitId: benchId('u', 4), userId: benchId('s', 4) };

  // Cursors for "timeline page 2": the 50th entry of page 1 of some partners.
  const pageTwo: { partnerId: string; cursor: string; raw: [string, string] }[] = [];
  let typeIds: string[] = [];

  // The limit first, while the server is not running (PGlite allows one process on its folder).
  const rawResults: Record<string, Stats> = {};
  const floorResults: Record<string, Stats> = {};
  const pool = databaseUrl
    ? new pg.Pool({ connectionString: databaseUrl, max: connections, options: postgresSessionOptions })
    : null;
  const lite = pool ? null : await PGlite.create(dataDir, { extensions: pgliteExtensions });
  await lite?.exec(pgliteSessionSettings);
  const db = rawClientOf((pool ?? lite)!);
  const floorDb = floorClientOf((pool ?? lite)!);
  typeIds = ((await db.query(typeIdsSql, [])) as { rows: { id: string }[] }).rows.map((r) => r.id);
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

  const scenarios: Scenario[] = [
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
  const reads = [...scenarios];
  scenarios.push({ name: 'log a touch point', next: logTouchpoint });
  scenarios.push({
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
  });
  scenarios.push({
    name: 'mixed (80% reads, 20% writes)',
    next: () => (random() < 0.2 ? logTouchpoint() : pick(reads).next()),
  });

  for (const s of args['skip-raw'] ? [] : reads) {
    rawResults[s.name] = await loop(duration, connections, () => s.raw!(db, staffViewer));
    console.log(`raw   ${s.name.padEnd(32)} p95 ${rawResults[s.name]!.p95} ms  ${rawResults[s.name]!.rps}/s`);
    floorResults[s.name] = await loop(duration, connections, () => s.floor!(floorDb, staffViewer));
    console.log(
      `floor ${s.name.padEnd(32)} p95 ${floorResults[s.name]!.p95} ms  ${floorResults[s.name]!.rps}/s`,
    );
  }
  await pool?.end();
  await lite?.close();

  const { url, child } = await startServer();
  const results: Result[] = [];
  const meter = await cpuMeter(child.pid!, databaseUrl);
  try {
    // Signed-in people of several roles and units; writes need staff or above.
    const everyone = await Promise.all([1, 2, 3, 4, 5, 7, 8, 9, 12, 13].map((i) => signIn(url, i)));
    const writers = everyone.filter((a) => a.role !== 'viewer');
    for (const s of scenarios) {
      const agents =
        s.name.startsWith('log') || s.name.startsWith('raise') || s.name.startsWith('mixed')
          ? writers
          : everyone;
      const before = await meter.start();
      const server = await drive(url, agents, s);
      const spent = await meter.since(before);
      const perRequest = (ms: number) => Math.round((ms / Math.max(1, server.requests)) * 100) / 100;
      const cpu = { server: perRequest(spent.server), database: perRequest(spent.database) };
      const raw = rawResults[s.name] ?? null;
      const floor = floorResults[s.name] ?? null;
      const ratio = (of: Stats | null) => (of ? Math.round((server.p95 / of.p95) * 100) / 100 : null);
      const ratioP95 = ratio(floor);
      results.push({ scenario: s.name, server, cpu, floor, ratioP95, raw, ratioRawP95: ratio(raw) });
      console.log(
        `server ${s.name.padEnd(31)} p95 ${server.p95} ms  ${server.rps}/s  errors ${server.errors}  CPU ms/request server ${cpu.server} database ${cpu.database}${ratioP95 ? `  ×${ratioP95} of the one-statement floor` : ''}`,
      );
    }
  } finally {
    await meter.close();
    child.kill('SIGTERM');
  }
  writeResults(results);
}

type Result = {
  scenario: string;
  server: Stats;
  /** CPU milliseconds per request: the server process, and PostgreSQL's backends (0 on PGlite, inside the server). */
  cpu: CpuSample;
  /** The true lower bound (one prepared statement), and the server's p95 over its p95. */
  floor: Stats | null;
  ratioP95: number | null;
  /** The old multi-statement baseline, kept so the change of bound shows. */
  raw: Stats | null;
  ratioRawP95: number | null;
};

function writeResults(results: Result[]) {
  const when = new Date().toISOString();
  const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
  const database = databaseUrl ? 'PostgreSQL' : 'PGlite';
  // Other work on the machine skews every figure: say how busy it was (1-minute load averages).
  const load = { atStart: loadAtStart, atEnd: Math.round(os.loadavg()[0]! * 100) / 100 };
  const server = args.server ?? 'this checkout';
  const meta = {
    when,
    scale: scaleName,
    database,
    duration,
    connections,
    machine,
    load,
    server,
    label: args.label,
  };
  mkdirSync(args.out, { recursive: true });
  const stamp = when.replace(/[:.]/g, '-');
  writeFileSync(
    `${args.out}/${stamp}-${database.toLowerCase()}-${scaleName}${args.label ? `-${args.label}` : ''}.json`,
    `${JSON.stringify({ ...meta, results }, null, 2)}\n`,
  );
  const rows = results.map(
    (r) =>
      `| ${r.scenario} | ${r.server.rps} | ${r.server.p50} | ${r.server.p95} | ${r.server.p99} | ${r.server.errors} | ${r.cpu.server} | ${r.cpu.database} | ${r.floor ? `${r.floor.p95} (${r.floor.rps}/s)` : '—'} | ${r.ratioP95 ?? '—'} | ${r.raw ? `${r.raw.p95} (${r.raw.rps}/s)` : '—'} | ${r.ratioRawP95 ?? '—'} |`,
  );
  const table = [
    `${database}, ${scaleName} scale, ${connections} connections, ${duration} s per scenario, ${when.slice(0, 16)} UTC, server of ${server}, ${machine}; load generator on the same machine; load average ${load.atStart} at the start, ${load.atEnd} at the end.`,
    '',
    '| scenario | req/s | p50 ms | p95 ms | p99 ms | errors | CPU ms/req server | CPU ms/req database | one-statement SQL p95 ms | server/one-statement p95 | multi-statement SQL p95 ms | server/multi-statement p95 |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
  writeFileSync(
    `${args.out}/latest-${database.toLowerCase()}-${scaleName}${args.label ? `-${args.label}` : ''}.md`,
    table,
  );
  console.log(`\n${table}`);
  // A scenario that answers errors measures nothing: fail, so the CI smoke run catches a broken one.
  const failing = results.filter((r) => r.server.errors > 0).map((r) => `${r.scenario} (${r.server.errors})`);
  if (failing.length) {
    console.error(`Scenarios with errors: ${failing.join(', ')}`);
    process.exitCode = 1;
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
