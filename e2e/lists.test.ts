import { readFile } from 'node:fs/promises';
import Papa from 'papaparse';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPassword } from '../server/src/demo/catalogue.ts';
import { seedDemo } from '../server/src/demo/seed.ts';
import { checkScreen, type Harness, signIn, startHarness } from './harness.ts';

let h: Harness;
let page: Page;
/** How many partners are dormant, as the filtered list shows. */
let dormant = 0;

/** The demo University of Northmoor, as its member of staff in Careers. */
beforeAll(async () => {
  h = await startHarness();
  expect(await seedDemo(h.database.db)).toBe('loaded');
  page = await h.newPage({ width: 1280, height: 900 });
  await signIn(page, h.url, 'staff@northmoor.ac.uk', demoPassword);
});
afterAll(async () => {
  await h?.close();
});

const shownCount = async () =>
  Number((await page.getByText(/^\d+ partners/).textContent())?.match(/^\d+/)?.[0]);

describe('the partner list pipeline in the browser', () => {
  it('keeps the filters in the address, so a reload shows the same list', async () => {
    await page.goto(`${h.url}/partners`);
    await page.getByRole('heading', { name: 'Partners' }).waitFor();
    const all = await shownCount();
    await page.getByRole('combobox', { name: 'Status' }).click();
    await page.getByRole('option', { name: 'Dormant' }).click();
    await page.keyboard.press('Escape');
    await expect.poll(() => new URL(page.url()).searchParams.get('status')).toBe('dormant');
    await expect.poll(shownCount).toBeLessThan(all);
    dormant = await shownCount();
    await page.reload();
    await page.getByRole('heading', { name: 'Partners' }).waitFor();
    await expect.poll(shownCount).toBe(dormant);
    await checkScreen(page, 'l01-partners-filtered');
  });

  it('saves the filters as a view for the unit, and applies it again', async () => {
    await page.getByRole('button', { name: 'Views…' }).click();
    await page.getByRole('menuitem', { name: 'Save these filters as a view' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Name').fill('Dormant partners');
    await dialog.getByLabel('My unit').check();
    await checkScreen(page, 'l02-save-view');
    await dialog.getByRole('button', { name: 'Save view' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await expect.poll(() => new URL(page.url()).search).toBe('');
    await page.getByRole('combobox', { name: 'Saved views' }).click();
    await page.getByRole('option', { name: 'Dormant partners' }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('status')).toBe('dormant');
    await expect.poll(shownCount).toBe(dormant);
  });

  it('exports every filtered partner from the server as CSV', async () => {
    await page.getByRole('button', { name: 'Export' }).click();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('menuitem', { name: 'CSV (.csv)' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^partners-\d{4}-\d{2}-\d{2}\.csv$/);
    const text = (await readFile((await download.path())!, 'utf8')).replace(/^\uFEFF/, '');
    const rows = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true }).data;
    expect(rows).toHaveLength(dormant);
    expect(new Set(rows.map((r) => r.Status))).toEqual(new Set(['dormant']));
  });

  it('fits a phone', async () => {
    const phone = await h.newPage({ width: 375, height: 800 });
    await signIn(phone, h.url, 'staff@northmoor.ac.uk', demoPassword);
    await phone.goto(`${h.url}/partners?status=active&sort=-updatedAt`);
    await phone.getByRole('heading', { name: 'Partners' }).waitFor();
    await phone.getByText(/^\d+ partners/).waitFor();
    await checkScreen(phone, 'l03-partners-phone');
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await phone.close();
  });
});
