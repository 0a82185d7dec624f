import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requests } from '../server/src/db/schema/requests.ts';
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

/** Estates is in dispute with Granite Builders over an invoice; Gwen signs for Granite. */
beforeAll(async () => {
  h = await startHarness();
  const db = h.database.db;
  const estates = (await buildUnit(db, { name: 'Estates' })).id;
  const sam = await buildUser(db, {
    email: 'sam@northmoor.ac.uk',
    name: 'Sam Senior',
    role: 'senior_manager',
    unitId: estates,
    password: PASSWORD,
  });
  const partnerId = (await buildPartner(db, { name: 'Granite Builders' })).id;
  const relationship = await buildRelationship(db, { unitId: estates, partnerId, managerId: sam.id });
  const gwen = await buildContact(db, { name: 'Gwen Director' });
  await buildAffiliation(db, { contactId: gwen.id, partnerId, role: 'Director' });
  await db.insert(requests).values({
    partnerId,
    relationshipId: relationship.id,
    unitId: estates,
    kind: 'dispute',
    title: 'Contested invoice for the roof repairs',
    ownerId: sam.id,
    createdById: sam.id,
    // Raised two weeks ago: past informal discussion's ten days.
    createdAt: new Date(Date.now() - 14 * 86_400_000),
  });
  page = await h.newPage({ width: 1280, height: 900 });
});
afterAll(async () => {
  await h?.close();
});

const main = () => page.getByRole('main');
const eventually = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 20_000 });
const panel = () => main().getByRole('region', { name: 'Dispute procedure' });

async function atPhoneWidth(p: Page, name: string) {
  await p.setViewportSize({ width: 390, height: 844 });
  await eventually(() =>
    expectNoOverlap(p, name).then(
      () => 'no overlap',
      (error: Error) => error.message,
    ),
  ).toBe('no overlap');
  await checkScreen(p, `${name}-390`);
  await p.screenshot({ path: `${SCREENSHOTS}/${name}-390.png`, fullPage: true });
  await p.setViewportSize({ width: 1280, height: 900 });
}

describe('the dispute procedure', () => {
  it('flags a late stage, moves stage by stage, records the outcome and the partner acknowledges it once by the link', async () => {
    await signIn(page, h.url, 'sam@northmoor.ac.uk', PASSWORD);
    await page.goto(`${h.url}/attention`);
    await checkScreen(page, 'dp00-senior-view-loading');
    const late = main().getByRole('region', { name: /Dispute stages past their timescale/ });
    await late.getByRole('link', { name: /Contested invoice for the roof repairs/ }).click();
    await panel().getByText('Past its timescale').waitFor();
    await checkScreen(page, 'dp01-informal');

    await panel().getByRole('button', { name: 'Move to formal review' }).click();
    await panel().getByRole('button', { name: 'Move to mediation' }).waitFor();
    expect(await panel().getByText('Past its timescale').count()).toBe(0);
    await panel().getByRole('button', { name: 'Move to mediation' }).click();

    const form = panel().getByRole('form', { name: 'Record the outcome' });
    await form.getByRole('button', { name: 'Record outcome' }).click();
    await eventually(() =>
      form.getByRole('textbox', { name: /What was agreed/ }).getAttribute('aria-invalid'),
    ).toBe('true');
    await checkScreen(page, 'dp02-outcome-empty');
    await form
      .getByRole('textbox', { name: /What was agreed/ })
      .fill('The university pays for the extra scaffolding');
    await form.getByRole('combobox', { name: /contact who acknowledges/ }).click();
    await page.getByRole('option', { name: 'Gwen Director' }).click();
    await form
      .getByRole('textbox', { name: /Lessons learned/ })
      .fill('Agree variations in writing\nName a site contact');
    await form.getByRole('button', { name: 'Record outcome' }).click();
    const linkBox = panel().getByRole('status').filter({ hasText: 'The private link for the partner' });
    const link = (await linkBox.locator('pre, code').first().textContent())!.trim();
    expect(link).toMatch(/\/outcome\/do_/);
    await panel()
      .getByText(/Waiting for Gwen Director to acknowledge it/)
      .waitFor();
    await checkScreen(page, 'dp03-outcome');
    await page.screenshot({ path: `${SCREENSHOTS}/dp03-outcome-1280.png`, fullPage: true });
    await atPhoneWidth(page, 'dp03-outcome');

    // The partner's contact, signed out, by the link.
    const partner = await h.newPage({ width: 390, height: 844 });
    await partner.goto(link);
    await checkScreen(partner, 'dp04-link-loading');
    await partner.getByText('The university pays for the extra scaffolding').waitFor();
    await checkScreen(partner, 'dp04-link');
    await partner.screenshot({ path: `${SCREENSHOTS}/dp04-link-390.png`, fullPage: true });
    await partner.getByRole('button', { name: 'I acknowledge this outcome' }).click();
    await partner.getByText(/You acknowledged this outcome/).waitFor();
    await partner.reload();
    await partner.getByText(/cannot be used again/).waitFor();
    expect(await partner.getByRole('button', { name: 'I acknowledge this outcome' }).count()).toBe(0);
    await checkScreen(partner, 'dp05-acknowledged');

    // An unknown link says so.
    await partner.goto(`${h.url}/outcome/do_${'x'.repeat(43)}`);
    await partner.getByText('We could not find this outcome.', { exact: false }).waitFor();
    await checkScreen(partner, 'dp06-unknown-link');
    await partner.screenshot({ path: `${SCREENSHOTS}/dp06-unknown-link-390.png`, fullPage: true });
    expectCleanConsole(partner, 'outcome link', [/404 \(Not Found\)/]);

    await page.reload();
    await panel()
      .getByText(/Acknowledged by Gwen Director/)
      .waitFor();
    expectCleanConsole(page, 'disputes', [/400 \(Bad Request\)/]);
  });
});
