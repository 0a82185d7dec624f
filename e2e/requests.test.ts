import { eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { units } from '../server/src/db/schema/index.ts';
import { demoPassword, seedDemo } from '../server/src/demo/seed.ts';
import { buildPartner, buildRelationship, buildUser } from '../server/src/test/factories/index.ts';
import { checkScreen, type Harness, signIn, startHarness } from './harness.ts';

const PASSWORD = 'correct horse battery staple';
let h: Harness;
let page: Page;
let partnerId: string;

/** The demo University of Northmoor, signed into with its demo accounts, plus one partner of our own. */
beforeAll(async () => {
  h = await startHarness();
  const db = h.database.db;
  expect(await seedDemo(db)).toBe('loaded');
  const [careers] = await db.select().from(units).where(eq(units.name, 'Careers and Employability'));
  await buildUser(db, {
    email: 'owen@northmoor.ac.uk',
    name: 'Owen Owner',
    role: 'staff',
    unitId: careers!.id,
    password: PASSWORD,
  });
  partnerId = (await buildPartner(db, { name: 'Kestrel Foods' })).id;
  await buildRelationship(db, { unitId: careers!.id, partnerId, cadenceDays: 30 });
  page = await h.newPage({ width: 1280, height: 900 });
});
afterAll(async () => {
  await h?.close();
});

async function signOut() {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('heading', { name: 'Sign in to Rapport' }).waitFor();
}

describe('a request from raising to escalation', () => {
  it('raises a request from the partner page, with the server’s validation on the field', async () => {
    await signIn(page, h.url, 'staff@northmoor.ac.uk', demoPassword);
    await page.getByRole('heading', { name: 'My open requests' }).waitFor();
    await page.goto(`${h.url}/partners/${partnerId}`);
    await page.getByRole('heading', { name: 'Kestrel Foods' }).waitFor();
    await page.getByRole('main').getByRole('tab', { name: 'Requests' }).click();
    await page.getByText('No open requests.').waitFor();
    await page.getByRole('main').getByRole('button', { name: 'Raise request' }).click();
    const dialog = page.getByRole('dialog');
    const title = dialog.getByLabel(/^Title/);
    await title.waitFor();
    await expect.poll(() => title.evaluate((el) => el === document.activeElement)).toBe(true);
    await title.fill('   ');
    await dialog.getByRole('button', { name: 'Raise request' }).click();
    await expect.poll(() => dialog.textContent()).toContain('Enter a title');
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
      .fill('Owen');
    await page.getByRole('option', { name: 'Owen Owner' }).click();
    await dialog.getByRole('button', { name: 'Raise request' }).click();
    await page.getByRole('heading', { name: 'Delivery bay blocked during the careers fair' }).waitFor();
    await expect.poll(() => page.getByRole('main').textContent()).toContain('owner: Owen Owner');
    await expect.poll(() => page.getByRole('main').textContent()).toMatch(/First response \(\d+ working h\)/);
    await checkScreen(page, 'r02-request-page');
  });

  it('lists it, finds it by its words, and shows it on the board by status', async () => {
    await page.getByRole('link', { name: 'Requests', exact: true }).click();
    await page.getByRole('heading', { name: 'Requests', exact: true }).waitFor();
    await page.getByRole('link', { name: /Delivery bay blocked/ }).waitFor();
    await checkScreen(page, 'r03-requests-list');
    const search = page.getByRole('search', { name: 'Filter requests' });
    await search.getByLabel('Search').fill('delivery bay careers fair');
    await page.getByText('1 request matches.').waitFor();
    expect(page.url()).toContain('q=delivery');
    await page.getByText('Board', { exact: true }).click();
    const column = page.getByRole('region', { name: /^New \(1\)/ });
    await column.getByRole('link', { name: /Delivery bay blocked/ }).waitFor();
    await page
      .getByRole('region', { name: 'Resolved' })
      .getByText(/Not shown while/)
      .waitFor();
    await checkScreen(page, 'r04-requests-board');
    await column.getByRole('link', { name: /Delivery bay blocked/ }).click();
    await page.getByRole('heading', { name: 'Delivery bay blocked during the careers fair' }).waitFor();
    // Back returns to the same filtered board.
    await page.goBack();
    await page.getByRole('region', { name: /^New \(1\)/ }).waitFor();
    await expect.poll(() => search.getByLabel('Search').inputValue()).toBe('delivery bay careers fair');
    await page
      .getByRole('region', { name: /^New \(1\)/ })
      .getByRole('link', { name: /Delivery bay/ })
      .click();
    await page.getByRole('heading', { name: 'Delivery bay blocked during the careers fair' }).waitFor();
  });

  it('works it through triage and work to a resolution, then comments and escalates it', async () => {
    const actions = page.getByRole('group', { name: 'Actions' });
    await actions.getByRole('button', { name: 'Triage' }).click();
    await actions.getByRole('button', { name: 'Start work' }).waitFor();
    await actions.getByRole('button', { name: 'Start work' }).click();
    await actions.getByRole('button', { name: 'Wait on partner' }).waitFor();

    await actions.getByRole('button', { name: 'Resolve' }).click();
    const resolve = page.getByRole('dialog', { name: 'Resolve the request' });
    const resolution = resolve.getByLabel(/^Resolution/);
    await resolution.waitFor();
    await resolution.fill('Bay cleared; apologised to the partner.');
    // Out of range is refused with the limit, not clamped to 5 when the field loses focus.
    const satisfaction = resolve.getByLabel(/^Partner satisfaction/);
    await satisfaction.fill('9');
    await resolve.getByRole('button', { name: 'Resolve' }).click();
    await expect.poll(() => resolve.textContent()).toContain('Enter a number from 1 to 5');
    expect(await satisfaction.inputValue()).toBe('9');
    await satisfaction.fill('4');
    await checkScreen(page, 'r05-resolve');
    await resolve.getByRole('button', { name: 'Resolve' }).click();
    await resolve.waitFor({ state: 'hidden' });
    await page.getByText('Partner satisfaction: 4 of 5').waitFor();
    await expect
      .poll(() => page.getByRole('main').textContent())
      .toContain('moved it from In progress to Resolved');
    await actions.getByRole('button', { name: 'Close' }).waitFor();

    const comment = page.getByLabel('Add a comment');
    await comment.fill('Spoke to Estates: the bay will be clear by 8am from now on.');
    await page.getByLabel('Shareable with the partner').check();
    await page.getByRole('button', { name: 'Comment', exact: true }).click();
    // The comment in the timeline (not the text still in the box until the form clears).
    await page
      .getByRole('listitem')
      .filter({ hasText: 'Spoke to Estates: the bay will be clear by 8am from now on.' })
      .waitFor();
    await page.getByText('commented (shareable with the partner)').waitFor();
    await expect.poll(() => comment.inputValue()).toBe('');

    await actions.getByRole('button', { name: 'Escalate' }).click();
    const dialog = page.getByRole('dialog', { name: 'Escalate the request' });
    await dialog
      .getByLabel(/^Level/)
      .first()
      .click();
    await page.getByRole('option', { name: 'Senior management' }).click();
    await dialog
      .getByLabel(/^Briefing/)
      .fill('The partner is threatening to withdraw from next year’s fair.');
    await checkScreen(page, 'r06-escalate');
    await dialog.getByRole('button', { name: 'Escalate' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByText('Escalated to senior management', { exact: true }).waitFor();
    await page.getByText(/escalated it to senior management/).waitFor();
    // Nothing is above senior management, so there is nowhere further to escalate.
    await actions.getByRole('button', { name: 'De-escalate' }).waitFor();
    expect(await actions.getByRole('button', { name: 'Escalate', exact: true }).count()).toBe(0);
    await checkScreen(page, 'r07-resolved-and-escalated');
  });

  it('escalates the relationship as a whole from the partner page', async () => {
    await page.getByRole('link', { name: 'Kestrel Foods' }).first().click();
    await page.getByRole('heading', { name: 'Kestrel Foods' }).waitFor();
    await page.getByRole('main').getByRole('tab', { name: 'Relationships' }).click();
    await page.getByRole('button', { name: 'Escalate the Careers and Employability relationship' }).click();
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
    await checkScreen(page, 'r08-escalate-relationship');
    await dialog.getByRole('button', { name: 'Escalate' }).click();
    await dialog.waitFor({ state: 'hidden' });
  });

  it('reaches the demo senior manager: the notifications bell and the senior view', async () => {
    await signOut();
    await signIn(page, h.url, 'senior@northmoor.ac.uk', demoPassword);
    const bell = page.getByRole('button', { name: /^Notifications, \d+ unread$/ });
    await bell.waitFor();
    const unreadAtFirst = Number((await bell.getAttribute('aria-label'))!.match(/(\d+) unread/)![1]);
    expect(unreadAtFirst).toBeGreaterThanOrEqual(2);
    await bell.click();
    const popover = page.getByRole('dialog', { name: 'Notifications' });
    await popover
      .getByRole('link', { name: /Escalated to senior management: request #\d+ Delivery bay/ })
      .waitFor();
    await checkScreen(page, 'r09-notifications');
    await page.keyboard.press('Escape');
    await popover.waitFor({ state: 'hidden' });

    await page.getByRole('link', { name: 'Senior view' }).click();
    await page.getByRole('heading', { name: 'Senior view' }).waitFor();
    const escalated = page.getByRole('region', { name: /^Escalated requests \(\d+\)/ });
    await escalated.getByRole('link', { name: /Delivery bay blocked/ }).waitFor();
    const relationships = page.getByRole('region', { name: /^Escalated relationships \(\d+\)/ });
    await relationships.getByText(/Their new director wants to review/).waitFor();
    for (const section of [
      'Requests at risk',
      'Long-overdue relationships',
      'Partners with negative sentiment',
      'Long-running disputes',
    ])
      await page.getByRole('region', { name: new RegExp(`^${section} \\(\\d+\\)`) }).waitFor();
    await checkScreen(page, 'r10-senior-view');

    // Following the notification marks it read.
    await bell.click();
    await popover
      .getByRole('link', { name: /Escalated to senior management: request #\d+ Delivery bay/ })
      .click();
    await page.getByRole('heading', { name: 'Delivery bay blocked during the careers fair' }).waitFor();
    await page.getByRole('button', { name: `Notifications, ${unreadAtFirst - 1} unread` }).waitFor();

    await page.goto(`${h.url}/notifications`);
    await page.getByRole('heading', { name: 'Notifications', exact: true }).waitFor();
    await page
      .getByText(
        /Escalated to senior management: the relationship of Careers and Employability with Kestrel Foods/,
      )
      .waitFor();
    await checkScreen(page, 'r11-notifications-page');
    await page.getByRole('main').getByRole('button', { name: 'Mark all read' }).click();
    await page.getByRole('button', { name: 'Notifications, 0 unread' }).waitFor();
    await page.getByRole('main').getByText('All read.').waitFor();
  });

  it('shows the owner their requests: Home, the Mine filter, and reopening', async () => {
    await signOut();
    await signIn(page, h.url, 'owen@northmoor.ac.uk', PASSWORD);
    const mine = page.getByRole('region', { name: 'My open requests' });
    await mine.getByText('No open requests are yours.').waitFor();
    expect(await page.getByRole('link', { name: 'Senior view' }).count()).toBe(0);
    await page.getByRole('link', { name: 'Requests', exact: true }).click();
    const search = page.getByRole('search', { name: 'Filter requests' });
    await search.getByLabel('Mine').check();
    await page.getByText('0 requests match.').waitFor();
    await search.getByLabel('Open only').uncheck();
    await page.getByText('1 request matches.').waitFor();
    await page.getByRole('link', { name: /Delivery bay blocked/ }).click();
    await page.getByRole('group', { name: 'Actions' }).getByRole('button', { name: 'Reopen' }).click();
    await page
      .getByRole('group', { name: 'Actions' })
      .getByRole('button', { name: 'Wait on partner' })
      .waitFor();
    await page.getByRole('link', { name: 'Home', exact: true }).click();
    await mine.getByRole('link', { name: /Delivery bay blocked/ }).waitFor();
    await checkScreen(page, 'r12-home-my-requests');
    await page.goto(`${h.url}/attention`);
    await page.getByText('The senior view is for senior managers and administrators.').waitFor();
  });

  it('raises a confidential concern from the requests page; escalating it asks who to tell', async () => {
    await page.getByRole('link', { name: 'Requests', exact: true }).click();
    await page.getByRole('main').getByRole('button', { name: 'Raise request' }).click();
    const dialog = page.getByRole('dialog', { name: 'Raise a request' });
    const partner = dialog.getByLabel(/^Partner/).first();
    await expect.poll(() => partner.evaluate((el) => el === document.activeElement)).toBe(true);
    await partner.fill('Kestrel');
    await page.getByRole('option', { name: 'Kestrel Foods' }).click();
    await dialog.getByLabel(/^Kind/).first().click();
    await page.getByRole('option', { name: 'Concern' }).click();
    await dialog.getByLabel(/^Title/).fill('Their operations manager sounded unhappy about parking');
    await dialog
      .getByLabel(/^Who can see it/)
      .first()
      .click();
    await page.getByRole('option', { name: /^Confidential/ }).click();
    await dialog.getByRole('button', { name: 'Raise request' }).click();
    await page
      .getByRole('heading', { name: 'Their operations manager sounded unhappy about parking' })
      .waitFor();
    await page.getByText('Confidential', { exact: true }).waitFor();

    await page.getByRole('group', { name: 'Actions' }).getByRole('button', { name: 'Escalate' }).click();
    const escalate = page.getByRole('dialog', { name: 'Escalate the request' });
    await escalate.getByLabel(/^Briefing/).fill('A soft tension worth a word from the head of service.');
    await escalate.getByRole('button', { name: 'Escalate' }).click();
    await expect
      .poll(() => escalate.textContent())
      .toContain('name who should see this confidential request');
    await checkScreen(page, 'r13-escalate-confidential-error');
    await escalate
      .getByLabel(/^Also tell/)
      .first()
      .fill('Sam');
    await page.getByRole('option', { name: 'Sam Senior' }).click();
    await page.keyboard.press('Escape');
    await escalate.getByRole('button', { name: 'Escalate' }).click();
    await escalate.waitFor({ state: 'hidden' });
    await page.getByText('Escalated to line manager', { exact: true }).waitFor();
  });

  it('lets an administrator change a target, the working week and the closed days', async () => {
    await signOut();
    await signIn(page, h.url, 'admin@northmoor.ac.uk', demoPassword);
    await page.getByRole('link', { name: 'Service levels' }).click();
    await page.getByRole('heading', { name: 'Service levels' }).waitFor();
    await page.getByRole('button', { name: 'Change the target for critical incident' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('First response (working hours)').fill('-5');
    await dialog.getByRole('button', { name: 'Save target' }).click();
    await expect.poll(() => dialog.textContent()).toContain('Enter a number from 1 to 2000');
    expect(await dialog.getByLabel('First response (working hours)').inputValue()).toBe('-5');
    await dialog.getByLabel('First response (working hours)').fill('40');
    await dialog.getByRole('button', { name: 'Save target' }).click();
    await expect
      .poll(() => dialog.textContent())
      .toContain('Make the first response no longer than the time to resolve');
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
