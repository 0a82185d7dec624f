#!/usr/bin/env node
// `npm run audit:web`: Lighthouse (the npm package) on the main pages, in Debian's headless Chromium.
// Starts Rapport on a fresh embedded database with the demo, signs in as the demo relationship
// manager, and audits the sign-in page, Home, Partners and a partner page in mobile and desktop
// modes. Writes the scores to bench/results/ (or --out). A measurement, never a pass/fail gate:
// it exits non-zero only when it could not measure at all.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import desktopConfig from 'lighthouse/core/config/desktop-config.js';

const { values: args } = parseArgs({
  options: {
    out: { type: 'string', default: 'bench/results' },
    port: { type: 'string', default: '4790' },
    chromium: { type: 'string', default: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' },
    // To look at one page closely: `--page Home --mode mobile --runs 3 --details --out test-output/lighthouse`.
    page: { type: 'string', multiple: true },
    mode: { type: 'string', multiple: true },
    runs: { type: 'string', default: '1' },
    // Prints the main thread's long tasks and the scripts that took longest, and keeps each report.
    details: { type: 'boolean', default: false },
  },
});

const base = `http://127.0.0.1:${args.port}`;
const dataDir = mkdtempSync(path.join(tmpdir(), 'rapport-audit-'));
const server = spawn(process.execPath, ['bin/rapport.mjs', 'serve'], {
  env: { ...process.env, PORT: args.port, HOST: '127.0.0.1', RAPPORT_DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
  stdio: ['ignore', 'ignore', 'inherit'],
});
let chrome;

async function stop() {
  await chrome?.kill();
  if (server.exitCode === null) {
    server.kill('SIGTERM');
    await new Promise((resolve) => server.once('exit', resolve));
  }
  rmSync(dataDir, { recursive: true, force: true });
}

/** Waits (bounded) until the server answers its health check. */
async function ready() {
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`the server exited with ${server.exitCode}`);
    try {
      if ((await fetch(`${base}/api/v1/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error('the server did not become ready within 3 minutes');
}

const kb = (bytes) => Math.round(bytes / 1024);

/** The scores and the few figures that explain them, from one Lighthouse result. */
function summarise(lhr) {
  const score = (id) => Math.round((lhr.categories[id]?.score ?? 0) * 100);
  const audit = (id) => lhr.audits[id]?.numericValue ?? null;
  const requests = lhr.audits['network-requests']?.details?.items ?? [];
  const scriptBytes = requests
    .filter((r) => r.resourceType === 'Script')
    .reduce((sum, r) => sum + (r.transferSize ?? 0), 0);
  const styleBytes = requests
    .filter((r) => r.resourceType === 'Stylesheet')
    .reduce((sum, r) => sum + (r.transferSize ?? 0), 0);
  return {
    performance: score('performance'),
    accessibility: score('accessibility'),
    bestPractices: score('best-practices'),
    largestContentfulPaintMs: Math.round(audit('largest-contentful-paint') ?? 0),
    totalBlockingTimeMs: Math.round(audit('total-blocking-time') ?? 0),
    cumulativeLayoutShift: Number((audit('cumulative-layout-shift') ?? 0).toFixed(3)),
    scriptKbTransferred: kb(scriptBytes),
    stylesheetKbTransferred: kb(styleBytes),
    // What Chromium's issues panel reported (a blocked cookie, a CSP report, a deprecated API).
    browserIssues: (lhr.audits['inspector-issues']?.details?.items ?? []).flatMap((item) =>
      (item.subItems?.items?.length ? item.subItems.items : [{}]).map((sub) =>
        `${item.issueType}: ${sub.url ?? sub.source ?? ''}`.trim(),
      ),
    ),
    failedBestPractices: Object.values(lhr.categories['best-practices']?.auditRefs ?? [])
      .map((ref) => lhr.audits[ref.id])
      .filter((a) => a && a.score !== null && a.score < 1 && a.scoreDisplayMode !== 'informative')
      .map((a) => a.id),
  };
}

/** The main thread's long tasks and costliest scripts in one report, which is kept beside the scores. */
function printDetails(lhr, name) {
  mkdirSync(args.out, { recursive: true });
  writeFileSync(path.join(args.out, `${name.replace(/ /g, '-')}.report.json`), JSON.stringify(lhr));
  const items = (id) => lhr.audits[id]?.details?.items ?? [];
  console.log(
    `  load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  for (const t of items('long-tasks').slice(0, 10))
    console.log(`  long task ${Math.round(t.duration)} ms at ${Math.round(t.startTime)} ms: ${t.url}`);
  for (const b of items('bootup-time').slice(0, 6))
    console.log(
      `  script ${b.url}: ${Math.round(b.total)} ms (evaluation ${Math.round(b.scripting)} ms, parse ${Math.round(b.scriptParseCompile)} ms)`,
    );
  for (const m of items('mainthread-work-breakdown'))
    console.log(`  ${m.groupLabel}: ${Math.round(m.duration)} ms`);
}

try {
  await ready();
  const login = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'manager@northmoor.ac.uk', password: 'northmoor-demo' }),
  });
  if (!login.ok) throw new Error(`could not sign in: ${login.status}`);
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const partners = await (await fetch(`${base}/api/v1/partners?limit=1`, { headers: { cookie } })).json();
  const partnerId = partners.items?.[0]?.id;
  if (!partnerId) throw new Error('the demo has no partner to audit');

  const allPages = [
    { name: 'sign-in', url: `${base}/sign-in`, signedIn: false },
    { name: 'Home', url: `${base}/`, signedIn: true },
    { name: 'Partners', url: `${base}/partners`, signedIn: true },
    { name: 'partner page', url: `${base}/partners/${partnerId}`, signedIn: true },
  ];
  const pages = args.page ? allPages.filter((p) => args.page.includes(p.name)) : allPages;
  if (!pages.length) throw new Error(`no page is named ${args.page.join(', ')}`);
  chrome = await chromeLauncher.launch({
    chromePath: args.chromium,
    chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
  /** One Lighthouse run of a page in a mode, signed in where the page needs it. */
  const audit = (page, mode) =>
    lighthouse(
      page.url,
      {
        port: chrome.port,
        output: 'json',
        logLevel: 'error',
        onlyCategories: ['performance', 'accessibility', 'best-practices'],
        extraHeaders: page.signedIn ? { Cookie: cookie } : undefined,
      },
      mode === 'desktop' ? desktopConfig : undefined,
    );
  const results = [];
  for (const page of pages) {
    for (const mode of args.mode ?? ['mobile', 'desktop']) {
      for (let run = 0; run < Number(args.runs); run++) {
        // A run Lighthouse could not complete (no contentful paint seen, a page that never settled)
        // scores nothing: it is retried once, and if it fails again it is reported as not measured,
        // with Lighthouse's reason, never as a score of 0.
        let runnerResult = await audit(page, mode);
        if (runnerResult.lhr.runtimeError) {
          console.log(`${page.name} ${mode}: ${runnerResult.lhr.runtimeError.code}, measuring again`);
          runnerResult = await audit(page, mode);
        }
        if (runnerResult.lhr.runtimeError) {
          const { code, message } = runnerResult.lhr.runtimeError;
          console.log(`${page.name.padEnd(13)} ${mode.padEnd(8)} not measured: ${code} ${message}`);
          results.push({ page: page.name, mode, notMeasured: code });
          continue;
        }
        const summary = summarise(runnerResult.lhr);
        results.push({ page: page.name, mode, ...summary });
        if (args.details) printDetails(runnerResult.lhr, `${page.name}-${mode}-${run + 1}`);
        console.log(
          `${page.name.padEnd(13)} ${mode.padEnd(8)} performance ${String(summary.performance).padStart(3)}  accessibility ${String(summary.accessibility).padStart(3)}  best practices ${String(summary.bestPractices).padStart(3)}  LCP ${summary.largestContentfulPaintMs} ms  TBT ${summary.totalBlockingTimeMs} ms  CLS ${summary.cumulativeLayoutShift}  JS ${summary.scriptKbTransferred} KB  CSS ${summary.stylesheetKbTransferred} KB  load ${loadavg()[0].toFixed(1)}`,
        );
      }
    }
  }

  mkdirSync(args.out, { recursive: true });
  const at = new Date().toISOString();
  const file = path.join(args.out, `${at.replace(/[:.]/g, '-')}-lighthouse.json`);
  writeFileSync(
    file,
    `${JSON.stringify({ at, lighthouse: '12', chromium: args.chromium, results }, null, 2)}\n`,
  );
  const table = [
    `# Lighthouse, ${at.slice(0, 10)}`,
    '',
    "Measured by `npm run audit:web` (Lighthouse 12, Debian Chromium headless, demo data, signed in as the demo relationship manager). Mobile mode uses Lighthouse's simulated slow 4G and 4× CPU slowdown.",
    '',
    '| page | mode | performance | accessibility | best practices | LCP | TBT | CLS | JS transferred | CSS transferred |',
    '|---|---|---|---|---|---|---|---|---|---|',
    ...results.map((r) =>
      r.notMeasured
        ? `| ${r.page} | ${r.mode} | not measured: ${r.notMeasured} | | | | | | | |`
        : `| ${r.page} | ${r.mode} | ${r.performance} | ${r.accessibility} | ${r.bestPractices} | ${r.largestContentfulPaintMs} ms | ${r.totalBlockingTimeMs} ms | ${r.cumulativeLayoutShift} | ${r.scriptKbTransferred} KB | ${r.stylesheetKbTransferred} KB |`,
    ),
    '',
  ].join('\n');
  writeFileSync(path.join(args.out, 'latest-lighthouse.md'), table);
  console.log(`\nWrote ${file} and ${path.join(args.out, 'latest-lighthouse.md')}`);
} catch (error) {
  console.error(`audit:web could not measure: ${error instanceof Error ? error.message : error}`);
  process.exitCode = 1;
} finally {
  await stop();
}
