import { mkdirSync } from 'node:fs';
import { inArray } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { partners, requests, tasks } from '../server/src/db/schema/index.ts';
import {
  buildPartner,
  buildTask,
  buildUnit,
  buildUser,
  partnerTypeId,
} from '../server/src/test/factories/index.ts';
import { checkScreen, expectCleanConsole, type Harness, signIn, startHarness } from './harness.ts';

const PASSWORD = 'correct horse battery staple';
/** Screenshots to look at (outside the repository). */
const SHOTS = '/tmp/bulk-shots';
/** A selection large enough that its progress shows. */
const COHORT = 300;
let h: Harness;
let page: Page;
const requestIds: string[] = [];
const taskIds: string[] = [];

beforeAll(async () => {
  h = await startHarness();
  const db = h.database.db;
  const unit = (await buildUnit(db, { name: 'Careers and Employability' })).id;
  await buildUser(db, {
    email: 'sam@northmoor.ac.uk',
    name: 'Sam Staff',
    role: 'staff',
    unitId: unit,
    password: PASSWORD,
  });
  await buildUser(db, {
    email: 'owen@northmoor.ac.uk',
    name: 'Owen Owner',
    role: 'staff',
    unitId: unit,
    password: PASSWORD,
  });
  const partner = (await buildPartner(db, { name: 'Kestrel Foods' })).id;
  // Three new requests, raised through the API as Sam.
  const login = await h.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email: 'sam@northmoor.ac.uk', password: PASSWORD },
  });
  const cookie = login.cookies.find((c) => c.name === 'rapport_session')!.value;
  const csrf = login.json<{ csrfToken: string }>().csrfToken;
  for (const title of ['Placement portal down', 'Invoice query', 'Careers fair stand']) {
    const raised = await h.app.inject({
      method: 'POST',
      url: '/api/v1/requests',
      headers: { cookie: `rapport_session=${cookie}`, 'x-csrf-token': csrf },
      payload: { partnerId: partner, kind: 'incident', title },
    });
    expect(raised.statusCode, raised.body).toBe(201);
    requestIds.push(raised.json<{ id: string }>().id);
  }
  const sam = login.json<{ user: { id: string } }>().user.id;
  for (const title of ['Send the placement pack', 'Book the stand'])
    taskIds.push((await buildTask(db, { assigneeId: sam, title, dueOn: '2026-11-01' })).id);
  const typeId = await partnerTypeId(db);
  await db.insert(partners).values(
    Array.from({ length: COHORT }, (_, i) => ({
      name: `Northern Employer ${String(i).padStart(3, '0')}`,
      typeId,
      tags: ['north-east'],
    })),
  );
  mkdirSync(SHOTS, { recursive: true });
  page = await h.newPage({ width: 1280, height: 900 });
  await signIn(page, h.url, 'sam@northmoor.ac.uk', PASSWORD);
});
afterAll(async () => {
  await h?.close();
});

/** React Router's notice on a full page load (every screen has it; not this feature's). */
const HYDRATION = [/HydrateFallback/];
const shot = (name: string) => page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });

describe('bulk actions in the browser', () => {
  it('selects three requests (one by keyboard) and triages them at once', async () => {
    await page.goto(`${h.url}/requests`);
    await page.getByRole('heading', { name: 'Requests', exact: true }).waitFor();
    const first = page.getByRole('checkbox', { name: /Select #\d+ Placement portal down/ });
    await first.focus();
    await page.keyboard.press('Space');
    await page.getByRole('checkbox', { name: /Select #\d+ Invoice query/ }).check();
    await page.getByRole('checkbox', { name: /Select #\d+ Careers fair stand/ }).check();
    await expect
      .poll(() => page.getByRole('status').filter({ hasText: 'selected' }).textContent())
      .toBe('3 requests selected');
    const bar = page.getByRole('region', { name: 'Bulk actions on requests' });
    await bar.getByLabel('New owner').first().fill('Owen');
    await page.getByRole('option', { name: 'Owen Owner' }).click();
    await bar.getByLabel('New priority').first().click();
    await page.getByRole('option', { name: 'High' }).click();
    await bar.getByLabel('Move to').first().click();
    await page.getByRole('option', { name: 'Triaged' }).click();
    await checkScreen(page, 'bulk-01-requests-selected');
    await shot('requests-selected-1280');
    await bar.getByRole('button', { name: 'Triage selected' }).click();
    await bar.getByText('Triaged 3 requests.').waitFor();
    const rows = await h.database.db.select().from(requests).where(inArray(requests.id, requestIds));
    expect(rows.map((r) => [r.status, r.priority])).toEqual([
      ['triaged', 'high'],
      ['triaged', 'high'],
      ['triaged', 'high'],
    ]);
    await expect.poll(() => page.getByRole('table').textContent()).not.toContain('Nobody yet');
    await checkScreen(page, 'bulk-02-requests-triaged');
    await shot('requests-triaged-1280');
    expectCleanConsole(page, 'bulk triage', HYDRATION);
  });

  it('selects every partner that matches the filter and tags them, showing progress', async () => {
    await page.goto(`${h.url}/partners?tag=north-east`);
    await page.getByText(`${COHORT} partners`).waitFor();
    await page.getByRole('checkbox', { name: 'Select every partner shown' }).check();
    const bar = page.getByRole('region', { name: 'Bulk actions on partners' });
    await bar.getByRole('button', { name: `Select all ${COHORT} that match` }).click();
    await expect
      .poll(() => page.getByRole('status').filter({ hasText: 'selected' }).textContent())
      .toBe(`${COHORT} partners selected (every one that matches the filters)`);
    await bar.getByLabel('Tag to add or remove').fill('Regional');
    await bar.getByRole('button', { name: 'Add tag' }).click();
    // The progress as it runs: a bar and "n of 300", checked for accessibility while it moves.
    await bar.getByText(new RegExp(`^\\d+ of ${COHORT}$`)).waitFor();
    await shot('partners-progress-1280');
    await checkScreen(page, 'bulk-03-partners-progress');
    await bar.getByText(`Tagged ${COHORT} partners “regional”.`).waitFor({ timeout: 200_000 });
    const tagged = await h.database.db.select({ tags: partners.tags }).from(partners);
    const cohort = tagged.filter((p) => p.tags.includes('north-east'));
    expect(cohort).toHaveLength(COHORT);
    expect(cohort.every((p) => p.tags.includes('regional'))).toBe(true);
    await checkScreen(page, 'bulk-04-partners-tagged');
    await shot('partners-tagged-1280');
    expectCleanConsole(page, 'bulk tag', HYDRATION);
  }, 240_000);

  it('says which record refused an action, and changes nothing', async () => {
    await page.goto(`${h.url}/requests?status=triaged&open=false`);
    await page.getByRole('checkbox', { name: /Select #\d+ Invoice query/ }).check();
    const bar = page.getByRole('region', { name: 'Bulk actions on requests' });
    await bar.getByLabel('Move to').first().click();
    // Triaged cannot jump to closed: the lifecycle refuses, and the bar says which request.
    await page.getByRole('option', { name: 'Closed' }).click();
    await bar.getByRole('button', { name: 'Triage selected' }).click();
    await bar
      .getByRole('alert')
      .getByText(/^#\d+ Invoice query: .*cannot move from triaged to closed/)
      .waitFor();
    const rows = await h.database.db.select().from(requests).where(inArray(requests.id, requestIds));
    expect(rows.every((r) => r.status === 'triaged')).toBe(true);
    await checkScreen(page, 'bulk-05-refused');
    await shot('requests-refused-1280');
    expectCleanConsole(page, 'bulk refused', HYDRATION);
  });

  it('selects the tasks shown and marks them done', async () => {
    await page.goto(`${h.url}/tasks`);
    await page.getByRole('checkbox', { name: 'Select every task shown that you can change' }).check();
    const bar = page.getByRole('region', { name: 'Bulk actions on tasks' });
    await expect
      .poll(() => page.getByRole('status').filter({ hasText: 'selected' }).textContent())
      .toBe('2 tasks selected');
    await checkScreen(page, 'bulk-08-tasks-selected');
    await shot('tasks-selected-1280');
    await bar.getByRole('button', { name: 'Mark done' }).click();
    await bar.getByText('Marked 2 tasks done.').waitFor();
    const rows = await h.database.db.select().from(tasks).where(inArray(tasks.id, taskIds));
    expect(rows.every((r) => r.doneAt !== null)).toBe(true);
    expectCleanConsole(page, 'bulk tasks', HYDRATION);
  });

  it('works at 390 px', async () => {
    const narrow = await h.newPage({ width: 390, height: 844 });
    await signIn(narrow, h.url, 'sam@northmoor.ac.uk', PASSWORD);
    await narrow.goto(`${h.url}/partners?tag=north-east`);
    await narrow.getByText(`${COHORT} partners`).waitFor();
    await narrow.getByRole('checkbox', { name: 'Select Northern Employer 001' }).check();
    await narrow.getByRole('region', { name: 'Bulk actions on partners' }).waitFor();
    await checkScreen(narrow, 'bulk-06-partners-390');
    await narrow.screenshot({ path: `${SHOTS}/partners-selected-390.png`, fullPage: true });
    await narrow.goto(`${h.url}/requests?open=false`);
    await narrow.getByRole('checkbox', { name: /Select #\d+ Invoice query/ }).check();
    await narrow.getByRole('region', { name: 'Bulk actions on requests' }).waitFor();
    await checkScreen(narrow, 'bulk-07-requests-390');
    await narrow.screenshot({ path: `${SHOTS}/requests-selected-390.png`, fullPage: true });
    expectCleanConsole(narrow, 'bulk at 390 px', HYDRATION);
    await narrow.close();
  });
});
