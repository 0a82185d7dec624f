/**
 * `npm run bench -- --scale small|medium|large [--duration 10] [--connections 10] [--generate] [--out bench/results]
 *   [--server <checkout>] [--skip-raw] [--label <text>] [--scenario <words>]`
 *
 * Starts the real server on the benchmark database as a child process and drives it over HTTP
 * with autocannon, signed in as users of different roles and units; then fetches the same data
 * with hand-written SQL at the same concurrency, and writes both to bench/results/.
 * PostgreSQL when DATABASE_URL is set, otherwise PGlite (RAPPORT_DATA_DIR, default bench/data/pglite).
 * `--server` runs the server of another checkout (e.g. main) with this benchmark, for A/B runs on
 * the same data; `--skip-raw` measures the server only. Each scenario also reports CPU
 * milliseconds per request of the server process and of PostgreSQL's backends (from /proc).
 * `--scenario` runs only the scenarios whose name contains those words ("health").
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { pgliteExtensions, pgliteSessionSettings, postgresSessionOptions } from '../server/src/db/client.ts';
import { type CpuSample, cpuMeter } from './cpu.ts';
import { generateBenchData, openBenchDatabase } from './data.ts';
import { loop, type Stats } from './measure.ts';
import { floorClientOf, rawClientOf, type Viewer } from './raw.ts';
import { benchId, type ScaleName, scales } from './scale.ts';
import {
  buildScenarios,
  drive,
  readScenarioInputs,
  signInEveryone,
  startServer,
  stopServer,
} from './workload.ts';

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
    scenario: { type: 'string' },
  },
});
const scaleName = args.scale as ScaleName;
const scale = scales[scaleName];
const duration = Number(args.duration);
const connections = Number(args.connections);
const databaseUrl = process.env.DATABASE_URL;
const dataDir = process.env.RAPPORT_DATA_DIR ?? 'bench/data/pglite';
const loadAtStart = Math.round(os.loadavg()[0]! * 100) / 100;

async function main() {
  if (args.generate) {
    const database = await openBenchDatabase();
    console.log(`Generating the ${scaleName} dataset on ${database.driver}…`);
    await generateBenchData(database, scaleName);
    await database.close();
  }
  const staffViewer: Viewer = { unitId: benchId('u', 4), userId: benchId('s', 4) };

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
  const built = buildScenarios(scale, await readScenarioInputs(db, scale));
  const chosen = <S extends { name: string }>(list: S[]) =>
    args.scenario ? list.filter((s) => s.name.includes(args.scenario!)) : list;
  const reads = chosen(built.reads);
  const scenarios = chosen(built.all);

  for (const s of args['skip-raw'] ? [] : reads.filter((r) => r.raw && r.floor)) {
    rawResults[s.name] = await loop(duration, connections, () => s.raw!(db, staffViewer));
    console.log(`raw   ${s.name.padEnd(32)} p95 ${rawResults[s.name]!.p95} ms  ${rawResults[s.name]!.rps}/s`);
    floorResults[s.name] = await loop(duration, connections, () => s.floor!(floorDb, staffViewer));
    console.log(
      `floor ${s.name.padEnd(32)} p95 ${floorResults[s.name]!.p95} ms  ${floorResults[s.name]!.rps}/s`,
    );
  }
  await pool?.end();
  await lite?.close();

  const server = await startServer({ databaseUrl, dataDir, checkout: args.server });
  const results: Result[] = [];
  const meter = await cpuMeter(server.child.pid!, databaseUrl);
  try {
    const { everyone, writers } = await signInEveryone(server.url);
    for (const s of scenarios) {
      await s.prepare?.(server.url, s.writes ? writers : everyone);
      const before = await meter.start();
      const { statuses: _, ...stats } = await drive(server.url, s.writes ? writers : everyone, s, {
        connections,
        duration,
      });
      // The background work a scenario's writes set off counts too (and how long it ran on).
      const settledMs = s.settles ? await meter.idle() : null;
      const spent = await meter.since(before);
      const perRequest = (ms: number) => Math.round((ms / Math.max(1, stats.requests)) * 100) / 100;
      const cpu = { server: perRequest(spent.server), database: perRequest(spent.database) };
      const raw = rawResults[s.name] ?? null;
      const floor = floorResults[s.name] ?? null;
      const ratio = (of: Stats | null) => (of ? Math.round((stats.p95 / of.p95) * 100) / 100 : null);
      const ratioP95 = ratio(floor);
      results.push({
        scenario: s.name,
        server: stats,
        cpu,
        settledMs,
        floor,
        ratioP95,
        raw,
        ratioRawP95: ratio(raw),
      });
      console.log(
        `server ${s.name.padEnd(31)} p95 ${stats.p95} ms  ${stats.rps}/s  errors ${stats.errors}  CPU ms/request server ${cpu.server} database ${cpu.database}${settledMs === null ? '' : ` (idle ${settledMs} ms after the drive)`}${ratioP95 ? `  ×${ratioP95} of the one-statement floor` : ''}`,
      );
    }
  } finally {
    await meter.close();
    await stopServer(server);
  }
  writeResults(results);
}

type Result = {
  scenario: string;
  server: Stats;
  /** CPU milliseconds per request: the server process, and PostgreSQL's backends (0 on PGlite, inside the server). */
  cpu: CpuSample;
  /** For a scenario whose writes set off background work: how long after the drive it ran on. */
  settledMs: number | null;
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
      `| ${r.scenario}${r.settledMs === null ? '' : ` (idle ${r.settledMs} ms after)`} | ${r.server.rps} | ${r.server.p50} | ${r.server.p95} | ${r.server.p99} | ${r.server.errors} | ${r.cpu.server} | ${r.cpu.database} | ${r.floor ? `${r.floor.p95} (${r.floor.rps}/s)` : '—'} | ${r.ratioP95 ?? '—'} | ${r.raw ? `${r.raw.p95} (${r.raw.rps}/s)` : '—'} | ${r.ratioRawP95 ?? '—'} |`,
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
