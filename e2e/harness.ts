import { mkdirSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import axe from 'axe-core';
import { type Browser, chromium, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { type App, buildApp } from '../server/src/app.ts';
import { loadConfig } from '../server/src/config.ts';
import type { Database } from '../server/src/db/client.ts';
import { openTestDatabase } from '../server/src/test/database.ts';

export const SCREENSHOTS = 'test-output/screenshots';
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export type Harness = {
  app: App;
  database: Database;
  url: string;
  browser: Browser;
  newPage(size: { width: number; height: number }): Promise<Page>;
  close(): Promise<void>;
};

/** The real server (API and built web app) on a fresh test database, and a headless Chromium; `env` adds settings (SMTP). */
export async function startHarness(env: Record<string, string> = {}): Promise<Harness> {
  const database = await openTestDatabase();
  // Background jobs run in this process, as they do on the embedded database (notices come from events).
  const app = await buildApp({
    config: loadConfig({ RAPPORT_DEMO: '0', LOG_LEVEL: 'silent', ...env }),
    database,
    jobs: { work: true, queue: 'in-process' },
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  mkdirSync(SCREENSHOTS, { recursive: true });
  // Reduced motion: the app then skips its transitions, so axe measures settled colours.
  const newPage = async (size: { width: number; height: number }) => {
    const page = await browser.newPage({ viewport: size, reducedMotion: 'reduce' });
    watchConsole(page);
    return page;
  };
  return {
    newPage,
    app,
    database,
    url,
    browser,
    close: async () => {
      await browser.close();
      await app.close();
      await database.close();
    },
  };
}

export async function signIn(page: Page, url: string, email: string, password: string) {
  await page.goto(`${url}/sign-in`);
  await page.getByLabel('E-mail address').fill(email);
  await page.getByLabel(/^Password/).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: /^Hello/ }).waitFor();
}

/** What each page wrote to the browser console as an error or a warning, or threw, not yet checked. */
const consoleProblems = new WeakMap<Page, string[]>();

function watchConsole(page: Page) {
  const problems: string[] = [];
  consoleProblems.set(page, problems);
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') {
      const where = message.location().url ? ` (${message.location().url})` : '';
      problems.push(`${message.type()}: ${message.text()}${where}`);
    }
  });
  page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
}

/**
 * Fails when the page logged an error or a warning to the console (or threw) since the last
 * check: a screen people use must be clean. Patterns in `allowed` pass what a test provokes on
 * purpose (a request the server refuses, which the browser reports as an error).
 */
export function expectCleanConsole(page: Page, name: string, allowed: RegExp[] = []) {
  const problems = consoleProblems.get(page) ?? [];
  const left = problems.filter((p) => !allowed.some((pattern) => pattern.test(p)));
  problems.length = 0;
  expect(left, `console of ${name}`).toEqual([]);
}

/** Runs axe-core on the page as it is, saves a screenshot, and fails on serious or critical violations. */
export async function checkScreen(page: Page, name: string) {
  await page.screenshot({ path: `${SCREENSHOTS}/${name}.png`, fullPage: true });
  await page.evaluate(axe.source);
  const result = (await page.evaluate(() =>
    // biome-ignore lint/suspicious/noExplicitAny: axe is injected into the page above.
    (window as any).axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
    }),
  )) as axe.AxeResults;
  const serious = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const report = serious.map(
    (v) =>
      `${v.id} (${v.impact}): ${v.help} — ${v.nodes
        .map((n) => `${n.target.join(' ')} ${n.html.slice(0, 160)}`)
        .slice(0, 3)
        .join('; ')}`,
  );
  expect(report, `accessibility of ${name}`).toEqual([]);
}

/** Records a measured figure for the closing note (never asserted: speed belongs to benchmarks). */
export function recordFigure(name: string, value: number) {
  mkdirSync('test-output', { recursive: true });
  writeFileSync(`test-output/e2e-${name}.txt`, `${value}\n`);
  console.log(`${name}: ${value}`);
}
