import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPartner, buildRelationship, buildUnit, buildUser } from '../server/src/test/factories/index.ts';
import { checkScreen, type Harness, signIn, startHarness } from './harness.ts';

const PASSWORD = 'correct horse battery staple';
let h: Harness;
let page: Page;
let partnerId: string;

beforeAll(async () => {
  h = await startHarness();
  const db = h.database.db;
  const it = await buildUnit(db, { name: 'IT Services', kind: 'service' });
  const careers = await buildUnit(db, { name: 'Careers', kind: 'service' });
  await buildUser(db, {
    email: 'cal@northmoor.ac.uk',
    name: 'Cal Careers',
    role: 'staff',
    unitId: careers.id,
    password: PASSWORD,
  });
  await buildUser(db, {
    email: 'owen@northmoor.ac.uk',
    name: 'Owen Owner',
    role: 'staff',
    unitId: careers.id,
    password: PASSWORD,
  });
  // A senior manager of a top-level unit: "senior management" for escalations.
  await buildUser(db, {
    email: 'sam@northmoor.ac.uk',
    name: 'Sam Senior',
    role: 'senior_manager',
    unitId: it.id,
    password: PASSWORD,
  });
  await buildUser(db, {
    email: 'ada@northmoor.ac.uk',
    name: 'Ada Admin',
    role: 'administrator',
    unitId: it.id,
    password: PASSWORD,
  });
  partnerId = (await buildPartner(db, { name: 'Kestrel Foods' })).id;
  await buildRelationship(db, { unitId: careers.id, partnerId, cadenceDays: 30 });
  page = await h.newPage({ width: 1280, height: 900 });
});
afterAll(async () => {
  await h?.close();
});

describe('a request from raising to escalation', () => {
  it('raises a request from the partner page, with the server’s validation on the field', async () => {
    await signIn(page, h.url, 'cal@northmoor.ac.uk', PASSWORD);
    await page.goto(`${h.url}/partners/${partnerId}`);
    await page.getByRole('heading', { name: 'Kestrel Foods' }).waitFor();
    await page.getByText('No open requests.').waitFor();
    await page.getByRole('main').getByRole('button', { name: 'Raise request' }).click();
    const dialog = page.getByRole('dialog');
    const title = dialog.getByLabel(/^Title/);
    await title.waitFor();
    await title.fill('   ');
    await dialog.getByRole('button', { name: 'Raise request' }).click();
    await expect.poll(() => dialog.textContent()).toContain('is required');
    await checkScreen(page, 'r01-raise-request');
    await title.fill('Delivery bay blocked during the careers fair');
    await dialog.getByLabel(/^Kind/).first().click();
    await page.getByRole('option', { name: 'Complaint' }).click();
    await dialog
      .getByLabel(/^Priority/)
      .first()
      .click();
    await page.getByRole('option', { name: 'High' }).click();
    await dialog
      .getByLabel(/^Owner/)
      .first()
      .click();
    await page.getByRole('option', { name: 'Owen Owner' }).click();
    await dialog.getByRole('button', { name: 'Raise request' }).click();
    await page.getByRole('heading', { name: 'Delivery bay blocked during the careers fair' }).waitFor();
    await expect.poll(() => page.getByRole('main').textContent()).toContain('Owner: Owen Owner');
    await expect.poll(() => page.getByRole('main').textContent()).toMatch(/First response \(4 working h\)/);
    await checkScreen(page, 'r02-request-page');
  });

  it('lists it, and shows it on the board by status', async () => {
    await page.getByRole('link', { name: 'Requests', exact: true }).click();
    await page.getByRole('heading', { name: 'Requests', exact: true }).waitFor();
    await page.getByRole('link', { name: /Delivery bay blocked/ }).waitFor();
    await checkScreen(page, 'r03-requests-list');
    await page.getByText('Board', { exact: true }).click();
    const column = page.getByRole('region', { name: /^New \(1\)/ });
    await column.getByRole('link', { name: /Delivery bay blocked/ }).waitFor();
    await checkScreen(page, 'r04-requests-board');
    await column.getByRole('link', { name: /Delivery bay blocked/ }).click();
    await page.getByRole('heading', { name: 'Delivery bay blocked during the careers fair' }).waitFor();
  });

  it('works it through its lifecycle with a comment and an escalation', async () => {
    const actions = page.getByRole('group', { name: 'Actions' });
    await actions.getByRole('button', { name: 'Triage' }).click();
    await actions.getByRole('button', { name: 'Start work' }).waitFor();
    await actions.getByRole('button', { name: 'Start work' }).click();
    await actions.getByRole('button', { name: 'Wait on partner' }).waitFor();

    const comment = page.getByLabel('Add a comment');
    await comment.fill('Spoke to Estates: the bay will be clear by 8am.');
    await page.getByRole('button', { name: 'Comment', exact: true }).click();
    await page.getByText('Spoke to Estates: the bay will be clear by 8am.').waitFor();

    await actions.getByRole('button', { name: 'Escalate' }).click();
    const dialog = page.getByRole('dialog');
    await dialog
      .getByLabel(/^Level/)
      .first()
      .click();
    await page.getByRole('option', { name: 'Senior management' }).click();
    await dialog
      .getByLabel(/^Briefing/)
      .fill('The partner is threatening to withdraw from next year’s fair.');
    await checkScreen(page, 'r05-escalate');
    await dialog.getByRole('button', { name: 'Escalate' }).click();
    await page.getByText('Escalated to senior management', { exact: true }).waitFor();

    await actions.getByRole('button', { name: 'Resolve' }).click();
    const resolve = page.getByRole('dialog');
    await resolve.getByLabel(/^Resolution/).fill('Bay cleared; apologised to the partner.');
    await resolve.getByRole('button', { name: 'Resolve' }).click();
    await page.getByText('Bay cleared; apologised to the partner.').first().waitFor();
    await expect
      .poll(() => page.getByRole('main').textContent())
      .toContain('moved it from In progress to Resolved');
    await checkScreen(page, 'r06-resolved');
  });

  it('escalates the relationship as a whole from the partner page', async () => {
    await page.getByRole('link', { name: 'Kestrel Foods' }).first().click();
    await page.getByRole('heading', { name: 'Kestrel Foods' }).waitFor();
    await page.getByRole('button', { name: 'Escalate the Careers relationship' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('Never escalated.').waitFor();
    await dialog
      .getByLabel(/^Escalate to/)
      .first()
      .click();
    await page.getByRole('option', { name: 'Senior management' }).click();
    await dialog
      .getByLabel(/^Briefing/)
      .fill('Their new director wants to review every link with the university.');
    await checkScreen(page, 'r07-escalate-relationship');
    await dialog.getByRole('button', { name: 'Escalate' }).click();
    await dialog.waitFor({ state: 'hidden' });
  });

  it('reaches the senior manager: the notifications bell and the senior view', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in to Rapport' }).waitFor();
    await signIn(page, h.url, 'sam@northmoor.ac.uk', PASSWORD);
    const bell = page.getByRole('button', { name: 'Notifications, 2 unread' });
    await bell.waitFor();
    await bell.click();
    await page
      .getByRole('dialog', { name: 'Notifications' })
      .getByRole('link', { name: /Escalated to senior management: request/ })
      .waitFor();
    await checkScreen(page, 'r08-notifications');
    await page.keyboard.press('Escape');
    await page.getByRole('link', { name: 'Senior view' }).click();
    await page.getByRole('heading', { name: 'Senior view' }).waitFor();
    const escalated = page.getByRole('region', { name: /^Escalated requests \(1\)/ });
    await escalated.getByRole('link', { name: /Delivery bay blocked/ }).waitFor();
    const relationships = page.getByRole('region', { name: /^Escalated relationships \(1\)/ });
    await relationships.getByText(/Their new director wants to review/).waitFor();
    await checkScreen(page, 'r09-senior-view');
  });

  it('lets an administrator change a target, the working week and the closed days', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in to Rapport' }).waitFor();
    await signIn(page, h.url, 'ada@northmoor.ac.uk', PASSWORD);
    await page.getByRole('link', { name: 'Service levels' }).click();
    await page.getByRole('heading', { name: 'Service levels' }).waitFor();
    await page.getByRole('button', { name: 'Change the target for critical incident' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('First response (working hours)').fill('40');
    await dialog.getByRole('button', { name: 'Save target' }).click();
    await expect.poll(() => dialog.textContent()).toContain('must not be longer than the time to resolve');
    await dialog.getByLabel('First response (working hours)').fill('2');
    await dialog.getByRole('button', { name: 'Save target' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const week = page.getByRole('region', { name: 'Working week' });
    await week.getByLabel('Time zone').fill('Europe/Dublin');
    await week.getByRole('button', { name: 'Save working week' }).click();
    const closed = page.getByRole('region', { name: 'Closed days' });
    await closed.getByLabel('Day').fill('2026-12-25');
    await closed.getByLabel('Name').fill('Christmas Day');
    await closed.getByRole('button', { name: 'Add closed day' }).click();
    await closed.getByRole('cell', { name: 'Christmas Day', exact: true }).waitFor();
    await checkScreen(page, 'r10-service-levels');
    const response = await page.request.get(`${h.url}/api/v1/working-week`);
    expect((await response.json()).timeZone).toBe('Europe/Dublin');
  });
});
