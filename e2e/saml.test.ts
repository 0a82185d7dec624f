import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUnit, buildUser } from '../server/src/test/factories/index.ts';
import { startTestSamlIdp } from '../server/src/test/saml-idp.ts';
import {
  checkScreen,
  expectCleanConsole,
  expectNoOverlap,
  type Harness,
  signIn,
  startHarness,
} from './harness.ts';

/**
 * SAML 2.0 single sign-on in the browser: an administrator adds the university's identity
 * provider by pasting its metadata, with a rule on an attribute; then a member of staff signs in
 * through it (a test identity provider on this machine signing real responses), gets the role
 * the rule gives, and signs out there too.
 */
const PASSWORD = 'correct horse battery staple';
let h: Harness;
let idp: Awaited<ReturnType<typeof startTestSamlIdp>>;
let page: Page;

beforeAll(async () => {
  h = await startHarness({ env: { RAPPORT_SECRET_KEY: 'a-browser-test-key-of-thirty-two-characters' } });
  idp = await startTestSamlIdp();
  await buildUnit(h.database.db, { name: 'Careers and Employability', kind: 'service' });
  await buildUser(h.database.db, {
    email: 'admin@northmoor.ac.uk',
    name: 'Alex Administrator',
    role: 'administrator',
    password: PASSWORD,
  });
  idp.addPerson('grace', {
    nameID: 'persistent-grace',
    attributes: {
      'urn:oid:1.3.6.1.4.1.5923.1.1.1.6': 'grace.hopper@northmoor.ac.uk',
      'urn:oid:0.9.2342.19200300.100.1.3': 'grace.hopper@northmoor.ac.uk',
      'urn:oid:2.16.840.1.113730.3.1.241': 'Grace Hopper',
      'urn:oid:1.3.6.1.4.1.5923.1.1.1.9': ['member@northmoor.ac.uk', 'staff@northmoor.ac.uk'],
    },
  });
});
afterAll(async () => {
  await idp?.close();
  await h?.close();
});

describe('SAML single sign-on', () => {
  it('lets an administrator add a SAML identity provider from its metadata, with a rule', async () => {
    page = await h.newPage({ width: 1280, height: 900 });
    await signIn(page, h.url, 'admin@northmoor.ac.uk', PASSWORD);
    await page.getByRole('link', { name: 'Single sign-on' }).click();
    await page.getByRole('heading', { name: 'Single sign-on', level: 2 }).waitFor();
    await page.getByText('No identity provider yet').waitFor();

    await page.getByRole('button', { name: 'Add a SAML provider' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add a SAML provider' });
    await dialog.getByLabel('Name on the sign-in button').fill('Northmoor (UK federation)');
    await dialog.getByLabel('Key').fill('northmoor-saml');
    await dialog.getByLabel('Identity provider metadata').fill(idp.metadata());
    await dialog.getByRole('button', { name: 'Add a rule' }).click();
    await dialog.getByLabel('Attribute', { exact: true }).fill('eduPersonScopedAffiliation');
    await dialog.getByLabel('Value').fill('staff@northmoor.ac.uk');
    await dialog.getByLabel('Gives the role').first().click();
    await page.getByRole('option', { name: 'Staff', exact: true }).click();
    await checkScreen(page, 'saml-admin-add');
    await dialog.getByRole('button', { name: 'Add provider' }).click();
    await page.getByRole('cell', { name: 'Northmoor (UK federation)', exact: true }).waitFor();
    await page.getByRole('cell', { name: 'SAML 2.0' }).waitFor();

    // Changing it shows the addresses to give the identity provider.
    await page.getByRole('button', { name: 'Change Northmoor (UK federation)' }).click();
    const change = page.getByRole('dialog', { name: 'Change Northmoor (UK federation)' });
    await change.getByText(`${h.url}/api/v1/sign-on/northmoor-saml/saml/metadata`).waitFor();
    await checkScreen(page, 'saml-admin-change');
    await page.keyboard.press('Escape');
    await change.waitFor({ state: 'detached' });

    const phoneContext = await h.browser.newContext({
      storageState: await page.context().storageState(),
      viewport: { width: 375, height: 800 },
      reducedMotion: 'reduce',
    });
    const phone = await phoneContext.newPage();
    await phone.goto(page.url());
    await phone.getByRole('cell', { name: 'Northmoor (UK federation)', exact: true }).waitFor();
    await expectNoOverlap(phone, 'saml-admin');
    await checkScreen(phone, 'saml-admin-phone');
    await phone.getByRole('button', { name: 'Add a SAML provider' }).click();
    await phone.getByRole('dialog', { name: 'Add a SAML provider' }).getByLabel('Key').waitFor();
    await checkScreen(phone, 'saml-admin-add-phone');
    await phoneContext.close();
    expectCleanConsole(page, 'SAML administration');
    await page.close();
  });

  for (const [width, height, label] of [
    [1280, 900, 'desk'],
    [375, 800, 'phone'],
  ] as const) {
    it(`signs a member of staff in through the identity provider and out there too (${label})`, async () => {
      page = await h.newPage({ width, height });
      await page.goto(`${h.url}/sign-in`);
      const button = page.getByRole('link', { name: 'Sign in with Northmoor (UK federation)' });
      await button.waitFor();
      await checkScreen(page, `saml-sign-in-${label}`);
      idp.signInAs('grace');
      await button.click();
      await page.getByRole('heading', { name: /^Hello/ }).waitFor();
      const session = await page.evaluate(async () => (await fetch('/api/v1/auth/session')).json());
      expect(session.user).toMatchObject({
        email: 'grace.hopper@northmoor.ac.uk',
        name: 'Grace Hopper',
        role: 'staff',
      });
      if (label === 'phone') await expectNoOverlap(page, 'signed in through SAML');
      await checkScreen(page, `saml-signed-in-${label}`);

      const logouts = idp.logouts.length;
      if (label === 'phone')
        await page
          .getByRole('button', { name: /menu|navigation/i })
          .first()
          .click();
      await page.getByRole('button', { name: 'Sign out' }).click();
      // The identity provider receives the LogoutRequest and sends the browser back to Rapport's sign-in.
      await page.waitForURL(`${h.url}/sign-in`);
      await button.waitFor();
      expect(idp.logouts.length).toBe(logouts + 1);
      expect(idp.logouts.at(-1)?.nameID).toBe('persistent-grace');
      expect(await page.evaluate(async () => (await fetch('/api/v1/auth/status')).json())).toEqual({
        signedIn: false,
      });
      expectCleanConsole(page, `SAML round trip (${label})`);
      await page.close();
    });
  }

  it('says why on the sign-in page when the identity provider lets nobody in', async () => {
    page = await h.newPage({ width: 375, height: 800 });
    await page.goto(`${h.url}/sign-in`);
    idp.signInAs(null);
    await page.getByRole('link', { name: 'Sign in with Northmoor (UK federation)' }).click();
    await page
      .getByRole('alert')
      .getByText('Your university account did not let Rapport sign you in.')
      .waitFor();
    await checkScreen(page, 'saml-refused-phone');
    expectCleanConsole(page, 'SAML refused');
    await page.close();
  });
});
