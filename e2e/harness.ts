import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
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
  /** The folder this server keeps attachments in (removed on close). */
  attachmentsDir: string;
  /** A new page; `timezoneId` sets the browser's own time zone (the computer's, not the university's). */
  newPage(size: { width: number; height: number }, options?: { timezoneId?: string }): Promise<Page>;
  close(): Promise<void>;
};

/** The real server (API and built web app) on a fresh test database, and a headless Chromium. */
export async function startHarness(options: { env?: Record<string, string> } = {}): Promise<Harness> {
  const database = await openTestDatabase();
  const attachmentsDir = mkdtempSync(path.join(os.tmpdir(), 'rapport-e2e-attachments-'));
  // Background jobs run in this process, as they do on the embedded database (notices come from events).
  const app = await buildApp({
    config: loadConfig({
      RAPPORT_DEMO: '0',
      LOG_LEVEL: 'silent',
      RAPPORT_ATTACHMENTS_DIR: attachmentsDir,
      ...options.env,
    }),
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
  const newPage = async (size: { width: number; height: number }, options: { timezoneId?: string } = {}) => {
    const page = await browser.newPage({ viewport: size, reducedMotion: 'reduce', ...options });
    watchConsole(page);
    // A breach of the page's CSP is a console error too (Chromium reports some only as an
    // event, such as a library probing for eval), so a clean console means a clean policy.
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (event) =>
        console.error(
          `CSP violation: ${event.violatedDirective} ${event.blockedURI} at ${event.sourceFile}:${event.lineNumber}:${event.columnNumber}`,
        ),
      );
    });
    return page;
  };
  return {
    newPage,
    app,
    database,
    url,
    browser,
    attachmentsDir,
    close: async () => {
      await browser.close();
      await app.close();
      await database.close();
      rmSync(attachmentsDir, { recursive: true, force: true });
    },
  };
}

export async function signIn(page: Page, url: string, email: string, password: string) {
  await page.goto(`${url}/sign-in`);
  await page.getByLabel('E-mail address').fill(email);
  await page.getByLabel(/^Password/).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page
    .getByRole('heading', { name: /^Hello/ })
    .waitFor()
    .catch(async (error: Error) => {
      // Say what the page showed instead of Home: a refusal, another screen.
      const shown = ((await page.locator('body').textContent()) ?? '').slice(0, 600);
      throw new Error(`${error.message}\nsigning in as ${email}, ${page.url()} showed:\n${shown}`);
    });
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

/**
 * Fails when the page scrolls sideways, or when two things on it overlap: the header's controls
 * with each other, the header with the page below it, or the page's headings, controls, fields
 * and badges with each other (WCAG reflow at phone widths). Measured at the top of the page.
 */
export async function expectNoOverlap(page: Page, name: string) {
  await page.evaluate(() => window.scrollTo(0, 0));
  const found = await page.evaluate(() => {
    const problems: string[] = [];
    const doc = document.documentElement;
    if (doc.scrollWidth > window.innerWidth)
      problems.push(`scrolls sideways: ${doc.scrollWidth} px wide in a ${window.innerWidth} px window`);
    const describe = (el: Element) =>
      `${el.tagName.toLowerCase()} "${(el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 40)}"`;
    const selector =
      'header a, header button, main h1, main h2, main h3, main button, main a, main input, main .mantine-Badge-root';
    // What scrolls inside its own box may run past that box's edges: that is the box's purpose.
    const inScrollBox = (el: Element) => {
      for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
        const { overflowX } = getComputedStyle(up);
        if (overflowX === 'auto' || overflowX === 'scroll') return true;
      }
      return false;
    };
    const boxes = [...document.querySelectorAll(selector)]
      .filter((el) => !inScrollBox(el))
      .map((el) => ({ el, r: el.getBoundingClientRect() }))
      .filter(({ r }) => r.width > 1 && r.height > 1 && r.right > 0 && r.left < window.innerWidth);
    const header = document.querySelector('header')?.getBoundingClientRect();
    for (const { el, r } of boxes) {
      if (r.right > window.innerWidth + 0.5) problems.push(`${describe(el)} runs off the right edge`);
      if (header && el.closest('main') && r.top < header.bottom - 0.5)
        problems.push(`${describe(el)} is under the header`);
    }
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i]!;
        const b = boxes[j]!;
        if (a.el.contains(b.el) || b.el.contains(a.el)) continue;
        // A field's own sections (show password, clear) sit inside it by design.
        const field = a.el.closest('.mantine-Input-wrapper');
        if (field && field === b.el.closest('.mantine-Input-wrapper')) continue;
        const x = Math.min(a.r.right, b.r.right) - Math.max(a.r.left, b.r.left);
        const y = Math.min(a.r.bottom, b.r.bottom) - Math.max(a.r.top, b.r.top);
        // A pixel of shared border is not an overlap.
        if (x > 1 && y > 1) problems.push(`${describe(a.el)} overlaps ${describe(b.el)}`);
      }
    }
    return problems;
  });
  expect(found, `layout of ${name} at ${page.viewportSize()?.width} px`).toEqual([]);
}
