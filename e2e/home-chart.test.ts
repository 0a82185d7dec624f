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
    await checkScreen(page, 'home-chart-1280');
    expectCleanConsole(page, 'Home with its chart');
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
