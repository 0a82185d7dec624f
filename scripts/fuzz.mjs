#!/usr/bin/env node
// `npm run test:fuzz`: the long form of the API fuzzer (server/src/test/fuzz/), 100,000 requests by
// default, on PGlite and, when TEST_DATABASE_URL is set, on PostgreSQL. Writes the figures to
// bench/results/<time>-fuzz.json and fuzz-latest.json, and prints them.
//   --requests N   requests per database (default 100000)
//   --seed N       fast-check seed (default: the short form's)
//   --driver D     pglite, postgres or both (default: both when TEST_DATABASE_URL is set)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    requests: { type: 'string', default: '100000' },
    seed: { type: 'string' },
    driver: { type: 'string' },
  },
});
const requests = Number(values.requests);
if (!Number.isInteger(requests) || requests < 1)
  throw new Error('--requests must be a positive whole number');
const drivers = values.driver
  ? values.driver === 'both'
    ? ['pglite', 'postgres']
    : [values.driver]
  : process.env.TEST_DATABASE_URL
    ? ['pglite', 'postgres']
    : ['pglite'];

mkdirSync('test-output', { recursive: true });
const started = new Date();
const loadStart = os.loadavg();
const byDriver = {};
let failed = 0;
for (const driver of drivers) {
  console.log(`\n=== Fuzzing ${requests} requests on ${driver} ===\n`);
  const report = `test-output/fuzz-${driver}.json`;
  const result = spawnSync('npx', ['vitest', 'run', 'server/src/test/fuzz/fuzz.test.ts'], {
    stdio: 'inherit',
    env: {
      ...process.env,
      RAPPORT_TEST_DRIVER: driver,
      RAPPORT_FUZZ_REQUESTS: String(requests),
      RAPPORT_FUZZ_REPORT: report,
      ...(values.seed ? { RAPPORT_FUZZ_SEED: values.seed } : {}),
    },
  });
  if (result.status !== 0) failed++;
  byDriver[driver] = existsSync(report)
    ? { passed: result.status === 0, ...JSON.parse(readFileSync(report, 'utf8')) }
    : { passed: false, error: 'the fuzz test wrote no figures (see its output above)' };
}

const summary = {
  kind: 'fuzz',
  startedAt: started.toISOString(),
  requestsPerDatabase: requests,
  machine: {
    cpus: os.cpus().length,
    loadAverageStart: loadStart,
    loadAverageEnd: os.loadavg(),
    node: process.version,
  },
  byDriver,
};
mkdirSync('bench/results', { recursive: true });
const file = `bench/results/${started.toISOString().replace(/[:.]/g, '-')}-fuzz.json`;
writeFileSync(file, `${JSON.stringify(summary, null, 2)}\n`);
writeFileSync('bench/results/fuzz-latest.json', `${JSON.stringify(summary, null, 2)}\n`);
for (const [driver, f] of Object.entries(byDriver))
  console.log(
    `${driver}: ${f.requests ?? 0} requests, ${f.serverErrors ?? '?'} 5xx, ${f.notProblemJson ?? '?'} errors not problem+json, ${f.errorLogLines ?? '?'} error log lines, ${f.timeouts ?? '?'} timeouts, ${f.requestsPerSecond ?? '?'} req/s`,
  );
console.log(`Figures in ${file}`);
console.log(`${drivers.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
