import { DateTime } from 'luxon';
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
const today = DateTime.now().setZone('Europe/London').startOf('day');
const day = (offset: number) => today.plus({ days: offset }).toISODate()!;
const at = (offset: number) => today.plus({ days: offset, hours: 12 }).toJSDate();

let h: Harness;
let page: Page;
let partnerId: string;

/**
 * IT Services has looked after the School of Chemistry for 300 days; its review was due ten days
 * ago. Three requests of the period (one resolved within its target, one not) and a confidential
 * complaint Maya may not read, which the agenda must not count.
 */
beforeAll(async () => {
  h = await startHarness();
  const db = h.database.db;
  const it = (await buildUnit(db, { name: 'IT Services' })).id;
  const maya = await buildUser(db, {
    email: 'maya@northmoor.ac.uk',
    name: 'Maya Manager',
    role: 'relationship_manager',
    unitId: it,
    password: PASSWORD,
  });
  const other = await buildUser(db, { role: 'staff', unitId: it });
  partnerId = (await buildPartner(db, { name: 'School of Chemistry' })).id;
  await buildRelationship(db, {
    unitId: it,
    partnerId,
    managerId: maya.id,
    startDate: day(-300),
    reviewDate: day(-10),
  });
  const rana = await buildContact(db, { name: 'Rana Head' });
  await buildAffiliation(db, { contactId: rana.id, partnerId, role: 'Head of School' });
  const base = { partnerId, unitId: it, kind: 'incident' as const, createdById: maya.id };
  await db.insert(requests).values([
    {
      ...base,
      title: 'Lab printers',
      createdAt: at(-60),
      status: 'resolved',
      resolvedAt: at(-50),
      resolveDueAt: at(-40),
    },
    {
      ...base,
      title: 'Slow network',
      createdAt: at(-30),
      status: 'resolved',
      resolvedAt: at(-20),
      resolveDueAt: at(-25),
    },
    { ...base, title: 'Technicians feel unheard', kind: 'concern', createdAt: at(-15) },
    {
      ...base,
      title: 'Private complaint',
      kind: 'complaint',
      createdAt: at(-5),
      createdById: other.id,
      visibility: 'confidential',
    },
  ]);
  page = await h.newPage({ width: 1280, height: 900 });
});
afterAll(async () => {
  await h?.close();
});

const main = () => page.getByRole('main');
const eventually = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 20_000 });
const panel = () => main().getByRole('region', { name: 'Relationship reviews' });

/** The screen at 390 px too, looked at and kept, then back to 1280. */
async function atPhoneWidth(name: string) {
  await page.setViewportSize({ width: 390, height: 844 });
  await eventually(() =>
    expectNoOverlap(page, name).then(
      () => 'no overlap',
      (error: Error) => error.message,
    ),
  ).toBe('no overlap');
  await checkScreen(page, `${name}-390`);
  await page.screenshot({ path: `${SCREENSHOTS}/${name}-390.png`, fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });
}

const figure = (label: string) =>
  panel()
    .getByRole('group', { name: 'Agenda' })
    .getByText(label, { exact: true })
    .locator('xpath=preceding-sibling::*[1]');

describe('relationship reviews', () => {
  it('schedules the review from the relationship, builds its agenda from the data, records minutes and an action', async () => {
    await signIn(page, h.url, 'maya@northmoor.ac.uk', PASSWORD);
    await page.goto(`${h.url}/partners/${partnerId}/relationships`);
    await checkScreen(page, 'rv00-loading');
    await panel().getByText('No review yet.').waitFor();
    await checkScreen(page, 'rv01-none');

    // A date before the relationship started is refused, naming the field.
    const schedule = panel().getByRole('form', { name: 'Schedule a review' });
    await schedule.getByLabel('Review date').fill(day(-400));
    await schedule.getByRole('button', { name: 'Schedule review' }).click();
    await eventually(() => schedule.textContent()).toContain("is before the relationship's start");
    await checkScreen(page, 'rv02-before-start');

    // No date: the relationship's review date, ten days ago, so overdue.
    await schedule.getByLabel('Review date').fill('');
    await schedule.getByRole('button', { name: 'Schedule review' }).click();
    await panel().getByText('Overdue', { exact: true }).waitFor();
    await eventually(() => figure('Raised in the period').textContent()).toBe('3');
    expect(await figure('Open requests').textContent()).toBe('1');
    expect(await figure('Closed in the period').textContent()).toBe('2');
    expect(await figure('Met their service level').textContent()).toBe('50%');
    await panel()
      .getByRole('link', { name: /Technicians feel unheard/ })
      .waitFor();
    expect(await panel().textContent()).not.toContain('Private complaint');
    await checkScreen(page, 'rv03-agenda');
    await page.screenshot({ path: `${SCREENSHOTS}/rv03-agenda-1280.png`, fullPage: true });
    await atPhoneWidth('rv03-agenda');

    // Overdue on Home.
    await page.goto(`${h.url}/`);
    const overdue = main().getByRole('region', { name: /Overdue reviews/ });
    await overdue.getByRole('link', { name: 'School of Chemistry' }).click();
    await panel().getByText('Overdue', { exact: true }).waitFor();

    // An action owned by the partner's contact becomes a task.
    await panel().getByRole('button', { name: 'Add an action' }).click();
    const action = panel().getByRole('form', { name: 'Add an action' });
    await action.getByLabel(/^Action/).fill('Share the lab timetable for next term');
    await action.getByText('The partner’s').click();
    await action.getByRole('combobox', { name: 'Owner' }).click();
    await page.getByRole('option', { name: 'Rana Head' }).click();
    await action.getByLabel(/^Due/).fill(day(14));
    await action.getByRole('button', { name: 'Add action' }).click();
    await panel()
      .getByRole('row', { name: /Share the lab timetable/ })
      .getByText('Rana Head (partner)')
      .waitFor();
    await eventually(() => figure('Open tasks').textContent()).toBe('1');

    // Minutes, and the day it was held: no longer overdue.
    const minutes = panel().getByRole('form', { name: 'Minutes' });
    await minutes.getByLabel('Minutes').fill('Agreed to meet termly; printers fixed.');
    await minutes.getByLabel('Held on').fill(day(0));
    await minutes.getByRole('button', { name: 'Save minutes' }).click();
    await panel().getByText('Held', { exact: true }).waitFor();
    expect(await panel().getByText('Overdue', { exact: true }).count()).toBe(0);
    await checkScreen(page, 'rv04-held');
    await page.screenshot({ path: `${SCREENSHOTS}/rv04-held-1280.png`, fullPage: true });
    await atPhoneWidth('rv04-held');
    expectCleanConsole(page, 'reviews', [/400 \(Bad Request\)/]);
  });
});
