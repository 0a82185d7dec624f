import { eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { touchpoints } from '../server/src/db/schema/index.ts';
import { demoPassword, seedDemo } from '../server/src/demo/seed.ts';
import { checkScreen, expectCleanConsole, type Harness, signIn, startHarness } from './harness.ts';

/**
 * Rapport's look: its mark and colours, icons beside the words, sentence-case badges, and a dark
 * scheme that follows the system and still passes axe's contrast check on every main screen.
 */
let h: Harness;
/** A 1×1 PNG (a real image: file-type recognises it, as the server checks the bytes). */
const TINY_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGPgrlsOAAGTAQQ0J6ppAAAAAElFTkSuQmCC',
  'base64',
);
/** A partner whose timeline everyone may read. */
let partnerId: string;

beforeAll(async () => {
  h = await startHarness();
  expect(await seedDemo(h.database.db)).toBe('loaded');
  const [shared] = await h.database.db
    .select({ partnerId: touchpoints.partnerId })
    .from(touchpoints)
    .where(eq(touchpoints.visibility, 'institution'))
    .limit(1);
  partnerId = shared!.partnerId;
});
afterAll(() => h?.close());

const scheme = (page: Page) =>
  page.evaluate(() => document.documentElement.getAttribute('data-mantine-color-scheme'));
const bodyColour = (page: Page) => page.evaluate(() => getComputedStyle(document.body).backgroundColor);

/** Opens a screen from the main menu, waits for its heading, and checks it with axe. */
async function visit(page: Page, link: string, heading: RegExp, name: string) {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: link, exact: true }).click();
  await page.getByRole('heading', { name: heading, level: 2 }).first().waitFor();
  await page
    .getByLabel('Loading')
    .first()
    .waitFor({ state: 'detached' })
    .catch(() => undefined);
  await checkScreen(page, name);
}

describe('visual identity', () => {
  it('follows a dark system setting, and every main screen passes axe in it', async () => {
    const page = await h.newPage({ width: 1280, height: 900 });
    await page.emulateMedia({ colorScheme: 'dark' });
    await signIn(page, h.url, 'admin@northmoor.ac.uk', demoPassword);
    expect(await scheme(page)).toBe('dark');
    // Mantine's dark body, not white.
    expect(await bodyColour(page)).not.toBe('rgb(255, 255, 255)');
    await checkScreen(page, 'dark-home');
    await visit(page, 'Partners', /^Partners$/, 'dark-partners');
    await page.getByRole('table').getByRole('link').first().click();
    await page.getByRole('heading', { name: 'Latest touch points' }).waitFor();
    await checkScreen(page, 'dark-partner');
    await visit(page, 'Requests', /^Requests$/, 'dark-requests');
    await visit(page, 'Contacts', /^Contacts$/, 'dark-contacts');
    await visit(page, 'Tasks', /Tasks/, 'dark-tasks');
    await visit(page, 'Activities', /^Activities$/, 'dark-activities');
    await visit(page, 'Users', /^Users$/, 'dark-users');
    expectCleanConsole(page, 'dark screens');
    await page.close();
  });

  it('switches scheme from the header and keeps the choice after a reload', async () => {
    const page = await h.newPage({ width: 1280, height: 900 });
    await signIn(page, h.url, 'staff@northmoor.ac.uk', demoPassword);
    expect(await scheme(page)).toBe('light');
    await page.getByRole('button', { name: 'Switch to dark mode' }).click();
    await expect.poll(() => scheme(page)).toBe('dark');
    await page.reload();
    await page.getByRole('heading', { name: /^Hello/ }).waitFor();
    expect(await scheme(page)).toBe('dark');
    await page.getByRole('button', { name: 'Switch to light mode' }).click();
    await expect.poll(() => scheme(page)).toBe('light');
    expectCleanConsole(page, 'scheme switch');
    await page.close();
  });

  it('puts the mark in the header, an icon beside every menu entry and each touch point, and badges in sentence case', async () => {
    const page = await h.newPage({ width: 1280, height: 900 });
    await signIn(page, h.url, 'staff@northmoor.ac.uk', demoPassword);
    const header = page.getByRole('banner');
    expect(await header.locator('svg[aria-hidden="true"]').count()).toBeGreaterThan(0);
    const menuLinks = page.getByRole('navigation', { name: 'Main' }).getByRole('link');
    const count = await menuLinks.count();
    expect(count).toBeGreaterThan(5);
    for (let i = 0; i < count; i++) expect(await menuLinks.nth(i).locator('svg').count()).toBe(1);
    await page.goto(`${h.url}/partners/${partnerId}`);
    const timeline = page.getByRole('list', { name: 'Timeline' });
    await timeline.getByRole('listitem').first().waitFor();
    const items = timeline.getByRole('listitem');
    expect(await items.first().locator('svg').count()).toBeGreaterThan(0);
    const transforms = await page
      .locator('.mantine-Badge-label')
      .evaluateAll((labels) => labels.map((l) => getComputedStyle(l).textTransform));
    expect(transforms.length).toBeGreaterThan(0);
    expect(new Set(transforms)).toEqual(new Set(['none']));
    await page.close();
  });

  it("takes the university's name, colour and logo from Branding, in the header and on the sign-in page", async () => {
    const page = await h.newPage({ width: 1280, height: 900 });
    await signIn(page, h.url, 'admin@northmoor.ac.uk', demoPassword);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Branding' }).click();
    await page.getByRole('heading', { name: 'Branding', level: 2 }).waitFor();
    expect(await page.title()).toBe('Branding · Administration · Rapport');
    await checkScreen(page, 'branding-desk');

    // A colour white text cannot be read on is refused in words, before anything is sent.
    await page.getByLabel('University name').fill('University of Northmoor');
    await page.getByLabel('Primary colour').fill('#ffd43b');
    // The picker's panel closes when the person moves on, as they do after typing the colour.
    await page.getByLabel('University name').click();
    await page.getByRole('button', { name: 'Save name and colour' }).click();
    await page.getByText(/Choose a darker colour/).waitFor();
    expect((await (await fetch(`${h.url}/api/v1/branding`)).json()).primaryColour).toBeNull();

    await page.getByLabel('Primary colour').fill('#1f3a93');
    await page.getByLabel('University name').click();
    await page.getByText(/reads at 10\.\d:1 \(meets/).waitFor();
    await page.getByRole('button', { name: 'Save name and colour' }).click();
    await page.getByText('Branding saved').waitFor();
    // The primary buttons now wear the university's colour (one the pointer is not over).
    const saveColour = await page
      .getByRole('button', { name: 'Upload logo' })
      .evaluate((b) => getComputedStyle(b).backgroundColor);
    expect(saveColour).toBe('rgb(31, 58, 147)');
    await expect
      .poll(() => page.getByRole('banner').getByText('University of Northmoor').isVisible())
      .toBe(true);

    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Upload logo' }).click();
    await (await chooser).setFiles({ name: 'northmoor.png', mimeType: 'image/png', buffer: TINY_PNG });
    await page.getByText('Logo saved').waitFor();
    await page.getByRole('banner').getByRole('img', { name: 'University of Northmoor logo' }).waitFor();
    await checkScreen(page, 'branding-saved');
    expectCleanConsole(page, 'branding');

    // Signed out, the sign-in page shows the same name and logo.
    const visitor = await h.newPage({ width: 390, height: 844 });
    await visitor.goto(`${h.url}/sign-in`);
    await visitor.getByRole('img', { name: 'University of Northmoor logo' }).waitFor();
    await visitor.getByText('University of Northmoor').waitFor();
    await checkScreen(visitor, 'branding-sign-in-phone');
    await visitor.close();
    await page.close();
  });

  it('serves its icon to the browser tab', async () => {
    const answer = await fetch(`${h.url}/favicon.svg`);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
    expect(await answer.text()).toContain('<svg');
  });
});
