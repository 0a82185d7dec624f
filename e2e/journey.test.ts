import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUnit, buildUser } from '../server/src/test/factories/index.ts';
import { checkScreen, type Harness, recordFigure, signIn, startHarness } from './harness.ts';

const PASSWORD = 'correct horse battery staple';
let h: Harness;
let page: Page;

/** Opens a tab of the partner page (its panels are drawn only while it is open). */
const openTab = (name: string) => page.getByRole('main').getByRole('tab', { name }).click();

beforeAll(async () => {
  h = await startHarness();
  const it = await buildUnit(h.database.db, { name: 'IT Services', kind: 'service' });
  const careers = await buildUnit(h.database.db, { name: 'Careers', kind: 'service' });
  await buildUser(h.database.db, {
    email: 'rm@northmoor.ac.uk',
    name: 'Rosa Manager',
    role: 'relationship_manager',
    unitId: it.id,
    password: PASSWORD,
  });
  await buildUser(h.database.db, {
    email: 'careers@northmoor.ac.uk',
    name: 'Cal Careers',
    role: 'staff',
    unitId: careers.id,
    password: PASSWORD,
  });
  await buildUser(h.database.db, {
    email: 'admin@northmoor.ac.uk',
    name: 'Ada Admin',
    role: 'administrator',
    unitId: it.id,
    password: PASSWORD,
  });
  page = await h.newPage({ width: 1280, height: 900 });
});
afterAll(async () => {
  await h?.close();
});

describe('a relationship manager at work', () => {
  it('signs in', async () => {
    await page.goto(`${h.url}/`);
    await page.getByRole('heading', { name: 'Sign in to Rapport' }).waitFor();
    await checkScreen(page, '01-sign-in');
    await page.getByLabel('E-mail address').fill('rm@northmoor.ac.uk');
    await page.getByLabel(/^Password/).fill('wrong password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('not right');
    await signIn(page, h.url, 'rm@northmoor.ac.uk', PASSWORD);
    await checkScreen(page, '02-home');
  });

  it('creates a partner, with the server’s validation shown on the field', async () => {
    await page.getByRole('link', { name: 'Partners' }).click();
    await page.getByRole('heading', { name: 'Partners' }).waitFor();
    await checkScreen(page, '03-partners-empty');
    await page.getByRole('button', { name: 'New partner' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Name', { exact: false }).first().fill('Calder Robotics Ltd');
    await dialog
      .getByLabel(/^Partner type/)
      .first()
      .click();
    await page.getByRole('option', { name: 'Employer' }).click();
    await dialog.getByLabel('Website').fill('not a web address');
    await dialog.getByRole('button', { name: 'Save partner' }).click();
    await expect.poll(() => dialog.textContent()).toContain('Enter a web address');
    await checkScreen(page, '04-partner-form-error');
    await dialog.getByLabel('Website').fill('https://calder-robotics.example');
    await dialog.getByRole('button', { name: 'Save partner' }).click();
    await page.getByRole('heading', { name: 'Calder Robotics Ltd' }).waitFor();
  });

  it('adds a contact with an affiliation and starts a relationship', async () => {
    await openTab('People');
    await page.getByRole('button', { name: 'Add a contact' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Full name').fill('Priya Shah');
    await dialog.getByLabel('E-mail address').fill('priya.shah@calder-robotics.example');
    await dialog.getByLabel('Role with this partner').fill('Head of Early Careers');
    await dialog.getByLabel('Key contact').check();
    await dialog.getByRole('button', { name: 'Add contact' }).click();
    await page.getByRole('link', { name: 'Priya Shah' }).waitFor();

    await openTab('Relationships');
    await page.getByRole('button', { name: 'Start a relationship' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Start relationship' }).click();
    await page.getByRole('cell', { name: 'IT Services', exact: true }).waitFor();
    await checkScreen(page, '05-partner-page');
  });

  it('logs a touch point with the key contact filled in, and sees it on the timeline', async () => {
    await page.getByRole('main').getByRole('button', { name: 'Log touch point' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Subject').waitFor();
    await expect.poll(() => dialog.textContent()).toContain('Priya Shah (Head of Early Careers)');
    await checkScreen(page, '06-log-touchpoint');
    await dialog.getByLabel('Subject').fill('Kick-off call about degree apprenticeships');
    await dialog.getByLabel('Notes').fill('They want **ten** apprentices in robotics.');
    await dialog.getByRole('button', { name: 'Log touch point' }).click();
    await openTab('Overview');
    const timeline = page.getByRole('list', { name: 'Timeline' });
    await timeline.getByText('Kick-off call about degree apprenticeships').waitFor();
    expect(await timeline.locator('strong').first().textContent()).toBe('ten');
    await expect.poll(() => page.getByText(/Last 12 months: 1 touch points/).count()).toBe(1);
  });

  it('logs a confidential touch point', async () => {
    await page.getByRole('main').getByRole('button', { name: 'Log touch point' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Subject').fill('Confidential: restructuring at Calder');
    await dialog
      .getByLabel(/^Who can see it/)
      .first()
      .click();
    await page.getByRole('option', { name: 'Named people only' }).click();
    await dialog.getByRole('button', { name: 'Log touch point' }).click();
    await page
      .getByRole('list', { name: 'Timeline' })
      .getByText('Confidential: restructuring at Calder')
      .waitFor();
  });

  it('finds the touch point and the partner with Ctrl-K search', async () => {
    await page.keyboard.press('Control+k');
    const box = page.getByRole('textbox', { name: 'Search or type a command' });
    await box.fill('apprenticeships');
    await page.getByText('Kick-off call about degree apprenticeships').last().waitFor();
    await checkScreen(page, '07-search');
    await box.fill('Calder Robotic');
    await page
      .getByRole('option', { name: /Calder Robotics Ltd/ })
      .first()
      .click();
    await page.getByRole('heading', { name: 'Calder Robotics Ltd' }).waitFor();
  });

  it('opens the contact page', async () => {
    await openTab('People');
    await page.getByRole('link', { name: 'Priya Shah' }).click();
    await page.getByRole('heading', { name: 'Priya Shah', exact: true }).waitFor();
    await page.getByText('Kick-off call about degree apprenticeships').waitFor();
    await checkScreen(page, '08-contact-page');
  });

  it('edits the contact and changes their role', async () => {
    await page.getByRole('button', { name: 'Edit contact' }).click();
    let dialog = page.getByRole('dialog');
    await dialog.getByLabel('Job title').fill('Director of Early Careers');
    await dialog.getByLabel('Consent', { exact: true }).click();
    await page.getByRole('option', { name: 'Given' }).click();
    await dialog.getByRole('button', { name: 'Save contact' }).click();
    await expect.poll(() => dialog.textContent()).toContain('required when consent has been given');
    await checkScreen(page, '08b-contact-edit-error');
    await dialog.getByLabel('Consent recorded on').fill('2026-11-01');
    await dialog.getByRole('button', { name: 'Save contact' }).click();
    await page.getByText('Director of Early Careers').first().waitFor();
    await page.getByRole('button', { name: 'Change the role at Calder Robotics Ltd' }).click();
    dialog = page.getByRole('dialog');
    await dialog.getByLabel(/^Role/).fill('Head of Talent');
    await dialog.getByRole('button', { name: 'Save affiliation' }).click();
    await page.getByText(/Head of Talent at/).waitFor();
  });

  it('changes the relationship’s cadence', async () => {
    await page.getByRole('link', { name: 'Calder Robotics Ltd' }).first().click();
    await openTab('Relationships');
    await page.getByRole('button', { name: 'Change the IT Services relationship' }).click();
    const dialog = page.getByRole('dialog');
    const cadence = dialog.getByLabel('Expected contact every (days)');
    await cadence.fill('-3');
    await dialog.getByRole('button', { name: 'Save relationship' }).click();
    await expect.poll(() => dialog.textContent()).toContain('Enter a number from 1 to 730');
    expect(await cadence.inputValue()).toBe('-3');
    await cadence.fill('14');
    await dialog
      .getByLabel(/^Stage/)
      .first()
      .click();
    await page.getByRole('option', { name: 'Developing' }).click();
    await dialog.getByRole('button', { name: 'Save relationship' }).click();
    await page.getByRole('cell', { name: 'Developing', exact: true }).waitFor();
  });

  it('shows the partner list, virtualised, and home with my relationship', async () => {
    await page.getByRole('link', { name: 'Partners' }).click();
    await page.getByRole('link', { name: 'Calder Robotics Ltd' }).waitFor();
    await checkScreen(page, '09-partners');
    await page.getByRole('link', { name: 'Home' }).click();
    // Home, not the partner list still on screen (whose rows also hold a "Select …" cell).
    await page.getByRole('heading', { name: /^Hello/ }).waitFor();
    await page.getByRole('cell', { name: 'Calder Robotics Ltd', exact: true }).waitFor();
    await checkScreen(page, '10-home-with-relationship');
  });

  it('measures how soon the partner page is usable after navigation', async () => {
    const started = Date.now();
    await page.getByRole('link', { name: 'Calder Robotics Ltd' }).first().click();
    await page.getByRole('list', { name: 'Timeline' }).waitFor();
    recordFigure('partner-page-usable-ms', Date.now() - started);
    await page.reload();
    await page.getByRole('heading', { name: 'Calder Robotics Ltd' }).waitFor();
  });

  it('signs out', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in to Rapport' }).waitFor();
    await page.goto(`${h.url}/partners`);
    await page.getByRole('heading', { name: 'Sign in to Rapport' }).waitFor();
  });
});

describe('another unit', () => {
  it('does not see the confidential touch point', async () => {
    const other = await h.newPage({ width: 1024, height: 800 });
    await signIn(other, h.url, 'careers@northmoor.ac.uk', PASSWORD);
    await other.getByRole('link', { name: 'Partners' }).click();
    await other.getByRole('link', { name: 'Calder Robotics Ltd' }).click();
    const timeline = other.getByRole('list', { name: 'Timeline' });
    await timeline.getByText('Kick-off call about degree apprenticeships').waitFor();
    // Last year's panel loads just after the page: the count is there once it has.
    await other.getByText(/Last 12 months: 1 touch points/).waitFor();
    expect(await other.getByText(/Last 12 months: \d+ touch points/).count()).toBe(1);
    expect(await other.getByText('Confidential: restructuring at Calder').count()).toBe(0);
    await checkScreen(other, '11-partner-page-tablet');
    await other.close();
  });
});

describe('administration', () => {
  it('lists units, partner types and users for an administrator', async () => {
    const admin = await h.newPage({ width: 1280, height: 900 });
    await signIn(admin, h.url, 'admin@northmoor.ac.uk', PASSWORD);
    for (const [link, name, shot] of [
      ['Units', 'IT Services', '12-units'],
      ['Partner types', 'Academic School', '13-partner-types'],
      ['Users', 'Rosa Manager', '14-users'],
    ] as const) {
      await admin.getByRole('link', { name: link }).click();
      await admin.getByRole('cell', { name, exact: true }).waitFor();
      await checkScreen(admin, shot);
    }
    await admin.getByRole('button', { name: 'Add a user' }).click();
    const dialog = admin.getByRole('dialog');
    await dialog.getByLabel('Full name').fill('Short Password');
    await dialog.getByLabel('E-mail address').fill('short@northmoor.ac.uk');
    await dialog.getByLabel(/^Initial password/).fill('short');
    await dialog.getByRole('button', { name: 'Add user' }).click();
    await expect.poll(() => dialog.textContent()).toContain('at least 12 characters');
    await admin.keyboard.press('Escape');

    await admin.getByRole('link', { name: 'Units' }).click();
    await admin.getByRole('button', { name: 'Change Careers' }).click();
    await admin.getByRole('dialog').getByLabel(/^Name/).fill('Careers and Employability');
    await admin.getByRole('dialog').getByRole('button', { name: 'Save unit' }).click();
    await admin.getByRole('cell', { name: 'Careers and Employability', exact: true }).waitFor();

    await admin.getByRole('link', { name: 'Users' }).click();
    await admin.getByRole('button', { name: 'Change Cal Careers' }).click();
    await admin.getByRole('dialog').getByRole('button', { name: 'Deactivate' }).click();
    await admin.getByRole('cell', { name: 'Deactivated' }).waitFor();
    await admin.close();
    const leaver = await h.newPage({ width: 1280, height: 900 });
    await leaver.goto(`${h.url}/sign-in`);
    await leaver.getByLabel('E-mail address').fill('careers@northmoor.ac.uk');
    await leaver.getByLabel(/^Password/).fill(PASSWORD);
    await leaver.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => leaver.getByRole('alert').textContent()).toContain('not right');
    await leaver.close();
  });
});

describe('keyboard only', () => {
  it('signs in, searches and opens a partner without a mouse', async () => {
    const k = await h.newPage({ width: 1280, height: 900 });
    await k.goto(`${h.url}/sign-in`);
    await k.getByLabel('E-mail address').focus();
    await k.keyboard.type('rm@northmoor.ac.uk');
    await k.keyboard.press('Tab');
    await k.keyboard.type(PASSWORD);
    await k.keyboard.press('Enter');
    await k.getByRole('heading', { name: /^Hello/ }).waitFor();
    await k.getByRole('button', { name: 'Search (Ctrl K)' }).waitFor();
    await k.keyboard.press('Control+k');
    const box = k.getByRole('textbox', { name: 'Search or type a command' });
    await box.waitFor();
    await expect.poll(() => box.evaluate((el) => el === document.activeElement)).toBe(true);
    await k.keyboard.type('Calder Robotics');
    await k
      .getByRole('option', { name: /Calder Robotics Ltd/ })
      .first()
      .waitFor();
    // The first hit is already chosen: Enter opens it.
    await k.keyboard.press('Enter');
    await k.getByRole('heading', { name: 'Calder Robotics Ltd' }).waitFor();
    await k.keyboard.press('Control+Shift+L');
    await k.getByRole('dialog', { name: 'Log a touch point' }).waitFor();
    await k.keyboard.press('Escape');
    await k.close();
  });
});
