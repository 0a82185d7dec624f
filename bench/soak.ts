/**
 * `npm run soak -- [--minutes 30] [--peak N] [--scale medium] [--generate] [--connections 10]
 *   [--sample-seconds 5] [--max-slope 1] [--out bench/results]`
 *
 * The soak: the benchmark's mixed workload (80 % reads, 20 % writes) held at 70 % of the measured
 * peak for a long time against one real server on PostgreSQL (DATABASE_URL). First it measures
 * the peak (20 s flat out), unless --peak gives it; then it drives the mix at 70 % of that rate
 * and samples the server process's resident memory (/proc/<pid>/status) every few seconds.
 * Fails on any error (an answer other than 2xx, a socket error or a timeout), on a throughput
 * below 90 % of the asked rate, or when memory after the warm-up (the first fifth) grows faster
 * than --max-slope MB a minute (least squares); runs shorter than ten minutes are all warm-up, so
 * their memory is reported but not judged (CI's short soak checks errors only). Writes soak-<time>.json (summary and samples),
 * soak-<time>.svg (the memory chart, Vega-Lite) and latest-soak.md.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import os from 'node:os';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { postgresSessionOptions } from '../server/src/db/client.ts';
import { lineChartSvg } from './chart.ts';
import { generateBenchData, openBenchDatabase } from './data.ts';
import { rawClientOf } from './raw.ts';
import { type ScaleName, scales } from './scale.ts';
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
    minutes: { type: 'string', default: '30' },
    peak: { type: 'string' },
    scale: { type: 'string', default: 'medium' },
    generate: { type: 'boolean', default: false },
    connections: { type: 'string', default: '10' },
    'sample-seconds': { type: 'string', default: '5' },
    'max-slope': { type: 'string', default: '1' },
    out: { type: 'string', default: 'bench/results' },
  },
});
const LOAD_SHARE = 0.7;
const PEAK_SECONDS = 20;
const JUDGED_MINUTES = 10;
const minutes = Number(args.minutes);
const connections = Number(args.connections);
const sampleSeconds = Number(args['sample-seconds']);
const maxSlope = Number(args['max-slope']);
const scaleName = args.scale as ScaleName;
const scale = scales[scaleName];
const databaseUrl = process.env.DATABASE_URL;

type Sample = { seconds: number; rssMb: number };

/** Resident memory of a process in MB, from /proc (Linux). */
function residentMb(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match) throw new Error(`no VmRSS for process ${pid}`);
  return Math.round((Number(match[1]) / 1024) * 10) / 10;
}

/** Least-squares slope of y over x. */
function slope(points: { x: number; y: number }[]): number {
  const n = points.length;
  const mx = points.reduce((s, p) => s + p.x, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  const sxy = points.reduce((s, p) => s + (p.x - mx) * (p.y - my), 0);
  const sxx = points.reduce((s, p) => s + (p.x - mx) ** 2, 0);
  return sxx === 0 ? 0 : sxy / sxx;
}

async function main() {
  if (!databaseUrl?.startsWith('postgres')) throw new Error('the soak runs on PostgreSQL: set DATABASE_URL');
  if (!scale) throw new Error(`--scale must be one of ${Object.keys(scales).join(', ')}`);
  if (!(minutes > 0) || !(sampleSeconds > 0)) throw new Error('--minutes and --sample-seconds must be > 0');
  if (args.generate) {
    const database = await openBenchDatabase();
    console.log(`Generating the ${scaleName} dataset on ${database.driver}…`);
    await generateBenchData(database, scaleName);
    await database.close();
  }
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2, options: postgresSessionOptions });
  const { mixed } = buildScenarios(scale, await readScenarioInputs(rawClientOf(pool), scale));
  await pool.end();

  const loadAtStart = Math.round(os.loadavg()[0]! * 100) / 100;
  const server = await startServer({ databaseUrl });
  const pid = server.child.pid!;
  const samples: Sample[] = [];
  let timer: NodeJS.Timeout | undefined;
  try {
    const { writers } = await signInEveryone(server.url);
    let peak = Number(args.peak ?? 0);
    if (!peak) {
      const measured = await drive(server.url, writers, mixed, { connections, duration: PEAK_SECONDS });
      if (measured.errors)
        throw new Error(`the peak run had ${measured.errors} errors: ${JSON.stringify(measured.statuses)}`);
      peak = measured.rps;
      console.log(
        `peak: ${peak} req/s (mixed, ${connections} connections, ${PEAK_SECONDS} s, p95 ${measured.p95} ms)`,
      );
    }
    const rate = Math.max(1, Math.round(peak * LOAD_SHARE));
    console.log(
      `soak: ${minutes} min of the mixed workload at ${rate} req/s (${LOAD_SHARE * 100} % of ${peak})`,
    );
    const started = performance.now();
    const sample = () => {
      samples.push({ seconds: Math.round((performance.now() - started) / 100) / 10, rssMb: residentMb(pid) });
    };
    sample();
    timer = setInterval(sample, sampleSeconds * 1000);
    const run = await drive(server.url, writers, mixed, {
      connections,
      duration: Math.round(minutes * 60),
      overallRate: rate,
    });
    clearInterval(timer);
    sample();
    await report({ peak, rate, run, samples, loadAtStart });
  } finally {
    clearInterval(timer);
    await stopServer(server);
  }
}

async function report(r: {
  peak: number;
  rate: number;
  run: Awaited<ReturnType<typeof drive>>;
  samples: Sample[];
  loadAtStart: number;
}) {
  const { run, samples } = r;
  const warmUp = (minutes * 60) / 5;
  const steady = samples.filter((s) => s.seconds >= warmUp);
  const slopeMbPerMinute =
    Math.round(slope(steady.map((s) => ({ x: s.seconds / 60, y: s.rssMb }))) * 1000) / 1000;
  const rss = samples.map((s) => s.rssMb);
  const nonSuccess = Object.entries(run.statuses).filter(([status]) => !status.startsWith('2'));
  const failures: string[] = [];
  if (run.errors > 0) failures.push(`${run.errors} errors (${JSON.stringify(run.statuses)})`);
  if (nonSuccess.length)
    failures.push(`answers other than 2xx: ${JSON.stringify(Object.fromEntries(nonSuccess))}`);
  if (run.rps < r.rate * 0.9) failures.push(`throughput ${run.rps} req/s below 90 % of the asked ${r.rate}`);
  const judged = minutes >= JUDGED_MINUTES;
  if (judged && slopeMbPerMinute > maxSlope)
    failures.push(`memory grew ${slopeMbPerMinute} MB/min after the warm-up (limit ${maxSlope})`);
  const when = new Date().toISOString();
  const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
  const summary = {
    when,
    database: 'PostgreSQL',
    scale: scaleName,
    minutes,
    connections,
    peakRps: r.peak,
    askedRps: r.rate,
    load: { atStart: r.loadAtStart, atEnd: Math.round(os.loadavg()[0]! * 100) / 100 },
    machine,
    requests: run.requests,
    rps: run.rps,
    p50: run.p50,
    p95: run.p95,
    p99: run.p99,
    errors: run.errors,
    statuses: run.statuses,
    memory: {
      rssMbFirst: rss[0],
      rssMbAfterWarmUp: steady[0]?.rssMb,
      rssMbLast: rss.at(-1),
      rssMbMin: Math.min(...rss),
      rssMbMax: Math.max(...rss),
      slopeMbPerMinuteAfterWarmUp: slopeMbPerMinute,
      maxSlopeMbPerMinute: judged ? maxSlope : null,
      sampleSeconds,
    },
    passed: failures.length === 0,
    failures,
  };
  await mkdir(args.out, { recursive: true });
  const stamp = `${args.out}/soak-${when.replace(/[:.]/g, '-')}`;
  writeFileSync(`${stamp}.json`, `${JSON.stringify({ ...summary, samples }, null, 2)}\n`);
  const svg = await lineChartSvg({
    title: `Server memory, ${minutes} min soak at ${r.rate} req/s (mixed, PostgreSQL, ${scaleName})`,
    yTitle: 'resident memory (MB)',
    points: samples.map((s) => ({
      minute: Math.round((s.seconds / 60) * 100) / 100,
      value: s.rssMb,
      series: 'RSS',
    })),
  });
  writeFileSync(`${stamp}.svg`, svg);
  const md = [
    `Soak: ${minutes} min of the mixed workload at ${r.rate} req/s (70 % of the measured peak ${r.peak} req/s), PostgreSQL, ${scaleName} scale, ${connections} connections, ${when.slice(0, 16)} UTC, ${machine}; load average ${summary.load.atStart} at the start, ${summary.load.atEnd} at the end. Chart: \`${stamp.split('/').at(-1)}.svg\`.`,
    '',
    '| requests | req/s | p50 ms | p95 ms | p99 ms | errors | RSS MB first → after warm-up → last (min–max) | RSS slope after warm-up | result |',
    '|---|---|---|---|---|---|---|---|---|',
    `| ${run.requests} | ${run.rps} | ${run.p50} | ${run.p95} | ${run.p99} | ${run.errors} | ${summary.memory.rssMbFirst} → ${summary.memory.rssMbAfterWarmUp} → ${summary.memory.rssMbLast} (${summary.memory.rssMbMin}–${summary.memory.rssMbMax}) | ${slopeMbPerMinute} MB/min (${judged ? `limit ${maxSlope}` : `not judged under ${JUDGED_MINUTES} min`}) | ${failures.length ? `failed: ${failures.join('; ')}` : 'passed'} |`,
    '',
  ].join('\n');
  writeFileSync(`${args.out}/latest-soak.md`, md);
  console.log(`\n${md}`);
  if (failures.length) {
    console.error(`Soak failed: ${failures.join('; ')}`);
    process.exitCode = 1;
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
