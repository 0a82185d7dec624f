import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUnit, buildUser } from '../server/src/test/factories/index.ts';
import {
  checkScreen,
  expectCleanConsole,
  expectNoOverlap,
  type Harness,
  signIn,
  startHarness,
} from './harness.ts';

const PASSWORD = 'correct horse battery staple';
const ROUTER_WARNING = /No `HydrateFallback` element provided/;
let h: Harness;

beforeAll(async () => {
  h = await startHarness();
  const unit = (await buildUnit(h.database.db, { name: 'Information Governance' })).id;
  await buildUser(h.database.db, {
    email: 'dana@northmoor.ac.uk',
    name: 'Dana Protection',
    role: 'administrator',
    unitId: unit,
    password: PASSWORD,
  });
});
afterAll(async () => {
  await h?.close();
});

/** Opens the purposes page with its list held back, so axe sees the loading state as well. */
async function openHeld(page: Page, name: string) {
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  await page.route('**/api/v1/personal-data/purposes', async (route) => {
    await held;
    await route.continue();
  });
  await page.goto(`${h.url}/admin/purposes`);
  await page.getByRole('heading', { name: 'Consent purposes', level: 2 }).waitFor({ timeout: 20_000 });
  await page.getByRole('status', { name: 'Loading' }).first().waitFor({ timeout: 20_000 });
  await checkScreen(page, `${name}-loading`);
  release();
  await page
    .getByRole('region', { name: 'Consent purposes' })
    .getByText('Events and invitations', { exact: true })
    .waitFor({ timeout: 20_000 });
  await expect.poll(() => page.getByRole('status', { name: 'Loading' }).count(), { timeout: 20_000 }).toBe(0);
}

describe('consent purposes (administration)', () => {
  it('lists, adds, renames and retires a purpose at desk width', async () => {
    const page = await h.newPage({ width: 1280, height: 900 });
    await signIn(page, h.url, 'dana@northmoor.ac.uk', PASSWORD);
    await openHeld(page, 'purposes-1280');
    const table = page.getByRole('region', { name: 'Consent purposes' });
    // What Rapport sends for can be renamed, not retired.
    await table.getByRole('button', { name: 'Change Events and invitations', exact: true }).waitFor();
    expect(
      await table.getByRole('button', { name: 'Retire Events and invitations', exact: true }).count(),
    ).toBe(0);
    await checkScreen(page, 'purposes-list-1280');

    await page.getByRole('button', { name: 'Add a purpose', exact: true }).click();
    const add = page.getByRole('dialog', { name: 'Add a purpose' });
    // A key that is not one is refused on its field, before anything is sent.
    await add.getByRole('textbox', { name: 'Name' }).fill('Alumni mentoring');
    expect(await add.getByRole('textbox', { name: 'Key' }).inputValue()).toBe('alumni_mentoring');
    await add.getByRole('textbox', { name: 'Key' }).fill('Alumni Mentoring');
    await add.getByRole('button', { name: 'Add purpose', exact: true }).click();
    await add.getByText('Use lower-case letters, digits and underscores, starting with a letter').waitFor();
    await checkScreen(page, 'purposes-add-invalid-1280');
    await add.getByRole('textbox', { name: 'Key' }).fill('alumni_mentoring');
    await add.getByRole('textbox', { name: 'Description' }).fill('Asking alumni to mentor students');
    await add.getByRole('textbox', { name: 'Personal data held' }).fill('Name, e-mail address, employer');
    await add.getByRole('button', { name: 'Add purpose', exact: true }).click();
    await add.waitFor({ state: 'detached', timeout: 20_000 });
    await table.getByText('Alumni mentoring', { exact: true }).waitFor({ timeout: 20_000 });
    expect(await table.getByRole('row', { name: /Alumni mentoring/ }).textContent()).toContain('Consent');

    await table.getByRole('button', { name: 'Change Alumni mentoring', exact: true }).click();
    const change = page.getByRole('dialog', { name: 'Change Alumni mentoring' });
    await change.getByRole('textbox', { name: 'Name' }).fill('Alumni mentoring scheme');
    await change.getByRole('button', { name: 'Save purpose', exact: true }).click();
    await change.waitFor({ state: 'detached', timeout: 20_000 });
    await table.getByText('Alumni mentoring scheme', { exact: true }).waitFor({ timeout: 20_000 });

    await table.getByRole('button', { name: 'Retire Alumni mentoring scheme', exact: true }).click();
    const confirm = page.getByRole('dialog', { name: 'Retire Alumni mentoring scheme?' });
    await confirm.getByText('Nobody will be contacted for this purpose', { exact: false }).waitFor();
    await checkScreen(page, 'purposes-retire-1280');
    await confirm.getByRole('button', { name: 'Retire purpose', exact: true }).click();
    await confirm.waitFor({ state: 'detached', timeout: 20_000 });
    await table.getByRole('button', { name: 'Bring back Alumni mentoring scheme', exact: true }).waitFor({
      timeout: 20_000,
    });
    expect(await table.getByRole('row', { name: /Alumni mentoring scheme/ }).textContent()).toContain(
      'Retired',
    );
    await checkScreen(page, 'purposes-retired-1280');
    const purposes = await page.request.get(`${h.url}/api/v1/personal-data/purposes`);
    const saved = (
      (await purposes.json()) as { items: { key: string; name: string; retiredAt: string | null }[] }
    ).items.find((p) => p.key === 'alumni_mentoring');
    expect(saved).toMatchObject({ name: 'Alumni mentoring scheme', retiredAt: expect.any(String) });
    expectCleanConsole(page, 'purposes', [ROUTER_WARNING]);
  });

  it('fits a phone at 390 and 320 px, axe-clean, without sideways scrolling', async () => {
    for (const width of [390, 320]) {
      const phone = await h.newPage({ width, height: 800 });
      await signIn(phone, h.url, 'dana@northmoor.ac.uk', PASSWORD);
      await openHeld(phone, `purposes-${width}`);
      await checkScreen(phone, `purposes-list-${width}`);
      await expectNoOverlap(phone, `purposes-${width}`);
      expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      await phone.getByRole('button', { name: 'Add a purpose', exact: true }).click();
      const add = phone.getByRole('dialog', { name: 'Add a purpose' });
      await add.getByRole('textbox', { name: 'Name' }).waitFor();
      await checkScreen(phone, `purposes-add-${width}`);
      expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      expectCleanConsole(phone, `purposes ${width}`, [ROUTER_WARNING]);
      await phone.close();
    }
  });
});
