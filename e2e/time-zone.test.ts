import { eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dayInWords, momentInWords } from '../common/src/wording.ts';
import { notifications, settings } from '../server/src/db/schema/index.ts';
import { buildPartner, buildUnit, buildUser } from '../server/src/test/factories/index.ts';
import {
  checkScreen,
  expectCleanConsole,
  expectNoOverlap,
  type Harness,
  signIn,
  startHarness,
} from './harness.ts';

/**
 * Dates and times on screen are the university's (its working week's time zone), not the
 * computer's: a member of staff on a laptop set to Auckland reads the hour the university works to.
 */
const PASSWORD = 'correct horse battery staple';
/** The university's setting, deliberately not the default, and the browser's own zone. */
const UNIVERSITY = 'America/New_York';
const BROWSER = 'Pacific/Auckland';
const NOTICE_AT = '2026-11-27T17:00:00.000Z';
let h: Harness;
let page: Page;
let partnerId: string;
let dueAt: string;
const HYDRATION = [/HydrateFallback/];

beforeAll(async () => {
  h = await startHarness();
  const db = h.database.db;
  // The university's setting (the migrated database holds the default week already).
  await db
    .update(settings)
    .set({ value: { timeZone: UNIVERSITY, days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' } })
    .where(eq(settings.key, 'working_week'));
  const unitId = (await buildUnit(db, { name: 'IT Services' })).id;
  const sam = await buildUser(db, {
    email: 'sam@northmoor.ac.uk',
    name: 'Sam Staff',
    role: 'staff',
    unitId,
    password: PASSWORD,
  });
  partnerId = (await buildPartner(db, { name: 'School of Chemistry' })).id;
  await db.insert(notifications).values({
    userId: sam.id,
    kind: 'assigned',
    title: 'Lab printers offline is yours',
    link: null,
    createdAt: new Date(NOTICE_AT),
  });
  page = await h.newPage({ width: 1280, height: 900 }, { timezoneId: BROWSER });
  await signIn(page, h.url, 'sam@northmoor.ac.uk', PASSWORD);
  // Raised through the API as Sam: its targets come from the service levels, in the university's week.
  const raised = await page.request.post(`${h.url}/api/v1/requests`, {
    headers: { 'x-csrf-token': await csrf() },
    data: { partnerId, kind: 'incident', title: 'Lab printers offline', priority: 'high' },
  });
  expect(raised.status(), await raised.text()).toBe(201);
  dueAt = ((await raised.json()) as { targets: { firstResponse: { dueAt: string } } }).targets.firstResponse
    .dueAt;
  expect(dueAt).toBeTruthy();
});
afterAll(async () => {
  await h?.close();
});

async function csrf() {
  const session = await page.request.get(`${h.url}/api/v1/auth/session`);
  return ((await session.json()) as { csrfToken: string }).csrfToken;
}

describe("dates in the university's time zone", () => {
  it('the request list says when each target is due, in the university’s hours', async () => {
    expect(momentInWords(dueAt, UNIVERSITY)).not.toBe(momentInWords(dueAt, BROWSER));
    await page.goto(`${h.url}/requests?partnerId=${partnerId}`);
    const table = page.getByRole('table');
    await table.getByRole('columnheader', { name: 'Due' }).waitFor();
    await table.getByText(`Response due ${momentInWords(dueAt, UNIVERSITY)}`).waitFor();
    expect(await table.textContent()).not.toContain(momentInWords(dueAt, BROWSER));
    // The day it was raised is the university's day too.
    await table.getByText(`Raised ${dayInWords(new Date(), UNIVERSITY)}`).waitFor();
    await checkScreen(page, 'tz-01-requests-due');
    expectCleanConsole(page, 'request list due times', HYDRATION);
  });

  it('notifications are dated in the university’s time zone, in words', async () => {
    await page.goto(`${h.url}/notifications`);
    const notice = page.getByRole('listitem').filter({ hasText: 'Lab printers offline is yours' });
    // 17:00 UTC is 12:00 in New York, and already Saturday 06:00 in Auckland.
    await notice.getByText('Fri 27 Nov, 12:00').waitFor();
    expect(await notice.textContent()).not.toContain('Sat 28 Nov');
    await checkScreen(page, 'tz-02-notifications');
    expectCleanConsole(page, 'notifications', HYDRATION);
  });

  it('fits a phone', async () => {
    const phone = await h.newPage({ width: 375, height: 800 }, { timezoneId: BROWSER });
    await signIn(phone, h.url, 'sam@northmoor.ac.uk', PASSWORD);
    await phone.goto(`${h.url}/notifications`);
    await phone.getByText('Fri 27 Nov, 12:00').waitFor();
    await expectNoOverlap(phone, 'notifications at 375 px');
    await checkScreen(phone, 'tz-03-notifications-375');
    await phone.goto(`${h.url}/requests?partnerId=${partnerId}`);
    await phone.getByText(`Response due ${momentInWords(dueAt, UNIVERSITY)}`).waitFor();
    await checkScreen(phone, 'tz-04-requests-375');
    expectCleanConsole(phone, 'time zone on a phone', HYDRATION);
    await phone.close();
  });
});
