import { sql } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPartner, buildUnit, buildUser } from '../server/src/test/factories/index.ts';
import { checkScreen, type Harness, signIn, startHarness } from './harness.ts';

const PASSWORD = 'correct horse battery staple';
let h: Harness;
let page: Page;

/** 3,000 staff ahead of her alphabetically: Zephaniah Quartermaine is far past the first 500. */
beforeAll(async () => {
  h = await startHarness();
  const db = h.database.db;
  const unit = (await buildUnit(db, { name: 'Careers and Employability' })).id;
  const maritime = (await buildUnit(db, { name: 'School of Maritime Studies' })).id;
  await buildUser(db, {
    email: 'tess@northmoor.ac.uk',
    name: 'Tess Tasker',
    role: 'staff',
    unitId: unit,
    password: PASSWORD,
  });
  await db.execute(sql`
    insert into users (id, email, name, role, unit_id)
    select gen_random_uuid(), 'person' || n || '@northmoor.ac.uk', 'Aaron Person ' || lpad(n::text, 4, '0'),
      'staff', ${unit}
    from generate_series(1, 3000) as n`);
  await buildUser(db, {
    email: 'z.quartermaine@northmoor.ac.uk',
    name: 'Zephaniah Quartermaine',
    role: 'staff',
    unitId: maritime,
  });
  await buildPartner(db, { name: 'Kestrel Foods' });
  page = await h.newPage({ width: 1280, height: 900 });
});
afterAll(async () => {
  await h?.close();
});

const main = () => page.getByRole('main');

describe('people pickers', () => {
  it('assigns a task to someone found by typing part of their name, among 3,000 staff', async () => {
    await signIn(page, h.url, 'tess@northmoor.ac.uk', PASSWORD);
    await page.getByRole('link', { name: 'Tasks', exact: true }).click();
    await page.getByRole('heading', { name: 'Tasks', exact: true }).waitFor();
    await main().getByRole('button', { name: 'New task' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel(/^Task/).fill('Plan the harbour visit');
    await dialog.getByLabel(/^Partner/).fill('Kestrel');
    await page.getByRole('option', { name: 'Kestrel Foods' }).click();
    const assignee = dialog.getByRole('combobox', { name: /^Assigned to/ });
    await assignee.fill('quarterm');
    const option = page.getByRole('option', { name: /Zephaniah Quartermaine/ });
    await option.waitFor();
    // The option shows the person's unit beside their name.
    expect(await option.textContent()).toContain('School of Maritime Studies');
    // Only the person found (besides whoever is chosen already): none of the 3,000 others.
    expect(await page.getByRole('option', { name: /Aaron Person/ }).count()).toBe(0);
    await checkScreen(page, 'p01-assignee-picker-open-1280');
    await option.click();
    expect(await assignee.inputValue()).toBe('Zephaniah Quartermaine');
    await dialog.getByRole('button', { name: 'Set task' }).click();
    await dialog.waitFor({ state: 'detached' });
  });

  it('filters the task list by an assignee typed in the filter, at 390 px, by keyboard', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByRole('radiogroup', { name: 'Show' }).getByText('All', { exact: true }).click();
    await main().getByRole('checkbox', { name: 'Plan the harbour visit' }).waitFor();
    // On a phone the filters fold away behind one button.
    await main()
      .getByRole('button', { name: /^Filters and sort/ })
      .click();
    const filter = main().getByRole('combobox', { name: 'Assigned to' });
    await filter.fill('zephan');
    await page.getByRole('option', { name: /Zephaniah Quartermaine/ }).waitFor();
    expect(await page.getByRole('option', { name: 'Me', exact: true }).count()).toBe(1);
    await checkScreen(page, 'p02-assignee-filter-open-390');
    // "Me" comes first; the one person found is next.
    await filter.press('ArrowDown');
    await filter.press('ArrowDown');
    await filter.press('Enter');
    await expect.poll(() => filter.inputValue()).toBe('Zephaniah Quartermaine');
    await expect.poll(() => new URL(page.url()).searchParams.get('assigneeId')).toMatch(/^[0-9a-f-]{36}$/);
    const row = main().getByRole('listitem').filter({ hasText: 'Plan the harbour visit' });
    await expect.poll(() => row.textContent()).toContain('Zephaniah Quartermaine');
    // Her label stays after a reload, though she is not among the first people the picker lists.
    await page.reload();
    await main()
      .getByRole('button', { name: /^Filters and sort \(\d set\)/ })
      .click();
    await expect
      .poll(() => main().getByRole('combobox', { name: 'Assigned to' }).inputValue())
      .toBe('Zephaniah Quartermaine');
  });
});
