import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildPartner,
  buildRelationship,
  buildTouchpoint,
  buildUnit,
  buildUser,
} from '../server/src/test/factories/index.ts';
import { checkScreen, expectCleanConsole, type Harness, signIn, startHarness } from './harness.ts';

const PASSWORD = 'correct horse battery staple';
const EMAIL = 'amira@northmoor.ac.uk';
let h: Harness;
let page: Page;
let requestId: string;
let partnerId: string;

const minutes = Buffer.from(
  '%PDF-1.4\n1 0 obj\n<< /Title (Placement review minutes) >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n',
);
/** A Windows program's first bytes, to be renamed .pdf. */
const program = () => {
  const bytes = Buffer.alloc(512);
  bytes.write('MZ', 0, 'latin1');
  bytes.writeUInt32LE(0x80, 0x3c);
  bytes.write('PE\0\0', 0x80, 'latin1');
  return bytes;
};

/** A request raised through the API as the member of staff (the browser tests the page, not the form). */
async function raiseRequest(): Promise<string> {
  const login = await h.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email: EMAIL, password: PASSWORD },
  });
  const cookie = login.cookies.find((c) => c.name === 'rapport_session')!;
  const raised = await h.app.inject({
    method: 'POST',
    url: '/api/v1/requests',
    headers: { cookie: `rapport_session=${cookie.value}`, 'x-csrf-token': login.json().csrfToken },
    payload: { partnerId, kind: 'enquiry', title: 'Placement review follow-up' },
  });
  expect(raised.statusCode).toBe(201);
  return raised.json().id;
}

beforeAll(async () => {
  h = await startHarness();
  const db = h.database.db;
  const unit = await buildUnit(db, { name: 'Careers and Employability' });
  const user = await buildUser(db, {
    email: EMAIL,
    name: 'Amira Shah',
    role: 'staff',
    unitId: unit.id,
    password: PASSWORD,
  });
  partnerId = (await buildPartner(db, { name: 'Kestrel Foods' })).id;
  await buildRelationship(db, { unitId: unit.id, partnerId, cadenceDays: 30 });
  await buildTouchpoint(db, { partnerId, unitId: unit.id, authorId: user.id, subject: 'Placement review' });
  requestId = await raiseRequest();
  page = await h.newPage({ width: 1280, height: 900 });
});
afterAll(async () => {
  await h?.close();
});

/**
 * The router's warning on a deep link into a lazily loaded screen (every `goto` here): the app's
 * own, not this screen's, and left for the router work to settle.
 */
const ROUTER_WARNING = /No `HydrateFallback` element/;

const panel = () => page.getByRole('region', { name: 'Attachments' });

describe('attachments in the browser', () => {
  it('is accessible while the list loads, and says nothing is attached yet', async () => {
    await signIn(page, h.url, EMAIL, PASSWORD);
    // Hold the list's answer until the loading state has been checked.
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    await page.route('**/api/v1/requests/*/attachments', async (route) => {
      await held;
      await route.continue();
    });
    await page.goto(`${h.url}/requests/${requestId}`);
    await panel().getByRole('status').getByText('Loading the attachments…').waitFor();
    await checkScreen(page, 'att01-request-loading');
    release();
    await panel().getByText('Nothing is attached to the request yet.').waitFor();
    await page.unroute('**/api/v1/requests/*/attachments');
    await checkScreen(page, 'att02-request-empty');
  });

  it('refuses a program renamed .pdf with the server’s words on the file', async () => {
    const [chooser] = await Promise.all([
      page.waitForEvent('filechooser'),
      panel().getByRole('button', { name: 'Choose files' }).click(),
    ]);
    await chooser.setFiles({ name: 'signed agreement.pdf', mimeType: 'application/pdf', buffer: program() });
    const alert = panel().getByRole('alert');
    await alert
      .getByText(/signed agreement\.pdf is not a kind of file Rapport takes \(its content is EXE/)
      .waitFor();
    await expect.poll(() => panel().textContent()).toContain('Nothing is attached to the request yet.');
    await checkScreen(page, 'att03-request-refused');
    expectCleanConsole(page, 'refused upload', [/status of 400/, ROUTER_WARNING]);
    await alert.getByRole('button').click();
  });

  it('uploads a PDF, lists it, downloads the same bytes, and removes it', async () => {
    const [chooser] = await Promise.all([
      page.waitForEvent('filechooser'),
      panel().getByRole('button', { name: 'Choose files' }).click(),
    ]);
    await chooser.setFiles({ name: 'Review minutes.pdf', mimeType: 'application/pdf', buffer: minutes });
    const link = panel().getByRole('link', { name: 'Review minutes.pdf' });
    await link.waitFor();
    await expect.poll(() => panel().textContent()).toMatch(/PDF · \d+ bytes · Amira Shah/);
    await checkScreen(page, 'att04-request-listed');

    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toBe('Review minutes.pdf');
    expect(readFileSync(await download.path()).equals(minutes)).toBe(true);

    await panel().getByRole('button', { name: 'Remove Review minutes.pdf' }).click();
    const dialog = page.getByRole('dialog', { name: 'Remove the file?' });
    await dialog.waitFor();
    await checkScreen(page, 'att05-request-remove');
    await dialog.getByRole('button', { name: 'Remove' }).click();
    await panel().getByText('Nothing is attached to the request yet.').waitFor();
    expectCleanConsole(page, 'request attachments', [ROUTER_WARNING]);
  });

  it('fits a phone: the request’s files at 390 px', async () => {
    const phone = await h.newPage({ width: 390, height: 844 });
    await signIn(phone, h.url, EMAIL, PASSWORD);
    await phone.goto(`${h.url}/requests/${requestId}`);
    const phonePanel = phone.getByRole('region', { name: 'Attachments' });
    const [chooser] = await Promise.all([
      phone.waitForEvent('filechooser'),
      phonePanel.getByRole('button', { name: 'Choose files' }).click(),
    ]);
    await chooser.setFiles({
      name: 'A rather long name for the signed placement agreement of 2026.pdf',
      mimeType: 'application/pdf',
      buffer: minutes,
    });
    await phonePanel.getByRole('link', { name: /A rather long name/ }).waitFor();
    await phonePanel.scrollIntoViewIfNeeded();
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await checkScreen(phone, 'att06-request-390');
    await phone.goto(`${h.url}/partners/${partnerId}`);
    await phone.getByRole('heading', { name: 'Kestrel Foods' }).waitFor();
    await phone.getByRole('button', { name: 'Files of Placement review' }).click();
    await phone
      .getByRole('region', { name: 'Attachments' })
      .getByRole('button', { name: 'Choose files' })
      .waitFor();
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await checkScreen(phone, 'att09-touchpoint-files-390');
    await phone.getByRole('main').getByRole('tab', { name: 'Relationships' }).click();
    await phone.getByRole('button', { name: 'Files of the Careers and Employability relationship' }).click();
    await phone.getByRole('dialog').getByText('Nothing is attached to the relationship yet.').waitFor();
    await checkScreen(phone, 'att10-relationship-files-390');
    expectCleanConsole(phone, 'attachments at 390 px', [ROUTER_WARNING]);
    await phone.close();
  });

  it('attaches files to a touch point in the timeline and to a relationship on the partner page', async () => {
    await page.goto(`${h.url}/partners/${partnerId}`);
    await page.getByRole('heading', { name: 'Kestrel Foods' }).waitFor();
    const toggle = page.getByRole('button', { name: 'Files of Placement review' });
    await toggle.click();
    await expect.poll(() => toggle.getAttribute('aria-expanded')).toBe('true');
    const tpPanel = page.getByRole('region', { name: 'Attachments' });
    await tpPanel.getByText('Nothing is attached to this touch point yet.').waitFor();
    const [chooser] = await Promise.all([
      page.waitForEvent('filechooser'),
      tpPanel.getByRole('button', { name: 'Choose files' }).click(),
    ]);
    await chooser.setFiles({
      name: 'notes.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('Agreed two placements.\n'),
    });
    await tpPanel.getByRole('link', { name: 'notes.txt' }).waitFor();
    await expect.poll(() => tpPanel.textContent()).toContain('Text · 23 bytes');
    await checkScreen(page, 'att07-touchpoint-files');
    await toggle.click();

    await page.getByRole('main').getByRole('tab', { name: 'Relationships' }).click();
    await page.getByRole('button', { name: 'Files of the Careers and Employability relationship' }).click();
    const dialog = page.getByRole('dialog', { name: 'The Careers and Employability relationship' });
    await dialog.getByText('Nothing is attached to the relationship yet.').waitFor();
    const [relChooser] = await Promise.all([
      page.waitForEvent('filechooser'),
      dialog.getByRole('button', { name: 'Choose files' }).click(),
    ]);
    await relChooser.setFiles({ name: 'Partnership plan.pdf', mimeType: 'application/pdf', buffer: minutes });
    await dialog.getByRole('link', { name: 'Partnership plan.pdf' }).waitFor();
    await checkScreen(page, 'att08-relationship-files');
    expectCleanConsole(page, 'partner page attachments', [ROUTER_WARNING]);
  });
});
