import { DateTime } from 'luxon';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
const EMAIL = 'rowan.hale@northmoor.ac.uk';
let h: Harness;
/** Touch points logged 1, 1, 3 and 0 months ago: the chart's months in London, to read back. */
const thisMonth = DateTime.now().setZone('Europe/London').startOf('month');
const monthName = (d: DateTime) => d.setLocale('en-GB').toFormat('LLLL yyyy');

beforeAll(async () => {
  h = await startHarness();
  const db = h.database.db;
  const unit = (await buildUnit(db, { name: 'Careers and Employability' })).id;
  const me = await buildUser(db, {
    email: EMAIL,
    name: 'Rowan Hale',
    role: 'relationship_manager',
    unitId: unit,
    password: PASSWORD,
  });
  const partner = await buildPartner(db, { name: 'Moorside Dairy' });
  await buildRelationship(db, { unitId: unit, partnerId: partner.id, managerId: me.id, cadenceDays: 30 });
  // More relationships, without touch points: on a phone they push the chart below the fold.
  for (const name of [
    'Harrowgate Engineering',
    'Fenwick Civic Trust',
    'Saltmarsh Foods',
    'Kestrel Robotics',
    'Wensley Arts Centre',
    'Brackenfield Water',
  ])
    await buildRelationship(db, {
      unitId: unit,
      partnerId: (await buildPartner(db, { name })).id,
      managerId: me.id,
      cadenceDays: 60,
    });
  for (const [monthsAgo, day] of [
    [1, 4],
    [1, 18],
    [3, 9],
    [0, 0],
  ] as const)
    await buildTouchpoint(db, {
      partnerId: partner.id,
      unitId: unit,
      authorId: me.id,
      occurredAt: thisMonth.minus({ months: monthsAgo }).plus({ days: day, seconds: 1 }).toJSDate(),
      subject: `Catch-up ${monthsAgo} months ago`,
    });
});
afterAll(() => h?.close());

async function openHome(page: Page) {
  await signIn(page, h.url, EMAIL, PASSWORD);
  const card = page.getByRole('region', { name: 'Touch points with my partners' });
  await card.waitFor();
  return card;
}

describe("Home's chart of my relationships' touch points", () => {
  it('draws twelve months of bars, says them in words, and gives the figures as a table', async () => {
    const page = await h.newPage({ width: 1280, height: 900 });
    const card = await openHome(page);
    const busiest = monthName(thisMonth.minus({ months: 1 }));
    const words = `4 in the last 12 months, most in ${busiest} (2); 1 so far this month.`;
    await card.getByText(words).waitFor();
    const chart = card.getByRole('img');
    expect(await chart.getAttribute('aria-label')).toBe(
      `Touch points of my relationships per month, ${monthName(thisMonth.minus({ months: 11 }))} to ${monthName(thisMonth)}: ${words}`,
    );
    // One bar per month with a touch point, each labelled with its count; the months without are
    // drawn as nothing, not a sliver.
    await expect.poll(() => chart.locator('.recharts-bar-rectangle path').count()).toBe(3);
    const labels = await chart.locator('.recharts-label-list text').allTextContents();
    expect(labels.filter((t) => t !== '0').sort()).toEqual(['1', '1', '2']);
    await card.getByText('The monthly figures').click();
    const table = card
      .getByRole('region', { name: 'Touch points with my partners by month' })
      .getByRole('table');
    const row = (d: DateTime) => table.getByRole('row', { name: new RegExp(`^${monthName(d)}`) });
    expect(await table.getByRole('row').count()).toBe(13);
    expect(
      await row(thisMonth.minus({ months: 1 }))
        .getByRole('cell')
        .last()
        .textContent(),
    ).toBe('2');
    expect(
      await row(thisMonth.minus({ months: 3 }))
        .getByRole('cell')
        .last()
        .textContent(),
    ).toBe('1');
    expect(
      await row(thisMonth.minus({ months: 2 }))
        .getByRole('cell')
        .last()
        .textContent(),
    ).toBe('0');
    // The relationships table fits its box at 1280 px: its last column is on screen, not behind
    // the box's edge with a scroll to find it.
    const box = page.getByRole('region', { name: 'My relationships' });
    const within = async (cell: ReturnType<Page['locator']>) => {
      const [b, c] = await Promise.all([box.boundingBox(), cell.boundingBox()]);
      return c !== null && b !== null && c.x >= b.x - 0.5 && c.x + c.width <= b.x + b.width + 0.5;
    };
    expect(await box.evaluate((el) => el.scrollLeft)).toBe(0);
    expect(await within(box.getByRole('columnheader', { name: 'Health' }))).toBe(true);
    expect(
      await within(
        box
          .getByRole('row', { name: /Moorside Dairy/ })
          .getByRole('cell')
          .last(),
      ),
    ).toBe(true);
    await checkScreen(page, 'home-chart-1280');
    expectCleanConsole(page, 'Home with its chart');
    await page.close();
  });

  it("on a phone, holds the chart's place below the fold and draws it before it is scrolled to", async () => {
    const page = await h.newPage({ width: 375, height: 640 });
    const card = await openHome(page);
    await card.getByText(/^4 in the last 12 months/).waitFor();
    const chart = card.getByRole('img');
    const top = () => chart.evaluate((el) => el.getBoundingClientRect().top - window.innerHeight);
    // Far below the screen: a placeholder of the chart's size fills its place, the library not loaded.
    expect(await top()).toBeGreaterThan(240);
    const placeholder = chart.locator('[data-chart-placeholder]');
    expect((await placeholder.boundingBox())?.height).toBe(160);
    expect(await chart.locator('.recharts-surface').count()).toBe(0);
    // Scrolled to within a flick of it (still below the screen), the chart draws.
    await page.evaluate(() => {
      const frame = document.querySelector('[aria-labelledby="my-touchpoints-by-month"] [role="img"]')!;
      window.scrollBy(0, frame.getBoundingClientRect().top - window.innerHeight - 120);
    });
    expect(await top()).toBeGreaterThan(0);
    await expect.poll(() => chart.locator('.recharts-bar-rectangle path').count()).toBe(3);
    expect(await placeholder.count()).toBe(0);
    await chart.scrollIntoViewIfNeeded();
    await page.screenshot({ path: 'test-output/screenshots/home-chart-375-scrolled.png' });
    expectCleanConsole(page, 'Home with its chart below the fold at 375 px');
    await page.close();
  });

  it('fits a phone at 375 px, and reads in the dark scheme', async () => {
    const page = await h.newPage({ width: 375, height: 800 });
    await page.emulateMedia({ colorScheme: 'dark' });
    const card = await openHome(page);
    await card.getByText(/^4 in the last 12 months/).waitFor();
    await expectNoOverlap(page, 'Home with its chart');
    await checkScreen(page, 'home-chart-375-dark');
    expectCleanConsole(page, 'Home with its chart at 375 px');
    await page.close();
  });
});
