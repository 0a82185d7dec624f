import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPartner, buildTouchpoint, buildUnit, buildUser } from '../server/src/test/factories/index.ts';
import { expectCleanConsole, type Harness, signIn, startHarness } from './harness.ts';

/**
 * The web app asks for a partner page it already holds with If-None-Match: the server answers
 * 304 without the body and the page still shows everything; after a write it answers 200 again.
 */
const PASSWORD = 'correct horse battery staple';
let h: Harness;
let page: Page;
let partnerId: string;
const overviews: { status: number; tagSent: boolean }[] = [];

beforeAll(async () => {
  h = await startHarness();
  const db = h.database.db;
  const unit = (await buildUnit(db, { name: 'Careers Service' })).id;
  const me = await buildUser(db, {
    email: 'cora@northmoor.ac.uk',
    name: 'Cora Careers',
    role: 'staff',
    unitId: unit,
    password: PASSWORD,
  });
  partnerId = (await buildPartner(db, { name: 'Grasmere Analytics' })).id;
  await buildTouchpoint(db, {
    partnerId,
    unitId: unit,
    authorId: me.id,
    kind: 'call',
    subject: 'Placement call',
  });
  page = await h.newPage({ width: 1280, height: 900 });
  // The app keeps answers fresh for 30 s; the page's clock is moved on instead of waiting.
  await page.clock.install();
  page.on('response', (response) => {
    if (response.url().endsWith(`/partners/${partnerId}/overview`))
      overviews.push({ status: response.status(), tagSent: !!response.request().headers()['if-none-match'] });
  });
});
afterAll(async () => {
  await h?.close();
});

describe('conditional requests from the web app', () => {
  it('reuses the partner page it holds when the server says nothing changed', async () => {
    await signIn(page, h.url, 'cora@northmoor.ac.uk', PASSWORD);
    const main = page.getByRole('main');
    await page.goto(`${h.url}/partners/${partnerId}`);
    await main.getByRole('heading', { name: 'Grasmere Analytics' }).waitFor();
    await main.getByText('Placement call').first().waitFor();
    await expect.poll(() => overviews.length, { timeout: 20_000 }).toBeGreaterThan(0);
    expect(overviews[0]).toEqual({ status: 200, tagSent: false });

    // Back to the page within the app once its copy is stale: asked again with the tag, 304.
    await page.getByRole('link', { name: 'Partners' }).first().click();
    await page.waitForURL(/\/partners$/);
    await page.clock.fastForward(31_000);
    await page.goBack();
    await main.getByRole('heading', { name: 'Grasmere Analytics' }).waitFor();
    await expect
      .poll(() => overviews.some((o) => o.status === 304 && o.tagSent), { timeout: 20_000 })
      .toBe(true);
    await main.getByText('Placement call').first().waitFor();
    expectCleanConsole(page, 'conditional');
  });
});
