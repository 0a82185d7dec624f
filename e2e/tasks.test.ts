import { DateTime } from 'luxon';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { universityToday } from '../server/src/modules/tasks/reminders.job.ts';
import {
  buildPartner,
  buildTask,
  buildTouchpoint,
  buildUnit,
  buildUser,
} from '../server/src/test/factories/index.ts';
import { checkScreen, type Harness, signIn, startHarness } from './harness.ts';

const PASSWORD = 'correct horse battery staple';
let h: Harness;
let page: Page;
let partnerId: string;

/** One unit with two members of staff, a partner, and tasks: one overdue, one on a secret touch point. */
beforeAll(async () => {
  h = await startHarness();
  const db = h.database.db;
  const unit = (await buildUnit(db, { name: 'Careers and Employability' })).id;
  const me = await buildUser(db, {
    email: 'tess@northmoor.ac.uk',
    name: 'Tess Tasker',
    role: 'staff',
    unitId: unit,
    password: PASSWORD,
  });
  const colleague = await buildUser(db, {
    email: 'cal@northmoor.ac.uk',
    name: 'Cal Colleague',
    role: 'staff',
    unitId: unit,
    password: PASSWORD,
  });
  partnerId = (await buildPartner(db, { name: 'Kestrel Foods' })).id;
  const today = await universityToday(db);
  await buildTask(db, {
    assigneeId: me.id,
    title: 'Send the placement brochure',
    dueOn: DateTime.fromISO(today).minus({ days: 2 }).toISODate()!,
    partnerId,
  });
  const secret = await buildTouchpoint(db, {
    partnerId,
    unitId: unit,
    authorId: colleague.id,
    visibility: 'confidential',
  });
  await buildTask(db, {
    assigneeId: colleague.id,
    title: 'Discuss the redundancies quietly',
    touchpointId: secret.id,
    partnerId,
  });
  page = await h.newPage({ width: 1280, height: 900 });
});
afterAll(async () => {
  await h?.close();
});

const main = () => page.getByRole('main');
/** The quick views above the list: Mine, My unit's, Overdue, All. */
const view = (name: string) =>
  main().getByRole('radiogroup', { name: 'Show' }).getByText(name, { exact: true });

describe('tasks', () => {
  it('shows my overdue task on Home and ticks it off there', async () => {
    await signIn(page, h.url, 'tess@northmoor.ac.uk', PASSWORD);
    const mine = main().getByRole('region', { name: 'My tasks' });
    await mine.getByText('Send the placement brochure').waitFor();
    await expect.poll(() => mine.textContent()).toContain('Overdue');
    await checkScreen(page, 't01-home-tasks');
    // A click, not check(): the ticked task leaves the list at once, so there is nothing left to verify.
    await mine.getByRole('checkbox', { name: 'Send the placement brochure' }).click();
    await mine.getByText('No open tasks.').waitFor();
  });

  it('sets a task on its own, with the message on the right field first and nothing written', async () => {
    await page.getByRole('link', { name: 'Tasks', exact: true }).click();
    await page.getByRole('heading', { name: 'Tasks', exact: true }).waitFor();
    await main().getByText('No tasks match these filters.').waitFor();
    await checkScreen(page, 't02-tasks-mine-empty');
    await main().getByRole('button', { name: 'New task' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel(/^Task/).fill('   ');
    await dialog.getByRole('button', { name: 'Set task' }).click();
    await expect.poll(() => dialog.textContent()).toContain('Enter a title');
    await expect.poll(() => dialog.textContent()).toContain('Link the task to a touch point, a partner');
    await checkScreen(page, 't03-new-task-errors');
    await dialog.getByLabel(/^Task/).fill('Book the careers fair stand');
    await dialog.getByLabel(/^Partner/).fill('Kestrel');
    await page.getByRole('option', { name: 'Kestrel Foods' }).click();
    await dialog.getByLabel('Due').fill('2030-05-04');
    await dialog.getByRole('button', { name: 'Set task' }).click();
    await dialog.waitFor({ state: 'detached' });
    await main().getByRole('checkbox', { name: 'Book the careers fair stand' }).waitFor();
    await expect.poll(() => main().textContent()).toContain('Due 4 May 2030');
    // The refused attempt wrote nothing: this is the one task in my list.
    // (Each task row has one selection box for bulk actions: count those.)
    expect(
      await main()
        .getByRole('checkbox', { name: /^Select task \d+ of \d+$/ })
        .count(),
    ).toBe(1);
    await checkScreen(page, 't04-tasks-mine');
  });

  it('re-assigns it to a colleague: it leaves my list and shows in my unit’s', async () => {
    await main().getByRole('button', { name: 'Edit Book the careers fair stand' }).click();
    const dialog = page.getByRole('dialog');
    await dialog
      .getByLabel(/^Assigned to/)
      .first()
      .click();
    await page.getByRole('option', { name: 'Cal Colleague' }).click();
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'detached' });
    await main().getByText('No tasks match these filters.').waitFor();
    await view("My unit's").click();
    const row = main().getByRole('listitem').filter({ hasText: 'Book the careers fair stand' });
    await expect.poll(() => row.textContent()).toContain('Cal Colleague');
    await checkScreen(page, 't05-tasks-unit');
    // Its History names the change in words.
    await row.getByRole('button', { name: 'History of Book the careers fair stand' }).click();
    const history = page.getByRole('dialog', { name: 'History of “Book the careers fair stand”' });
    await history.getByText('Assigned to:').first().waitFor();
    await history.getByText(/→ Cal Colleague/).waitFor();
    await checkScreen(page, 't05b-task-history');
    await page.keyboard.press('Escape');
    await history.waitFor({ state: 'detached' });
  });

  it('lists the overdue ones, and never a task on a touch point I may not read', async () => {
    await view('Overdue').click();
    await main().getByText('No tasks match these filters.').waitFor();
    await view('All').click();
    await main().getByRole('checkbox', { name: 'Send the placement brochure' }).waitFor();
    expect(await main().textContent()).not.toContain('redundancies');
  });

  it('edits and deletes a task from the partner page, and sets one there', async () => {
    await page.goto(`${h.url}/partners/${partnerId}`);
    await page.getByRole('heading', { name: 'Kestrel Foods' }).waitFor();
    const tasks = main().getByRole('region', { name: 'Open tasks' });
    await tasks.getByRole('checkbox', { name: 'Book the careers fair stand' }).waitFor();
    expect(await tasks.textContent()).not.toContain('redundancies');
    await tasks.getByRole('button', { name: 'New task' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel(/^Task/).fill('Ask for the graduate numbers');
    await dialog.getByRole('button', { name: 'Set task' }).click();
    await dialog.waitFor({ state: 'detached' });
    await tasks.getByRole('checkbox', { name: 'Ask for the graduate numbers' }).waitFor();
    await checkScreen(page, 't06-partner-tasks');
    await tasks.getByRole('button', { name: 'Delete Ask for the graduate numbers' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
    await tasks
      .getByRole('checkbox', { name: 'Ask for the graduate numbers' })
      .waitFor({ state: 'detached' });
  });

  it('fits a phone, 390 px wide', async () => {
    const phone = await h.newPage({ width: 390, height: 844 });
    await signIn(phone, h.url, 'tess@northmoor.ac.uk', PASSWORD);
    await phone.goto(`${h.url}/tasks?done=false`);
    await phone.getByRole('heading', { name: 'Tasks', exact: true }).waitFor();
    await phone.getByRole('main').getByRole('checkbox', { name: 'Book the careers fair stand' }).waitFor();
    await checkScreen(phone, 't07-tasks-phone');
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await phone.getByRole('main').getByRole('button', { name: 'New task' }).click();
    await phone.getByRole('dialog').getByLabel(/^Task/).waitFor();
    await checkScreen(phone, 't08-new-task-phone');
    await phone.close();
  });
});
