import { eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { units } from '../server/src/db/schema/index.ts';
import { demoPassword, seedDemo } from '../server/src/demo/seed.ts';
import { buildPartner, buildRelationship } from '../server/src/test/factories/index.ts';
import {
  checkScreen,
  expectCleanConsole,
  expectNoOverlap,
  type Harness,
  signIn,
  startHarness,
} from './harness.ts';

/** Where the screenshots at every width go (outside the repository when set). */
const SHOTS = process.env.RAPPORT_SHOTS_DIR;
const NAME = 'Ashdown Building Society';
let h: Harness;
let page: Page;
let partnerId: string;
let requestPath = '';

beforeAll(async () => {
  h = await startHarness();
  const db = h.database.db;
  expect(await seedDemo(db)).toBe('loaded');
  const [careers] = await db.select().from(units).where(eq(units.name, 'Careers and Employability'));
  partnerId = (await buildPartner(db, { name: NAME })).id;
  await buildRelationship(db, { unitId: careers!.id, partnerId, cadenceDays: 30 });
  page = await h.newPage({ width: 390, height: 844 });
});
afterAll(async () => {
  await h?.close();
});

const title = () => page.evaluate(() => document.title);
const focused = () => page.evaluate(() => document.activeElement?.textContent ?? '');
const menu = () => page.getByRole('navigation', { name: 'Main' });
/** Whether the phone menu is on screen (collapsed, it slides off to the left). */
const menuShown = () => menu().evaluate((nav) => nav.getBoundingClientRect().right > 0);

describe('the main journey on a phone (390 px)', () => {
  it('signs in to a home page that fits', async () => {
    await signIn(page, h.url, 'staff@northmoor.ac.uk', demoPassword);
    expect(await title()).toBe('Home · Rapport');
    await expectNoOverlap(page, 'home');
    await checkScreen(page, 'phone-01-home');
  });

  it('chooses Partners from the menu, which closes, and the heading takes focus', async () => {
    expect(await menuShown()).toBe(false);
    await page.getByRole('button', { name: 'Toggle navigation' }).click();
    await expect.poll(menuShown).toBe(true);
    await menu().getByRole('link', { name: 'Partners' }).click();
    await page.getByRole('heading', { name: 'Partners', exact: true }).waitFor();
    await expect.poll(menuShown).toBe(false);
    await expect.poll(title).toBe('Partners · Rapport');
    await expect.poll(focused).toBe('Partners');
    await expectNoOverlap(page, 'partners');
    await checkScreen(page, 'phone-02-partners');
  });

  it('keeps the menu right across the phone breakpoint: widened it stays, narrowed again it is closed', async () => {
    await page.getByRole('button', { name: 'Toggle navigation' }).click();
    await expect.poll(menuShown).toBe(true);
    await page.setViewportSize({ width: 1280, height: 844 });
    await expect.poll(() => page.getByRole('button', { name: 'Toggle navigation' }).isVisible()).toBe(false);
    expect(await menuShown()).toBe(true);
    await expectNoOverlap(page, 'partners widened');
    await page.setViewportSize({ width: 390, height: 844 });
    await expect.poll(menuShown).toBe(false);
    await page.getByRole('heading', { name: 'Partners', exact: true }).waitFor();
    await expectNoOverlap(page, 'partners narrowed again');
    await checkScreen(page, 'phone-02b-partners-resized');
  });

  it('opens a partner page, titled with the partner’s name', async () => {
    await page.goto(`${h.url}/partners/${partnerId}`);
    await page.getByRole('heading', { name: NAME }).waitFor();
    await expect.poll(title).toBe(`${NAME} · Partners · Rapport`);
    await expectNoOverlap(page, 'partner page');
    await checkScreen(page, 'phone-03-partner');
  });

  it('logs a touch point from the header', async () => {
    await page.getByRole('banner').getByRole('button', { name: 'Log touch point' }).click();
    const dialog = page.getByRole('dialog');
    await dialog
      .getByLabel(/^Partner/)
      .first()
      .fill('Ashdown');
    await page.getByRole('option', { name: new RegExp(NAME) }).click();
    await dialog.getByLabel('Subject').fill('Call about graduate placements');
    await checkScreen(page, 'phone-04-log');
    await dialog.getByRole('button', { name: 'Log touch point' }).click();
    await page.getByRole('list', { name: 'Timeline' }).getByText('Call about graduate placements').waitFor();
  });

  it('raises a high-priority request and reads it, badges whole', async () => {
    await page.getByRole('main').getByRole('button', { name: 'Raise request' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel(/^Title/).fill('Placement contract not returned');
    await dialog
      .getByLabel(/^Priority/)
      .first()
      .click();
    await page.getByRole('option', { name: 'High' }).click();
    await dialog.getByRole('button', { name: 'Raise request' }).click();
    await page.getByRole('heading', { name: 'Placement contract not returned' }).waitFor();
    requestPath = new URL(page.url()).pathname;
    await expect.poll(title).toMatch(/^#\d+ Placement contract not returned · Requests · Rapport$/);
    const badge = page.getByRole('main').locator('.mantine-Badge-root', { hasText: 'High priority' });
    // Never cut: the label's text fits inside the badge.
    expect(await badge.evaluate((el) => el.scrollWidth <= el.clientWidth + 1)).toBe(true);
    await expectNoOverlap(page, 'request page');
    await checkScreen(page, 'phone-05-request');
    expectCleanConsole(page, 'phone journey');
  });
});

describe('every main screen at 320, 390, 768 and 1280 px', () => {
  const screens = [
    { name: 'home', path: () => '/', heading: /^Hello/ },
    { name: 'partners', path: () => '/partners', heading: 'Partners' },
    { name: 'partner', path: () => `/partners/${partnerId}`, heading: NAME },
    { name: 'request', path: () => requestPath, heading: 'Placement contract not returned' },
  ];
  for (const width of [320, 390, 768, 1280]) {
    it(`fits at ${width} px: no sideways scrolling, nothing overlapping`, async () => {
      await page.setViewportSize({ width, height: 900 });
      for (const screen of screens) {
        await page.goto(`${h.url}${screen.path()}`);
        await page
          .getByRole('heading', { name: screen.heading, exact: typeof screen.heading === 'string' })
          .waitFor();
        await page
          .locator('main [role="status"]')
          .first()
          .waitFor({ state: 'detached' })
          .catch(() => undefined);
        await expectNoOverlap(page, screen.name);
        // What a person sees first, without scrolling.
        if (SHOTS) await page.screenshot({ path: `${SHOTS}/${screen.name}-${width}.png` });
      }
      expectCleanConsole(page, `screens at ${width} px`);
    });
  }
});
