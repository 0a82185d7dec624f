import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUnit, buildUser } from '../server/src/test/factories/index.ts';
import { startTestOidcProvider } from '../server/src/test/oidc-provider.ts';
import {
  checkScreen,
  expectCleanConsole,
  expectNoOverlap,
  type Harness,
  signIn,
  startHarness,
} from './harness.ts';

/**
 * Single sign-on in the browser: an administrator adds the university's OpenID Connect provider
 * and a mapping rule on the Single sign-on page, then a member of staff signs in through the
 * provider (a real oidc-provider on this machine), gets the unit the rule gives, and signs out
 * at the provider too.
 */
const PASSWORD = 'correct horse battery staple';
let h: Harness;
let op: Awaited<ReturnType<typeof startTestOidcProvider>>;
let page: Page;

beforeAll(async () => {
  h = await startHarness({ env: { RAPPORT_SECRET_KEY: 'a-browser-test-key-of-thirty-two-characters' } });
  op = await startTestOidcProvider({
    clientId: 'rapport-web',
    clientSecret: 'browser-test-client-secret',
    redirectUris: [`${h.url}/api/v1/sign-on/northmoor/callback`],
    postLogoutRedirectUris: [`${h.url}/sign-in`],
  });
  await buildUnit(h.database.db, { name: 'IT Services', kind: 'service' });
  await buildUser(h.database.db, {
    email: 'admin@northmoor.ac.uk',
    name: 'Alex Administrator',
    role: 'administrator',
    password: PASSWORD,
  });
  op.addAccount({
    sub: 'northmoor-ada',
    email: 'ada.lovelace@northmoor.ac.uk',
    email_verified: true,
    name: 'Ada Lovelace',
    department: 'IT Services',
  });
});
afterAll(async () => {
  await op?.close();
  await h?.close();
});

describe('single sign-on', () => {
  it('lets an administrator add a provider and a mapping rule', async () => {
    page = await h.newPage({ width: 1280, height: 900 });
    await signIn(page, h.url, 'admin@northmoor.ac.uk', PASSWORD);
    await page.getByRole('link', { name: 'Single sign-on' }).click();
    await page.getByRole('heading', { name: 'Single sign-on', level: 2 }).waitFor();
    expect(await page.title()).toBe('Single sign-on · Administration · Rapport');
    await page.getByText('No identity provider yet').waitFor();
    await checkScreen(page, 'sign-on-admin-empty');

    await page.getByRole('button', { name: 'Add an OpenID Connect provider' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add an OpenID Connect provider' });
    await dialog.getByLabel('Name on the sign-in button').fill('Northmoor staff account');
    await dialog.getByLabel('Key').fill('northmoor');
    await dialog.getByLabel('Issuer').fill(op.issuer);
    await dialog.getByLabel('Client id').fill('rapport-web');
    await dialog.getByLabel('Client secret').fill('browser-test-client-secret');
    await dialog.getByRole('button', { name: 'Add a rule' }).click();
    await dialog.getByLabel('Claim').fill('department');
    await dialog.getByLabel('Value').fill('IT Services');
    await dialog.getByLabel('Gives the unit').first().click();
    await page.getByRole('option', { name: 'IT Services' }).click();
    await checkScreen(page, 'sign-on-admin-add');
    await dialog.getByRole('button', { name: 'Add provider' }).click();
    await page.getByRole('cell', { name: 'Northmoor staff account', exact: true }).waitFor();
    await checkScreen(page, 'sign-on-admin');
    // The same page opened on a phone (the session is shared), laid out at 375 px from the start.
    const phoneContext = await h.browser.newContext({
      storageState: await page.context().storageState(),
      viewport: { width: 375, height: 800 },
      reducedMotion: 'reduce',
    });
    const phone = await phoneContext.newPage();
    await phone.goto(page.url());
    await phone.getByRole('cell', { name: 'Northmoor staff account', exact: true }).waitFor();
    await expectNoOverlap(phone, 'sign-on-admin');
    await checkScreen(phone, 'sign-on-admin-phone');
    await phoneContext.close();
    expectCleanConsole(page, 'sign-on administration');
    await page.close();
  });

  it('signs a member of staff in through the provider, with the unit the rule gives, and out there too', async () => {
    page = await h.newPage({ width: 1280, height: 900 });
    await page.goto(`${h.url}/sign-in`);
    const button = page.getByRole('link', { name: 'Sign in with Northmoor staff account' });
    await button.waitFor();
    await checkScreen(page, 'sign-on-sign-in');
    op.signInAs('northmoor-ada');
    await button.click();
    await page.getByRole('heading', { name: /^Hello/ }).waitFor();
    await page.getByRole('link', { name: 'Ada Lovelace: my account' }).waitFor();
    const session = await page.evaluate(async () => (await fetch('/api/v1/auth/session')).json());
    expect(session.user).toMatchObject({ email: 'ada.lovelace@northmoor.ac.uk', role: 'viewer' });
    expect(session.user.unitId).not.toBeNull();

    await page.getByRole('button', { name: 'Sign out' }).click();
    // The provider's own page asks to confirm, then sends the browser back to Rapport's sign-in.
    await page.waitForURL((url) => url.href.startsWith(op.issuer));
    await page.getByRole('button', { name: /yes, sign me out/i }).click();
    await page.waitForURL(`${h.url}/sign-in`);
    await button.waitFor();
    expect(await page.evaluate(async () => (await fetch('/api/v1/auth/status')).json())).toEqual({
      signedIn: false,
    });
    // The test provider's own sign-out page asks for a web font and a favicon it does not have.
    expectCleanConsole(page, 'sign-on round trip', [
      /fonts\.googleapis\.com/,
      new RegExp(`${op.issuer}/favicon\\.ico`),
    ]);
    await page.close();
  });

  it('says why, on the sign-in page, when the provider lets nobody in', async () => {
    page = await h.newPage({ width: 375, height: 800 });
    await page.goto(`${h.url}/sign-in`);
    op.signInAs(null);
    await page.getByRole('link', { name: 'Sign in with Northmoor staff account' }).click();
    await page
      .getByRole('alert')
      .getByText('Your university account did not let Rapport sign you in.')
      .waitFor();
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    await expectNoOverlap(page, 'sign-in refused');
    await checkScreen(page, 'sign-on-refused-phone');
    expectCleanConsole(page, 'sign-on refused');
    await page.close();
  });
});
