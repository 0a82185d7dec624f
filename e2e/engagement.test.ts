import ICAL from 'ical.js';
import { DateTime } from 'luxon';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildAffiliation,
  buildContact,
  buildPartner,
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
let activityUrl = '';
let partnerId = '';

beforeAll(async () => {
  h = await startHarness();
  const db = h.database.db;
  const unit = (await buildUnit(db, { name: 'Careers and Employability' })).id;
  await buildUser(db, {
    email: 'esme@northmoor.ac.uk',
    name: 'Esme Events',
    role: 'staff',
    unitId: unit,
    password: PASSWORD,
  });
  const partner = await buildPartner(db, { name: 'Kestrel Foods' });
  partnerId = partner.id;
  for (const name of ['Priya Shah', 'Tom Baker']) {
    const contact = await buildContact(db, {
      name,
      emails: [`${name.split(' ')[0]!.toLowerCase()}@kestrel.example`],
    });
    await buildAffiliation(db, {
      contactId: contact.id,
      partnerId: partner.id,
      role: 'Early careers adviser',
    });
  }
  page = await h.newPage({ width: 1280, height: 900 });
});
afterAll(() => h?.close());

const main = (p: Page = page) => p.getByRole('main');
const shoot = (p: Page, name: string) => p.screenshot({ path: `${SCREENSHOTS}/${name}.png`, fullPage: true });
const routerWarning = [/No `HydrateFallback` element provided/];
/** Local time in a zone, as the date-time field takes it. */
const local = (t: DateTime, zone: string) => t.setZone(zone).toFormat("yyyy-MM-dd'T'HH:mm");
/** The weekday of a London start, as the repeat picker names it. */
const weekday = (t: DateTime) => t.setZone('Europe/London').setLocale('en-GB').toFormat('cccc');
let soonStart: DateTime;

describe('engagement: editing an activity and taking attendance', () => {
  it('schedules a weekly forum starting soon and registers a contact on her behalf', async () => {
    await signIn(page, h.url, 'esme@northmoor.ac.uk', PASSWORD);
    await page.goto(`${h.url}/activities?when=upcoming`);
    await main().getByRole('button', { name: 'New activity' }).click();
    const dialog = page.getByRole('dialog', { name: 'New activity' });
    await dialog.getByLabel('Kind').click();
    await page.getByRole('option', { name: 'Forum' }).click();
    await dialog.getByLabel('Title').fill('Employer forum');
    // In 90 minutes, London time: after the move to Paris below it starts in 30, so the door is open.
    const soon = DateTime.now().plus({ minutes: 90 });
    await dialog.getByLabel('Starts').fill(local(soon, 'Europe/London'));
    await dialog.getByLabel('Ends').fill(local(soon.plus({ hours: 2 }), 'Europe/London'));
    // The repeat is chosen in words, from the start's own weekday; the rule is read back, and the
    // activity page says it so.
    await dialog.getByLabel('Repeats').click();
    await page.getByRole('option', { name: `Every week on ${weekday(soon)}` }).click();
    await dialog.getByText(`Reads as: Every week on ${weekday(soon)}`, { exact: true }).waitFor();
    await dialog.getByRole('button', { name: 'Schedule' }).click();
    await page.getByRole('heading', { name: 'Employer forum' }).waitFor();
    await main()
      .getByRole('region', { name: 'Details' })
      .getByText(`Every week on ${weekday(soon)}`, { exact: true })
      .waitFor();
    soonStart = soon;
    activityUrl = page.url();
    const behalf = main().getByRole('region', { name: 'Register someone' });
    await behalf.getByLabel('Contact').fill('Priya');
    await page.getByRole('option', { name: 'Priya Shah' }).click();
    await page.keyboard.press('Escape');
    await behalf.getByRole('button', { name: 'Register on their behalf' }).click();
    await main().getByRole('heading', { name: 'Registrations (1)' }).waitFor();
    expectCleanConsole(page, 'new forum');
  });

  it('edits the activity: its time zone from the picker and a date the series skips', async () => {
    await main().getByRole('button', { name: 'Edit activity' }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit activity' });
    await expect.poll(() => dialog.getByLabel('Title').inputValue()).toBe('Employer forum');
    // The stored rule reads back as the choice it was made from; the series is given an end.
    await expect
      .poll(() => dialog.getByLabel('Repeats').inputValue())
      .toBe(`Every week on ${weekday(soonStart)}`);
    await dialog.getByLabel('Stops').click();
    await page.getByRole('option', { name: 'After a number of meetings' }).click();
    await dialog.getByLabel('Number of meetings').fill('10');
    await dialog
      .getByText(`Reads as: Every week on ${weekday(soonStart)} for 10 times`, { exact: true })
      .waitFor();
    await dialog.getByRole('combobox', { name: /^Time zone/ }).fill('Paris');
    await page.getByRole('option', { name: 'Europe/Paris' }).click();
    await dialog.getByText('None: the series meets on every date of its rule.').waitFor();
    await dialog.getByRole('button', { name: 'Add a date to skip' }).click();
    const skipped = DateTime.now().setZone('Europe/Paris').plus({ weeks: 2 }).toISODate()!;
    await dialog.getByLabel('Skipped date 1', { exact: true }).fill(skipped);
    await checkScreen(page, 'e01-edit-activity');
    await shoot(page, 'edit-activity-1280');
    await dialog.getByRole('button', { name: 'Save changes' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(() => main().textContent()).toContain('(Europe/Paris)');
    await main()
      .getByRole('region', { name: 'Details' })
      .getByText(`Every week on ${weekday(soonStart)} for 10 times`, { exact: true })
      .waitFor();
    await main().getByRole('cell', { name: skipped }).waitFor();
    // A bad change is refused by the form with the server's own rule, and nothing is saved.
    await main().getByRole('button', { name: 'Edit activity' }).click();
    await dialog.getByLabel('Title').fill('');
    await dialog.getByRole('button', { name: 'Save changes' }).click();
    await dialog.getByText(/Title/).first().waitFor();
    await expect.poll(() => dialog.getByLabel('Title').getAttribute('aria-invalid')).toBe('true');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await main().getByRole('heading', { name: 'Employer forum' }).waitFor();
    expectCleanConsole(page, 'edit activity');
  });

  it('takes attendance on a phone: one tap for the registered, a walk-in added; both on the partner timeline', async () => {
    const phone = await h.newPage({ width: 390, height: 844 });
    await signIn(phone, h.url, 'esme@northmoor.ac.uk', PASSWORD);
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    await phone.route('**/api/v1/activities/*/attendance', async (route) => {
      await held;
      await route.continue();
    });
    await phone.goto(`${activityUrl}/attendance`);
    await phone.getByRole('status', { name: 'Loading the attendance' }).waitFor();
    await checkScreen(phone, 'e02-attendance-loading');
    release();
    await main(phone).getByRole('heading', { name: 'Attendance' }).waitFor();
    await main(phone).getByText('0 came · 0 did not come · 1 registered · 0 walk-ins').waitFor();
    expect(await phone.title()).toBe('Attendance · Employer forum · Activities · Rapport');
    await checkScreen(phone, 'e03-attendance-390');
    await expectNoOverlap(phone, 'attendance');

    const priya = main(phone).getByRole('listitem', { name: 'Priya Shah' });
    await priya.getByText('Came', { exact: true }).click();
    await main(phone).getByText('1 came · 0 did not come · 1 registered · 0 walk-ins').waitFor();
    await priya.getByText(/Recorded .* by Esme Events/).waitFor();

    const walkIn = main(phone).getByRole('region', { name: 'Add a walk-in' });
    await walkIn.getByLabel('Contact').fill('Tom');
    await phone.getByRole('option', { name: 'Tom Baker' }).click();
    await phone.keyboard.press('Escape');
    await walkIn.getByRole('button', { name: 'Add as attended' }).click();
    await main(phone).getByText('2 came · 0 did not come · 1 registered · 1 walk-in').waitFor();
    await main(phone).getByRole('listitem', { name: 'Tom Baker' }).getByText('Walk-in').waitFor();

    await main(phone).getByLabel('Find someone').fill('tom');
    await expect.poll(() => main(phone).getByRole('listitem').count()).toBe(1);
    await checkScreen(phone, 'e04-attendance-taken-390');
    await expectNoOverlap(phone, 'attendance taken');
    await main(phone).getByLabel('Find someone').fill('');
    await shoot(phone, 'attendance-390');
    expectCleanConsole(phone, 'attendance at 390 px', routerWarning);
    await phone.context().close();

    await page.goto(`${activityUrl}/attendance`);
    await main().getByText('2 came · 0 did not come · 1 registered · 1 walk-in').waitFor();
    await checkScreen(page, 'e05-attendance-1280');
    await shoot(page, 'attendance-1280');

    // The partner's timeline has one event touch point for each of them.
    await page.goto(`${h.url}/partners/${partnerId}/timeline`);
    const timeline = main().getByRole('list', { name: 'Timeline' });
    await expect.poll(() => timeline.getByText('Forum: Employer forum').count()).toBe(2);
    await checkScreen(page, 'e06-partner-timeline');
    expectCleanConsole(page, 'attendance at 1280 px', routerWarning);
  });

  it('makes a private calendar feed on My account that a calendar program can read', async () => {
    await page.goto(`${h.url}/account`);
    const section = main().getByRole('region', { name: 'Calendar feed' });
    await section.getByText('You have no calendar feed.').waitFor();
    await section.getByRole('button', { name: 'Make a feed address' }).click();
    const address = (await section.getByLabel('Calendar feed address').textContent())!.trim();
    expect(address).toMatch(/\/api\/v1\/public\/calendars\/cal_[A-Za-z0-9_-]+\/activities\.ics$/);
    await checkScreen(page, 'e07-calendar-feed');
    await shoot(page, 'account-calendar-1280');
    // Read without the session, as Outlook would: the forum, its weekly rule and the skipped date.
    const response = await fetch(address);
    expect(response.status).toBe(200);
    const calendar = new ICAL.Component(ICAL.parse(await response.text()));
    const event = calendar.getFirstSubcomponent('vevent')!;
    expect(event.getFirstPropertyValue('summary')).toBe('Employer forum');
    // The rule as chosen in the form: weekly on the start's weekday, ten meetings.
    const day = soonStart
      .setZone('Europe/London')
      .setLocale('en-GB')
      .toFormat('ccc')
      .slice(0, 2)
      .toUpperCase();
    expect(String(event.getFirstPropertyValue('rrule'))).toBe(`FREQ=WEEKLY;COUNT=10;BYDAY=${day}`);
    expect(event.getFirstProperty('dtstart')!.getParameter('tzid')).toBe('Europe/Paris');
    expect(event.getFirstProperty('exdate')).not.toBeNull();
    await page.reload();
    await main()
      .getByRole('region', { name: 'Calendar feed' })
      .getByText(/last read by a calendar/)
      .waitFor();
    const phone = await h.newPage({ width: 375, height: 812 });
    await signIn(phone, h.url, 'esme@northmoor.ac.uk', PASSWORD);
    await phone.goto(`${h.url}/account`);
    await main(phone)
      .getByRole('region', { name: 'Calendar feed' })
      .getByText(/last read by a calendar/)
      .waitFor();
    await checkScreen(phone, 'e08-calendar-feed-375');
    await expectNoOverlap(phone, 'calendar feed');
    await shoot(phone, 'account-calendar-375');
    await phone.context().close();
    expectCleanConsole(page, 'calendar feed', routerWarning);
  });

  it('chooses a monthly repeat and its last date on a phone, from the start it is given', async () => {
    const phone = await h.newPage({ width: 375, height: 812 });
    await signIn(phone, h.url, 'esme@northmoor.ac.uk', PASSWORD);
    await phone.goto(`${h.url}/activities`);
    await main(phone).getByRole('button', { name: 'New activity' }).click();
    const dialog = phone.getByRole('dialog', { name: 'New activity' });
    // Without a start there is nothing to repeat from: only "Does not repeat" and a typed rule.
    await dialog.getByLabel('Repeats').click();
    await expect
      .poll(() => phone.getByRole('option').allTextContents())
      .toEqual(['Does not repeat', 'Another rule (iCalendar)…']);
    await phone.keyboard.press('Escape');
    // Tuesday 12 January 2027 is the second Tuesday of its month.
    await dialog.getByLabel('Starts').fill('2027-01-12T10:00');
    await dialog.getByLabel('Repeats').click();
    await phone.getByRole('option', { name: 'Every month on the second Tuesday' }).click();
    await dialog.getByLabel('Stops').click();
    await phone.getByRole('option', { name: 'On a date' }).click();
    await dialog.getByLabel('Last date').fill('2027-07-31');
    await dialog
      .getByText('Reads as: Every month on the 2nd Tuesday until 31 July 2027', { exact: true })
      .waitFor();
    await checkScreen(phone, 'e09-repeat-picker-375');
    await expectNoOverlap(phone, 'repeat picker');
    await shoot(phone, 'repeat-picker-375');
    await phone.context().close();
  });
});
