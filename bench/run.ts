/**
 * `npm run bench -- --scale small|medium|large [--duration 10] [--connections 10] [--generate] [--out bench/results]`
 *
 * Starts the real server on the benchmark database as a child process and drives it over HTTP
 * with autocannon, signed in as users of different roles and units; then fetches the same data
 * with hand-written SQL at the same concurrency, and writes both to bench/results/.
 * PostgreSQL when DATABASE_URL is set, otherwise PGlite (RAPPORT_DATA_DIR, default bench/data/pglite).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { pgliteExtensions, pgliteSessionSettings, postgresSessionOptions } from '../server/src/db/client.ts';
import { generateBenchData, openBenchDatabase } from './data.ts';
import { loop, type Stats } from './measure.ts';
import { rawClientOf, type Viewer } from './raw.ts';
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
  const pool = databaseUrl
    ? new pg.Pool({ connectionString: databaseUrl, max: connections, options: postgresSessionOptions })
    : null;
  const lite = pool ? null : await PGlite.create(dataDir, { extensions: pgliteExtensions });
  await lite?.exec(pgliteSessionSettings);
  const db = rawClientOf((pool ?? lite)!);
  const { reads, all: scenarios } = buildScenarios(scale, await readScenarioInputs(db, scale));

  for (const s of reads) {
    rawResults[s.name] = await loop(duration, connections, () => s.raw!(db, staffViewer));
    console.log(`raw   ${s.name.padEnd(32)} p95 ${rawResults[s.name]!.p95} ms  ${rawResults[s.name]!.rps}/s`);
  }
  await pool?.end();
  await lite?.close();

  const server = await startServer({ databaseUrl, dataDir });
  const results: { scenario: string; server: Stats; raw: Stats | null; ratioP95: number | null }[] = [];
  try {
    const { everyone, writers } = await signInEveryone(server.url);
    for (const s of scenarios) {
      const { statuses: _, ...stats } = await drive(server.url, s.writes ? writers : everyone, s, {
        connections,
        duration,
      });
      const raw = rawResults[s.name] ?? null;
      const ratioP95 = raw ? Math.round((stats.p95 / raw.p95) * 100) / 100 : null;
      results.push({ scenario: s.name, server: stats, raw, ratioP95 });
      console.log(
        `server ${s.name.padEnd(31)} p95 ${stats.p95} ms  ${stats.rps}/s  errors ${stats.errors}${ratioP95 ? `  ×${ratioP95} of raw` : ''}`,
      );
    }
  } finally {
    await stopServer(server);
  }
  writeResults(results);
}

function writeResults(
  results: { scenario: string; server: Stats; raw: Stats | null; ratioP95: number | null }[],
) {
  const when = new Date().toISOString();
  const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
  const database = databaseUrl ? 'PostgreSQL' : 'PGlite';
  // Other work on the machine skews every figure: say how busy it was (1-minute load averages).
  const load = { atStart: loadAtStart, atEnd: Math.round(os.loadavg()[0]! * 100) / 100 };
  const meta = { when, scale: scaleName, database, duration, connections, machine, load };
  mkdirSync(args.out, { recursive: true });
  const stamp = when.replace(/[:.]/g, '-');
  writeFileSync(
    `${args.out}/${stamp}-${database.toLowerCase()}-${scaleName}.json`,
    `${JSON.stringify({ ...meta, results }, null, 2)}\n`,
  );
  const rows = results.map(
    (r) =>
      `| ${r.scenario} | ${r.server.rps} | ${r.server.p50} | ${r.server.p95} | ${r.server.p99} | ${r.server.errors} | ${r.raw ? `${r.raw.p95} (${r.raw.rps}/s)` : '—'} | ${r.ratioP95 ?? '—'} |`,
  );
  const table = [
    `${database}, ${scaleName} scale, ${connections} connections, ${duration} s per scenario, ${when.slice(0, 16)} UTC, ${machine}; load generator on the same machine; load average ${load.atStart} at the start, ${load.atEnd} at the end.`,
    '',
    '| scenario | req/s | p50 ms | p95 ms | p99 ms | errors | raw SQL p95 ms | server/raw p95 |',
    '|---|---|---|---|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
  writeFileSync(`${args.out}/latest-${database.toLowerCase()}-${scaleName}.md`, table);
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
