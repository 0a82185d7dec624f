import { and, eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requests } from '../server/src/db/schema/index.ts';
import { demoPassword, seedDemo } from '../server/src/demo/seed.ts';
import { buildAffiliation, buildContact, buildPartner } from '../server/src/test/factories/index.ts';
import {
  checkScreen,
  expectCleanConsole,
  expectNoOverlap,
  type Harness,
  signIn,
  startHarness,
} from './harness.ts';

/** The command palette (Ctrl/Cmd-K): records of every kind, commands, Enter and arrows, the `?` overlay. */
let h: Harness;
let page: Page;
let request: { reference: number; title: string };

beforeAll(async () => {
  h = await startHarness();
  const db = h.database.db;
  expect(await seedDemo(db)).toBe('loaded');
  const partner = await buildPartner(db, { name: 'Pennine Logistics Quarry Works' });
  const contact = await buildContact(db, { name: 'Margaret Oyelaran', email: 'm.oyelaran@pennine.example' });
  await buildAffiliation(db, { contactId: contact.id, partnerId: partner.id });
  const [open] = await db
    .select({ reference: requests.reference, title: requests.title })
    .from(requests)
    .where(and(eq(requests.visibility, 'institution'), eq(requests.status, 'new')))
    .limit(1);
  request = open!;
  page = await h.newPage({ width: 1280, height: 900 });
  await signIn(page, h.url, 'staff@northmoor.ac.uk', demoPassword);
});
afterAll(() => h?.close());

const dialog = () => page.getByRole('dialog', { name: 'Search and commands' });
const box = () => dialog().getByRole('textbox', { name: 'Search or type a command' });
const selected = () => dialog().locator('[data-combobox-selected]').textContent();
const scheme = () => page.evaluate(() => document.documentElement.getAttribute('data-mantine-color-scheme'));

async function openPalette() {
  await page.keyboard.press('Control+k');
  await box().waitFor();
  await expect.poll(() => box().evaluate((el) => el === document.activeElement)).toBe(true);
}

describe('the command palette', () => {
  it('opens with Ctrl-K on commands, and Enter opens the first partner found as soon as it shows', async () => {
    await openPalette();
    await dialog()
      .getByRole('option', { name: /Go to Requests/ })
      .waitFor();
    await checkScreen(page, 'palette-commands');
    await page.keyboard.type('Pennine Logistics Qua');
    // Checked while the search is on its way, and again once it has answered.
    await checkScreen(page, 'palette-searching');
    await dialog()
      .getByRole('option', { name: /Pennine Logistics Quarry Works/ })
      .first()
      .waitFor();
    await expect.poll(selected).toMatch(/Pennine Logistics Quarry Works/);
    await checkScreen(page, 'palette-results');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Pennine Logistics Quarry Works', level: 2 }).waitFor();
    await expect.poll(() => dialog().count()).toBe(0);
  });

  it('finds a contact whose name is misspelt, and the arrows move between hits', async () => {
    await openPalette();
    await page.keyboard.type('Margret Oyelaran');
    await dialog()
      .getByRole('option', { name: /Margaret Oyelaran/ })
      .waitFor();
    await expect.poll(selected).toMatch(/Margaret Oyelaran/);
    const first = await selected();
    await page.keyboard.press('ArrowDown');
    await expect.poll(selected).not.toBe(first);
    await page.keyboard.press('ArrowUp');
    await expect.poll(selected).toBe(first);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Margaret Oyelaran', exact: true }).waitFor();
  });

  it('finds a request by its reference', async () => {
    await openPalette();
    await page.keyboard.type(`#${request.reference}`);
    const option = dialog().getByRole('option', { name: new RegExp(`#${request.reference} `) });
    await option.first().waitFor();
    await option.first().click();
    await page
      .getByRole('heading', {
        name: new RegExp(request.title.slice(0, 20).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')),
      })
      .first()
      .waitFor();
    expect(page.url()).toMatch(/\/requests\/[0-9a-f-]{36}$/);
  });

  it('logs a touch point for the partner it found, with the partner already chosen', async () => {
    await openPalette();
    await page.keyboard.type('Pennine Logistics Qua');
    const command = dialog().getByRole('option', {
      name: 'Log touch point for Pennine Logistics Quarry Works',
    });
    await command.waitFor();
    await command.click();
    const log = page.getByRole('dialog', { name: 'Log a touch point' });
    await log.waitFor();
    const partner = log.getByLabel(/^Partner/).first();
    await expect.poll(() => partner.inputValue()).toBe('Pennine Logistics Quarry Works');
    // Opened for that partner, the choice is fixed.
    expect(await partner.getAttribute('readonly')).not.toBeNull();
    await page.keyboard.press('Escape');
    await log.waitFor({ state: 'detached' });
  });

  it('switches to dark mode and back by command', async () => {
    expect(await scheme()).toBe('light');
    await openPalette();
    await page.keyboard.type('dark mode');
    await expect.poll(selected).toMatch(/Switch to dark mode/);
    await page.keyboard.press('Enter');
    await expect.poll(scheme).toBe('dark');
    await openPalette();
    await page.keyboard.type('light mode');
    await expect.poll(selected).toMatch(/Switch to light mode/);
    await page.keyboard.press('Enter');
    await expect.poll(scheme).toBe('light');
  });

  it('goes to a screen by command', async () => {
    await openPalette();
    await page.keyboard.type('go to tasks');
    await expect.poll(selected).toMatch(/Go to Tasks/);
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/tasks\?/);
  });

  it('opens the full results page for more than the first hits', async () => {
    await openPalette();
    await page.keyboard.type('Pennine');
    const all = dialog().getByRole('option', { name: /All results for “Pennine”/ });
    await all.waitFor();
    await all.click();
    await page.waitForURL(/\/search\?q=Pennine/);
    await page
      .getByRole('region', { name: 'Partners' })
      .getByRole('link', { name: 'Pennine Logistics Quarry Works' })
      .waitFor();
    expect(await page.title()).toBe('Search: Pennine · Rapport');
    await checkScreen(page, 'search-page');
  });

  it('lists every shortcut with ?', async () => {
    await page.getByRole('heading', { level: 2 }).first().click();
    await page.keyboard.press('Shift+Slash');
    const overlay = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await overlay.waitFor();
    for (const what of [/Search, or run a command/, /Log a touch point/, /Show these shortcuts/])
      await overlay.getByRole('cell', { name: what }).waitFor();
    await checkScreen(page, 'shortcuts');
    await page.keyboard.press('Escape');
    await overlay.waitFor({ state: 'detached' });
    expectCleanConsole(page, 'palette');
  });

  it('fits a phone, opened from the header', async () => {
    const phone = await h.newPage({ width: 320, height: 700 });
    await signIn(phone, h.url, 'staff@northmoor.ac.uk', demoPassword);
    await phone.getByRole('button', { name: 'Search (Ctrl K)' }).click();
    const palette = phone.getByRole('dialog', { name: 'Search and commands' });
    await palette.getByRole('textbox', { name: 'Search or type a command' }).fill('Pennine Logistics Qua');
    await palette
      .getByRole('option', { name: /Pennine Logistics Quarry Works/ })
      .first()
      .waitFor();
    await expectNoOverlap(phone, 'palette-phone');
    await checkScreen(phone, 'palette-phone');
    await phone.close();
  });
});
