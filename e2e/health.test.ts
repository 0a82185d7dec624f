import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backfillHealthHistory } from '../server/src/insights/relationship-health/relationship-health.service.ts';
import {
  buildPartner,
  buildRelationship,
  buildTouchpoint,
  buildUnit,
  buildUser,
} from '../server/src/test/factories/index.ts';
import {
  checkScreen,
  expectCleanConsole,
  expectNoOverlap,
  type Harness,
  signIn,
  startHarness,
} from './harness.ts';

const PASSWORD = 'correct horse battery staple';
const EMAIL = 'hana.health@northmoor.ac.uk';
let h: Harness;
let partnerUrl = '';

const daysAgo = (d: number) => new Date(Date.now() - d * 86_400_000);

beforeAll(async () => {
  h = await startHarness();
  const db = h.database.db;
  const unit = (await buildUnit(db, { name: 'Careers and Employability' })).id;
  const me = await buildUser(db, {
    email: EMAIL,
    name: 'Hana Whitfield',
    role: 'relationship_manager',
    unitId: unit,
    password: PASSWORD,
  });
  const partner = await buildPartner(db, { name: 'Kestrel Foods' });
  partnerUrl = `${h.url}/partners/${partner.id}`;
  await buildRelationship(db, { unitId: unit, partnerId: partner.id, managerId: me.id, cadenceDays: 30 });
  // Contact over the past months, warming lately: a trend to draw.
  for (const [ago, sentiment] of [
    [80, -1],
    [55, 0],
    [35, 1],
    [20, 1],
    [6, 2],
  ] as const)
    await buildTouchpoint(db, {
      partnerId: partner.id,
      unitId: unit,
      authorId: me.id,
      occurredAt: daysAgo(ago),
      sentiment,
      subject: `Placement catch-up ${ago} days ago`,
    });
  // Loaded straight into the database, without events: scored as the demo is, with a weekly history.
  await backfillHealthHistory(db, new Date(), 10);
});
afterAll(() => h?.close());

async function openPartner(page: Page) {
  await page.goto(partnerUrl);
  await page.getByRole('heading', { name: 'Kestrel Foods' }).waitFor();
  return page.getByRole('region', { name: 'Health' });
}

describe('relationship health', () => {
  it('shows the score on Home with its sparkline, and on the partner page with its parts and trend', async () => {
    const page = await h.newPage({ width: 1280, height: 900 });
    await signIn(page, h.url, EMAIL, PASSWORD);
    await page.getByRole('img', { name: /^Health of Kestrel Foods over 30 days/ }).waitFor();
    await checkScreen(page, 'health-home-1280');

    const card = await openPartner(page);
    await card.getByRole('img', { name: /^Partner health over 90 days/ }).waitFor();
    const contact = card.getByRole('region', { name: 'Contact against the cadence' });
    await expect.poll(() => contact.textContent()).toContain('Careers and Employability: ');
    // A part without data says so and is left out, never shown as 0.
    await expect
      .poll(() => card.getByRole('region', { name: 'Places taken at activities' }).textContent())
      .toContain('No data, left out');
    await checkScreen(page, 'health-partner-1280');

    await card
      .getByRole('button', { name: "Details of the Careers and Employability relationship's health" })
      .click();
    const dialog = page.getByRole('dialog', { name: 'Health of the Careers and Employability relationship' });
    await dialog
      .getByRole('img', { name: /Health of the Careers and Employability relationship, 11 days/ })
      .waitFor();
    await dialog.getByText('The daily figures').click();
    await expect.poll(() => dialog.getByRole('row').count()).toBe(12);
    await expect
      .poll(() => dialog.getByRole('region', { name: 'Contact against the cadence' }).textContent())
      .toContain('Last contact: 6 days ago');
    await checkScreen(page, 'health-relationship-1280');
    await page.keyboard.press('Escape');
    expectCleanConsole(page, 'health at desk width');
    await page.close();
  });

  it('moves the sentiment part when a touch point is logged, through the event stream', async () => {
    const page = await h.newPage({ width: 1280, height: 900 });
    await signIn(page, h.url, EMAIL, PASSWORD);
    const sentimentOf = async () => {
      const card = await openPartner(page);
      await card
        .getByRole('button', { name: "Details of the Careers and Employability relationship's health" })
        .click();
      const text = await page
        .getByRole('dialog')
        .getByRole('region', { name: 'Sentiment trend' })
        .textContent();
      await page.keyboard.press('Escape');
      await page.getByRole('dialog').waitFor({ state: 'detached' });
      return text;
    };
    await expect.poll(sentimentOf).toContain('over 5 touch points');
    await page.getByRole('main').getByRole('button', { name: 'Log touch point' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Subject').fill('Complaint about the placement briefing');
    await dialog.getByLabel('Sentiment').first().click();
    await page.getByRole('option', { name: 'Very negative' }).click();
    await dialog.getByRole('button', { name: 'Log touch point' }).click();
    await page
      .getByRole('list', { name: 'Timeline' })
      .getByText('Complaint about the placement briefing')
      .waitFor();
    // The score is kept by the subscriber once the change has committed: wait for it on the page.
    await expect
      .poll(
        async () => {
          await page.reload();
          return sentimentOf();
        },
        { timeout: 20_000 },
      )
      .toContain('over 6 touch points');
    expectCleanConsole(page, 'health after a touch point', [/No `HydrateFallback` element provided/]);
    await page.close();
  });

  it('works at phone width', async () => {
    const page = await h.newPage({ width: 375, height: 800 });
    await signIn(page, h.url, EMAIL, PASSWORD);
    await checkScreen(page, 'health-home-375');
    const card = await openPartner(page);
    await card.getByRole('region', { name: 'Contact against the cadence' }).waitFor();
    await card.scrollIntoViewIfNeeded();
    await checkScreen(page, 'health-partner-375');
    await expectNoOverlap(page, 'partner page with health');
    await card
      .getByRole('button', { name: "Details of the Careers and Employability relationship's health" })
      .click();
    await page
      .getByRole('dialog')
      .getByRole('img', { name: /relationship, 11 days/ })
      .waitFor();
    await checkScreen(page, 'health-relationship-375');
    expectCleanConsole(page, 'health at phone width', [/No `HydrateFallback` element provided/]);
    await page.close();
  });
});
