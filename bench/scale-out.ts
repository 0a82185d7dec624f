/**
 * `npm run bench:scale-out -- [--scale medium] [--duration 20] [--connections 30] [--generate] [--out bench/results]`
 *
 * The scaling factor: the benchmark's mixed workload (80 % reads, 20 % writes) through HAProxy,
 * first against one web instance, then against three, each with one worker, all on the same
 * PostgreSQL database (DATABASE_URL) and the same machine (server/src/test/cluster.ts starts them).
 * Both runs go through the balancer, so the factor is the instances' and not the proxy's.
 * Writes <time>-scale-out-<scale>.json and latest-scale-out-<scale>.md.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { postgresSessionOptions } from '../server/src/db/client.ts';
import { startCluster } from '../server/src/test/cluster.ts';
import { generateBenchData, openBenchDatabase } from './data.ts';
import { rawClientOf } from './raw.ts';
import { type ScaleName, scales } from './scale.ts';
import { buildScenarios, type Drive, drive, readScenarioInputs, signInEveryone } from './workload.ts';

const { values: args } = parseArgs({
  options: {
    scale: { type: 'string', default: 'medium' },
    duration: { type: 'string', default: '20' },
    connections: { type: 'string', default: '30' },
    generate: { type: 'boolean', default: false },
    out: { type: 'string', default: 'bench/results' },
  },
});
const scaleName = args.scale as ScaleName;
const scale = scales[scaleName];
const duration = Number(args.duration);
const connections = Number(args.connections);
const databaseUrl = process.env.DATABASE_URL;
/** The bench's own ports on 127.0.0.1 (the scale-out test uses 4300–4339). */
const PORTS: [number, number] = [4340, 4399];

async function measure(web: number, mixed: ReturnType<typeof buildScenarios>['mixed']): Promise<Drive> {
  const cluster = await startCluster({ databaseUrl: databaseUrl!, ports: PORTS, web, workers: 1 });
  try {
    const { writers } = await signInEveryone(cluster.url);
    const result = await drive(cluster.url, writers, mixed, { connections, duration });
    console.log(
      `${web} web instance${web > 1 ? 's' : ''}: ${result.rps} req/s, p95 ${result.p95} ms, errors ${result.errors}`,
    );
    return result;
  } finally {
    await cluster.stop();
  }
}

async function main() {
  if (!databaseUrl?.startsWith('postgres')) throw new Error('scale-out runs on PostgreSQL: set DATABASE_URL');
  if (!scale) throw new Error(`--scale must be one of ${Object.keys(scales).join(', ')}`);
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
  const one = await measure(1, mixed);
  const three = await measure(3, mixed);
  const factor = Math.round((three.rps / one.rps) * 100) / 100;
  const when = new Date().toISOString();
  const cpus = os.cpus().length;
  const machine = `${cpus} × ${os.cpus()[0]?.model ?? 'CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
  const load = { atStart: loadAtStart, atEnd: Math.round(os.loadavg()[0]! * 100) / 100 };
  const result = {
    when,
    database: 'PostgreSQL',
    balancer: 'HAProxy (round-robin)',
    scale: scaleName,
    duration,
    connections,
    machine,
    load,
    oneInstance: one,
    threeInstances: three,
    scalingFactor: factor,
  };
  mkdirSync(args.out, { recursive: true });
  writeFileSync(
    `${args.out}/${when.replace(/[:.]/g, '-')}-scale-out-${scaleName}.json`,
    `${JSON.stringify(result, null, 2)}\n`,
  );
  const row = (name: string, r: Drive) =>
    `| ${name} | ${r.rps} | ${r.p50} | ${r.p95} | ${r.p99} | ${r.errors} |`;
  const md = [
    `Scale-out: the mixed workload through HAProxy, PostgreSQL, ${scaleName} scale, ${connections} connections, ${duration} s per run, ${when.slice(0, 16)} UTC, ${machine}; every process (instances, worker, HAProxy, PostgreSQL, load generator) on the same ${cpus} cores; load average ${load.atStart} at the start, ${load.atEnd} at the end.`,
    '',
    '| web instances (+ 1 worker) | req/s | p50 ms | p95 ms | p99 ms | errors |',
    '|---|---|---|---|---|---|',
    row('1', one),
    row('3', three),
    '',
    `Scaling factor (3 instances / 1): **${factor}×**.`,
    '',
  ].join('\n');
  writeFileSync(`${args.out}/latest-scale-out-${scaleName}.md`, md);
  console.log(`\n${md}`);
  if (one.errors || three.errors) {
    console.error(
      `Errors: one instance ${JSON.stringify(one.statuses)}, three ${JSON.stringify(three.statuses)}`,
    );
    process.exitCode = 1;
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
