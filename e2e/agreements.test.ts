import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildAffiliation,
  buildContact,
  buildPartner,
  buildRelationship,
  buildUnit,
  buildUser,
} from '../server/src/test/factories/index.ts';
import {
  checkScreen,
  expectCleanConsole,
  expectNoOverlap,
  type Harness,
  SCREENSHOTS,
  signIn,
  startHarness,
} from './harness.ts';

const PASSWORD = 'correct horse battery staple';
let h: Harness;
let page: Page;
let partnerId: string;

/** Careers has a relationship with Kestrel Foods managed by Maya; Dana signs for Kestrel. */
beforeAll(async () => {
  h = await startHarness();
  const db = h.database.db;
  const careers = (await buildUnit(db, { name: 'Careers and Employability' })).id;
  const maya = await buildUser(db, {
    email: 'maya@northmoor.ac.uk',
    name: 'Maya Manager',
    role: 'relationship_manager',
    unitId: careers,
    password: PASSWORD,
  });
  partnerId = (await buildPartner(db, { name: 'Kestrel Foods' })).id;
  await buildRelationship(db, { unitId: careers, partnerId, managerId: maya.id });
  const dana = await buildContact(db, { name: 'Dana Head' });
  await buildAffiliation(db, { contactId: dana.id, partnerId, role: 'Head of HR' });
  page = await h.newPage({ width: 1280, height: 900 });
});
afterAll(async () => {
  await h?.close();
});

const main = () => page.getByRole('main');
const eventually = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 20_000 });
const panel = () => main().getByRole('region', { name: 'Agreements' });
const dialog = () => page.getByRole('dialog');

/** The screen at 375 px too, looked at and kept, then back to 1280. */
async function atPhoneWidth(name: string) {
  await page.setViewportSize({ width: 375, height: 800 });
  // The dialog re-lays itself out after the resize: wait until it has, then it must not overlap.
  await eventually(() =>
    expectNoOverlap(page, name).then(
      () => 'no overlap',
      (error: Error) => error.message,
    ),
  ).toBe('no overlap');
  await checkScreen(page, `${name}-375`);
  await page.screenshot({ path: `${SCREENSHOTS}/${name}-375.png`, fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });
}

describe('agreements under change control', () => {
  it('records an agreement, brings it into force, and a change approved by both sides becomes version 2', async () => {
    await signIn(page, h.url, 'maya@northmoor.ac.uk', PASSWORD);
    await page.goto(`${h.url}/partners/${partnerId}/relationships`);
    await main().getByRole('heading', { name: 'Kestrel Foods' }).waitFor();
    await panel().getByText('No agreement is recorded with this partner yet.').waitFor();
    await checkScreen(page, 'ag01-none');

    await panel().getByRole('button', { name: 'Record an agreement' }).click();
    await dialog()
      .getByLabel(/^Title/)
      .fill('Summer placements');
    await dialog().getByLabel('The partner commits to').fill('Ten paid placements each summer');
    await dialog().getByLabel('Start date', { exact: true }).fill('2026-01-01');
    await dialog().getByLabel('Review date', { exact: true }).fill('2025-06-01');
    await dialog().getByRole('button', { name: 'Record agreement' }).click();
    await eventually(() => dialog().textContent()).toContain('before the start date');
    await checkScreen(page, 'ag02-review-before-start');
    await dialog().getByLabel('Review date', { exact: true }).fill('2027-01-15');
    await dialog().getByLabel('Signatory for the partner').click();
    await page.getByRole('option', { name: /Dana Head/ }).click();
    await dialog().getByRole('button', { name: 'Record agreement' }).click();
    const row = panel().getByRole('row', { name: /Summer placements/ });
    await row.getByText('Draft').waitFor();

    await row.getByRole('button', { name: 'Summer placements' }).click();
    await dialog().getByRole('button', { name: 'Bring into force' }).click();
    await dialog()
      .getByText(/version 1/)
      .waitFor();
    await dialog().getByRole('button', { name: 'Propose a change' }).click();
    const form = dialog().getByRole('form', { name: 'Propose a change' });
    await form.getByLabel(/^Why the change/).fill('Kestrel can take two more students');
    await form.getByLabel('The partner commits to').fill('Twelve paid placements each summer');
    await form.getByRole('button', { name: 'Propose change' }).click();
    const change = dialog().getByRole('article');
    await change.getByText('Awaiting approval').waitFor();
    const diff = change.getByRole('row', { name: /The partner commits to/ });
    expect(await diff.textContent()).toContain('Ten paid placements each summer');
    expect(await diff.textContent()).toContain('Twelve paid placements each summer');
    await checkScreen(page, 'ag03-change-proposed');

    await change.getByRole('button', { name: 'Approve for the university' }).click();
    await change.getByText(/University \(Maya Manager\): Approved/).waitFor();
    await change.getByRole('button', { name: "Record partner's approval" }).click();
    await change.getByText('Approved', { exact: true }).waitFor();
    await dialog()
      .getByText(/version 2/)
      .waitFor();
    await dialog().getByRole('tab', { name: 'Versions' }).click();
    const v2 = dialog().getByRole('region', { name: /Version 2/ });
    await v2.getByText('Kestrel can take two more students').waitFor();
    expect(await v2.getByRole('row', { name: /The partner commits to/ }).textContent()).toContain(
      'Twelve paid placements each summer',
    );
    await checkScreen(page, 'ag04-versions');
    await atPhoneWidth('ag04-versions');
    await page.keyboard.press('Escape');
    await panel()
      .getByRole('row', { name: /Summer placements/ })
      .getByText('In force')
      .waitFor();
    await checkScreen(page, 'ag05-in-force');
    await atPhoneWidth('ag05-in-force');
    expectCleanConsole(page, 'agreements', [/400 \(Bad Request\)/]);
  });
});
