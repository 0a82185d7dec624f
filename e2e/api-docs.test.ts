import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectCleanConsole, type Harness, SCREENSHOTS, startHarness } from './harness.ts';

/**
 * The API's documentation at /api/docs (Swagger UI) shows every group of operations on the page,
 * not only those in the first screenful: Swagger UI renders a long list only where the window is.
 */
let h: Harness;
let page: Page;
let tags: string[];

beforeAll(async () => {
  h = await startHarness();
  const document = (await h.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json<{
    tags: { name: string }[];
  }>();
  tags = document.tags.map((t) => t.name);
  page = await h.newPage({ width: 1280, height: 900 });
});
afterAll(async () => {
  await h?.close();
});

const renderedTags = () =>
  page.$$eval('.swagger-ui h3.opblock-tag', (headings) => headings.map((e) => e.getAttribute('data-tag')));

describe('the API documentation', () => {
  it('renders every group of operations, without scrolling to it', async () => {
    expect(tags.length).toBeGreaterThan(20);
    await page.goto(`${h.url}/api/docs`);
    await page.locator(`.swagger-ui h3.opblock-tag[data-tag="${tags.at(-1)}"]`).waitFor();
    expect(await renderedTags()).toEqual(tags);
    await page.screenshot({ path: `${SCREENSHOTS}/api-docs-groups.png`, fullPage: true });
    expectCleanConsole(page, 'API documentation');
  });

  it('opens a group at the end of the list to its operations', async () => {
    const last = page.locator('.swagger-ui h3.opblock-tag[data-tag="Users"]');
    await last.click();
    await page.locator('#operations-Users-getUsers').waitFor();
    expect(await page.locator('[id^="operations-Users-"]').count()).toBeGreaterThan(3);
    await page.screenshot({ path: `${SCREENSHOTS}/api-docs-operation.png`, fullPage: true });
    expectCleanConsole(page, 'API documentation, an operation open');
  });
});
