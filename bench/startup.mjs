#!/usr/bin/env node
/**
 * `node bench/startup.mjs [--runs 3] [--port 4590] [--label after] [--out bench/results]`
 *
 * Measures how long `npm start`'s command (`node bin/rapport.mjs serve`) takes on an embedded
 * database that already exists: until it prints anything, until it prints the URL, and until the
 * URL answers. The first run creates and loads the database (reported apart); the others reuse it.
 * Writes bench/results/startup-<label>.json. A measurement, never a test.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    port: { type: 'string', default: '4590' },
    label: { type: 'string', default: 'current' },
    out: { type: 'string', default: 'bench/results' },
  },
});

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'rapport-startup-'));

/** One start: spawn, time the first output and the banner, wait for an answer, then SIGTERM. */
async function start() {
  const began = performance.now();
  const child = spawn(process.execPath, ['bin/rapport.mjs', 'serve'], {
    env: { ...process.env, PORT: args.port, RAPPORT_DATA_DIR: dataDir, LOG_FORMAT: 'json' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let firstOutputMs = null;
  let bannerMs = null;
  const seen = (chunk) => {
    firstOutputMs ??= performance.now() - began;
    output += chunk;
    if (bannerMs === null && output.includes('Rapport is running at')) bannerMs = performance.now() - began;
  };
  child.stdout.on('data', seen);
  child.stderr.on('data', seen);
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const deadline = Date.now() + 180_000;
  while (bannerMs === null && Date.now() < deadline && child.exitCode === null) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  if (bannerMs === null) {
    child.kill('SIGKILL');
    throw new Error(`no banner within 180 s:\n${output}`);
  }
  let answerMs = null;
  while (answerMs === null && Date.now() < deadline) {
    try {
      const response = await fetch(`http://127.0.0.1:${args.port}/api/v1/health`);
      if (response.ok) answerMs = performance.now() - began;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
  child.kill('SIGTERM');
  await exited;
  const round = (ms) => (ms === null ? null : Math.round(ms));
  return { firstOutputMs: round(firstOutputMs), bannerMs: round(bannerMs), answerMs: round(answerMs) };
}

try {
  const fresh = await start();
  console.log('fresh database', fresh);
  const existing = [];
  for (let i = 0; i < Number(args.runs); i++) {
    const run = await start();
    console.log('existing database', run);
    existing.push(run);
  }
  const median = (key) => {
    const values = existing.map((run) => run[key]).sort((a, b) => a - b);
    return values[Math.floor(values.length / 2)];
  };
  const result = {
    label: args.label,
    at: new Date().toISOString(),
    node: process.version,
    cpus: os.cpus().length,
    fresh,
    existing,
    medianExisting: {
      firstOutputMs: median('firstOutputMs'),
      bannerMs: median('bannerMs'),
      answerMs: median('answerMs'),
    },
  };
  mkdirSync(args.out, { recursive: true });
  const file = path.join(args.out, `startup-${args.label}.json`);
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`median on an existing database: ${JSON.stringify(result.medianExisting)} → ${file}`);
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
