#!/usr/bin/env node
// `npm test`: every test on PGlite, then again on PostgreSQL when TEST_DATABASE_URL is set,
// then the browser tests (skipped when arguments select particular test files). Prints which database ran and a closing total.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';

const extra = process.argv.slice(2);
const runs = [{ name: 'PGlite (embedded)', driver: 'pglite' }];
if (process.env.TEST_DATABASE_URL) runs.push({ name: 'PostgreSQL (TEST_DATABASE_URL)', driver: 'postgres' });
else console.log('TEST_DATABASE_URL is not set: database tests run on PGlite only.');

mkdirSync('test-output', { recursive: true });
const totals = { passed: 0, failed: 0, skipped: 0 };
const lines = [];
let failedRun = false;

for (const run of runs) {
  console.log(`\n=== Database tests on ${run.name} ===\n`);
  const outputFile = `test-output/vitest-${run.driver}.json`;
  const result = spawnSync(
    'npx',
    ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${outputFile}`, ...extra],
    { stdio: 'inherit', env: { ...process.env, RAPPORT_TEST_DRIVER: run.driver } },
  );
  let counts = { passed: 0, failed: 0, skipped: 0 };
  if (existsSync(outputFile)) {
    const report = JSON.parse(readFileSync(outputFile, 'utf8'));
    counts = {
      passed: report.numPassedTests,
      failed: report.numFailedTests + (report.numRuntimeErrorTestSuites ?? 0),
      skipped: report.numPendingTests + report.numTodoTests,
    };
  }
  if (result.status !== 0 && counts.failed === 0) counts.failed = 1;
  if (result.status !== 0) failedRun = true;
  for (const k of Object.keys(totals)) totals[k] += counts[k];
  lines.push(`${run.name}: ${counts.passed} passed, ${counts.failed} failed`);
}

// Browser tests: the built web app in Debian's Chromium, on PGlite (the API they use is covered on both databases above).
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (extra.length === 0) {
  console.log('\n=== Browser tests (headless Chromium, PGlite) ===\n');
  if (!existsSync(chromium)) {
    console.log(
      `Chromium is not at ${chromium}: install Debian's chromium package (apt-get install chromium) or set CHROMIUM_PATH.`,
    );
    totals.failed += 1;
    failedRun = true;
    lines.push('Browser tests: not run (no Chromium), counted as 1 failed');
  } else {
    const build = spawnSync('node', ['scripts/build-web.mjs'], { stdio: 'inherit' });
    const outputFile = 'test-output/vitest-e2e.json';
    const result = spawnSync(
      'npx',
      [
        'vitest',
        'run',
        '--config',
        'vitest.e2e.config.ts',
        '--reporter=default',
        '--reporter=json',
        `--outputFile.json=${outputFile}`,
      ],
      { stdio: 'inherit', env: { ...process.env, RAPPORT_TEST_DRIVER: 'pglite' } },
    );
    let counts = { passed: 0, failed: 0 };
    if (existsSync(outputFile)) {
      const report = JSON.parse(readFileSync(outputFile, 'utf8'));
      counts = {
        passed: report.numPassedTests,
        failed: report.numFailedTests + (report.numRuntimeErrorTestSuites ?? 0),
      };
    }
    if ((result.status !== 0 || build.status !== 0) && counts.failed === 0) counts.failed = 1;
    if (result.status !== 0 || build.status !== 0) failedRun = true;
    totals.passed += counts.passed;
    totals.failed += counts.failed;
    lines.push(`Browser tests: ${counts.passed} passed, ${counts.failed} failed`);
  }
}

console.log('\n=== Summary ===');
for (const line of lines) console.log(line);
console.log(`${totals.passed} passed, ${totals.failed} failed`);
process.exit(failedRun ? 1 : 0);
