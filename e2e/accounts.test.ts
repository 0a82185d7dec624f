import { eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessions, touchpoints } from '../server/src/db/schema/index.ts';
import { buildPartner, buildUnit, buildUser } from '../server/src/test/factories/index.ts';
import { startTestSmtp } from '../server/src/test/smtp.ts';
import {
  checkScreen,
  expectCleanConsole,
  expectNoOverlap,
  type Harness,
  signIn,
  startHarness,
} from './harness.ts';

const PASSWORD = 'correct horse battery staple';
const CHOSEN = 'lantern quarry velvet orbit';
let h: Harness;
let smtp: Awaited<ReturnType<typeof startTestSmtp>>;
let page: Page;
let adminId: string;
let partnerId: string;

beforeAll(async () => {
  smtp = await startTestSmtp();
  h = await startHarness({
    env: {
      SMTP_URL: smtp.url,
      SMTP_FROM: 'Rapport <rapport@northmoor.ac.uk>',
      RAPPORT_PUBLIC_URL: 'http://placeholder',
    },
  });
  const unit = await buildUnit(h.database.db, { name: 'Research Office', kind: 'service' });
  adminId = (
    await buildUser(h.database.db, {
      email: 'admin@northmoor.ac.uk',
      name: 'Ada Admin',
      role: 'administrator',
      unitId: unit.id,
      password: PASSWORD,
    })
  ).id;
  partnerId = (await buildPartner(h.database.db, { name: 'Ashdown Building Society' })).id;
  await buildUser(h.database.db, {
    email: 'forgetful@northmoor.ac.uk',
    name: 'Fred Forgetful',
    role: 'staff',
    unitId: unit.id,
    password: PASSWORD,
  });
  page = await h.newPage({ width: 1280, height: 900 });
});
afterAll(async () => {
  await h?.close();
  await smtp?.close();
});

/** The link in the newest e-mail to the address, pointed at this test's server. */
async function linkMailedTo(address: string) {
  await h.app.accountMail.drain();
  const mail = smtp.received.filter((m) => JSON.stringify(m.to).includes(address)).at(-1);
  const match = mail?.text?.match(/http:\/\/placeholder(\/[a-z-]+#token=[\w-]+)/);
  if (!match) throw new Error(`no link e-mailed to ${address}`);
  return `${h.url}${match[1]}`;
}

const title = () => page.evaluate(() => document.title);
const focused = () => page.evaluate(() => document.activeElement?.textContent ?? '');

describe('accounts', () => {
  it('an administrator invites a colleague, who accepts from the e-mail and signs in', async () => {
    await signIn(page, h.url, 'admin@northmoor.ac.uk', PASSWORD);
    expect(await title()).toBe('Home · Rapport');
    await page.getByRole('link', { name: 'Users' }).click();
    await page.getByRole('heading', { name: 'Users' }).waitFor();
    await expect.poll(title).toBe('Users · Administration · Rapport');
    await expect.poll(focused).toBe('Users');
    await page.getByRole('button', { name: 'Add a user' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Full name').fill('Ines Invited');
    await dialog.getByLabel('E-mail address').fill('ines.invited@northmoor.ac.uk');
    await dialog.getByRole('button', { name: 'Add user' }).click();
    await page.getByRole('cell', { name: 'ines.invited@northmoor.ac.uk' }).waitFor();
    const link = await linkMailedTo('ines.invited@northmoor.ac.uk');
    expect(link).toContain('/welcome#token=');

    const guest = await h.newPage({ width: 390, height: 844 });
    await guest.goto(link);
    await guest.getByRole('heading', { name: 'Welcome to Rapport' }).waitFor();
    expect(await guest.evaluate(() => window.location.hash)).toBe('');
    await checkScreen(guest, 'accounts-01-welcome-390');
    await expectNoOverlap(guest, 'welcome');
    await guest.getByLabel(/^New password/).fill(CHOSEN);
    await guest.getByLabel(/^The same password again/).fill('something else entirely');
    await guest.getByRole('button', { name: 'Set my password' }).click();
    await expect.poll(() => guest.getByText('is not the same password').count()).toBe(1);
    await guest.getByLabel(/^The same password again/).fill(CHOSEN);
    await guest.getByRole('button', { name: 'Set my password' }).click();
    await guest.getByRole('status').getByText('Your password is set').waitFor();
    await checkScreen(guest, 'accounts-02-signed-up-390');
    await signIn(guest, h.url, 'ines.invited@northmoor.ac.uk', CHOSEN);

    // The link works once.
    await guest.goto(link);
    await guest.getByRole('heading', { name: 'Welcome to Rapport' }).waitFor();
    await guest.getByLabel(/^New password/).fill('another four random words');
    await guest.getByLabel(/^The same password again/).fill('another four random words');
    await guest.getByRole('button', { name: 'Set my password' }).click();
    await guest.getByRole('alert').getByText('this link has already been used').waitFor();
    expectCleanConsole(guest, 'invitation', [/400 \(Bad Request\)/]);
    await guest.close();
  });

  it('"Forgot password?" e-mails a link that sets a new password', async () => {
    const guest = await h.newPage({ width: 1280, height: 900 });
    await guest.goto(`${h.url}/sign-in`);
    await guest.getByRole('link', { name: 'Forgot password?' }).click();
    await guest.getByRole('heading', { name: 'Forgot your password?' }).waitFor();
    expect(await guest.evaluate(() => document.title)).toBe('Forgot password · Rapport');
    await guest.getByLabel(/^E-mail address/).fill('forgetful@northmoor.ac.uk');
    await guest.getByRole('button', { name: 'Send me a link' }).click();
    await guest.getByRole('status').getByText('If that address has an account').waitFor();
    await checkScreen(guest, 'accounts-03-forgot');
    const link = await linkMailedTo('forgetful@northmoor.ac.uk');
    expect(link).toContain('/reset-password#token=');
    await guest.goto(link);
    await guest.getByRole('heading', { name: 'Choose a new password' }).waitFor();
    await expect.poll(() => guest.evaluate(() => window.location.hash)).toBe('');
    // The token is off the address, but a reload of the page still has it.
    await guest.reload();
    await guest.getByRole('heading', { name: 'Choose a new password' }).waitFor();
    await checkScreen(guest, 'accounts-04-reset');
    await guest.getByLabel(/^New password/).fill(CHOSEN);
    await guest.getByLabel(/^The same password again/).fill(CHOSEN);
    await guest.getByRole('button', { name: 'Set my password' }).click();
    await guest.getByRole('status').getByText('Your new password is set').waitFor();
    await signIn(guest, h.url, 'forgetful@northmoor.ac.uk', CHOSEN);
    expectCleanConsole(guest, 'reset');
    await guest.close();
  });

  it('My account: change my name, choose notifications, create a token (shown once) and revoke it', async () => {
    await page.getByRole('link', { name: 'My account' }).first().click();
    await page.getByRole('heading', { name: 'My account' }).waitFor();
    await expect.poll(title).toBe('My account · Rapport');
    await expect.poll(focused).toBe('My account');
    await checkScreen(page, 'accounts-05-my-account');

    await page.getByLabel(/^Your name/).fill('Ada Administrator');
    await page.getByRole('button', { name: 'Save name' }).click();
    await page.getByText('Your name is changed').waitFor();

    await page.getByRole('checkbox', { name: 'Task due: E-mail at once' }).uncheck();
    await page.getByRole('button', { name: 'Save notification choices' }).click();
    await page.getByText('Your notification choices are saved').waitFor();

    await page.getByLabel(/^Name of the new token/).fill('Timetable sync');
    await page.getByRole('button', { name: 'Create token' }).click();
    const shown = page.getByRole('status').filter({ hasText: 'shown this once only' });
    await shown.waitFor();
    const secret = (await shown.locator('pre').textContent())?.trim() ?? '';
    expect(secret.length).toBeGreaterThan(30);
    const asBearer = () =>
      h.app.inject({
        method: 'GET',
        url: '/api/v1/auth/session',
        headers: { authorization: `Bearer ${secret}` },
      });
    expect((await asBearer()).statusCode).toBe(200);
    await checkScreen(page, 'accounts-06-token-created');

    await page.getByRole('button', { name: 'Revoke Timetable sync' }).click();
    await page.getByRole('cell', { name: 'Revoked' }).waitFor();
    expect((await asBearer()).statusCode).toBe(401);

    // What was saved is what the page shows after a reload.
    await page.reload();
    await page.getByRole('heading', { name: 'My account' }).waitFor();
    await expect.poll(() => page.getByLabel(/^Your name/).inputValue()).toBe('Ada Administrator');
    expect(await page.getByRole('checkbox', { name: 'Task due: E-mail at once' }).isChecked()).toBe(false);
    expect(await page.getByRole('checkbox', { name: 'Task due: In Rapport' }).isChecked()).toBe(true);
    await page.getByRole('cell', { name: 'Revoked' }).waitFor();

    await page.setViewportSize({ width: 390, height: 844 });
    await checkScreen(page, 'accounts-07-my-account-390');
    await expectNoOverlap(page, 'my account');
    await page.setViewportSize({ width: 1280, height: 900 });
    expectCleanConsole(page, 'my account');
  });

  it('keeps a touch point written as the session ends, and saves it once after signing in again', async () => {
    await page.goto(`${h.url}/partners/${partnerId}`);
    await page.getByRole('heading', { name: 'Ashdown Building Society' }).waitFor();
    await expect.poll(title).toBe('Ashdown Building Society · Partners · Rapport');
    await page.getByRole('main').getByRole('button', { name: 'Log touch point' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Subject').fill('Mortgage advice stand at the graduate fair');
    // The session ends while the form is open (expiry, or signed out elsewhere).
    await h.database.db.delete(sessions).where(eq(sessions.userId, adminId));
    await dialog.getByRole('button', { name: 'Log touch point' }).click();
    await page.getByRole('heading', { name: 'Sign in to Rapport' }).waitFor();
    await page.getByText(/Your touch point “Mortgage advice stand at the graduate fair” is kept/).waitFor();
    await checkScreen(page, 'accounts-08-draft-kept');
    const logged = () =>
      h.database.db
        .select()
        .from(touchpoints)
        .where(eq(touchpoints.subject, 'Mortgage advice stand at the graduate fair'));
    expect(await logged()).toHaveLength(0);

    await page.getByLabel('E-mail address').fill('admin@northmoor.ac.uk');
    await page.getByLabel(/^Password/).fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('Your touch point “Mortgage advice stand at the graduate fair” is saved.').waitFor();
    await page.getByRole('heading', { name: 'Ashdown Building Society' }).waitFor();
    await page
      .getByRole('list', { name: 'Timeline' })
      .getByText('Mortgage advice stand at the graduate fair')
      .waitFor();
    expect(await logged()).toHaveLength(1);
    // Sent once: signing in again sends nothing more.
    expect(await page.evaluate(() => sessionStorage.getItem('rapport.drafts'))).toBeNull();
    expectCleanConsole(page, 'draft kept', [/401 \(Unauthorized\)/]);
  });
});
