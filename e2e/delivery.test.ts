import type { Page, Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUser } from '../server/src/test/factories/index.ts';
import {
  checkScreen,
  expectCleanConsole,
  type Harness,
  recordFigure,
  signIn,
  startHarness,
} from './harness.ts';

const YEAR = 'public, max-age=31536000, immutable';
const PASSWORD = 'delivery check passphrase';
let h: Harness;

beforeAll(async () => {
  h = await startHarness();
  await buildUser(h.database.db, { email: 'delivery@northmoor.ac.uk', role: 'staff', password: PASSWORD });
});
afterAll(() => h.close());

/** Every answer the page receives from our server while `act` runs. */
async function answersDuring(page: Page, act: () => Promise<unknown>) {
  const answers: Response[] = [];
  const listener = (response: Response) => {
    if (response.url().startsWith(h.url)) answers.push(response);
  };
  page.on('response', listener);
  await act();
  page.off('response', listener);
  return answers;
}

describe('delivery', () => {
  it('sends index.html revalidated and the assets compressed and cached for a year, with a clean console', async () => {
    const page = await h.newPage({ width: 1280, height: 900 });
    const answers = await answersDuring(page, async () => {
      await page.goto(`${h.url}/sign-in`);
      await page.getByRole('button', { name: 'Sign in' }).waitFor();
    });
    const shell = answers.find((a) => new URL(a.url()).pathname === '/sign-in')!;
    expect(shell.status()).toBe(200);
    const shellHeaders = await shell.allHeaders();
    expect(shellHeaders['cache-control']).toBe('no-cache');
    expect(shellHeaders['content-type']).toContain('text/html');

    const assets = answers.filter((a) => new URL(a.url()).pathname.startsWith('/assets/'));
    expect(assets.filter((a) => a.url().endsWith('.js')).length).toBeGreaterThan(0);
    expect(assets.filter((a) => a.url().endsWith('.css')).length).toBeGreaterThan(0);
    let transferred = 0;
    for (const asset of assets) {
      const headers = await asset.allHeaders();
      const accepted = (await asset.request().allHeaders())['accept-encoding'] ?? '';
      // Chromium asks for brotli only over https: over http it gets gzip.
      const expected = accepted.includes('br') ? 'br' : 'gzip';
      expect(asset.status(), asset.url()).toBe(200);
      expect(headers['cache-control'], asset.url()).toBe(YEAR);
      if ((await asset.body()).length >= 1024)
        expect(headers['content-encoding'], asset.url()).toBe(expected);
      transferred += (await asset.request().sizes()).responseBodySize;
    }
    recordFigure('sign-in-assets-transferred-bytes', transferred);
    await checkScreen(page, 'd01-sign-in');
    await page.close();
  });

  it('keeps the console clean from sign-in to Home and Partners, and API answers out of caches', async () => {
    const page = await h.newPage({ width: 1280, height: 900 });
    const answers = await answersDuring(page, async () => {
      await signIn(page, h.url, 'delivery@northmoor.ac.uk', PASSWORD);
    });
    expectCleanConsole(page, 'sign-in to Home');
    const api = answers.filter((a) => new URL(a.url()).pathname.startsWith('/api/v1/'));
    expect(api.length).toBeGreaterThan(0);
    for (const answer of api) {
      const path = new URL(answer.url()).pathname;
      if (path !== '/api/v1/health')
        expect((await answer.allHeaders())['cache-control'], path).toBe('no-store');
    }
    await checkScreen(page, 'd02-home');
    await page.getByRole('link', { name: 'Partners' }).first().click();
    await page.getByRole('heading', { name: 'Partners' }).waitFor();
    await checkScreen(page, 'd03-partners');
    await page.close();
  });
});
