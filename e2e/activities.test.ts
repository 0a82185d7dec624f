import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JOB } from '../server/src/jobs/names.ts';
import {
  buildAffiliation,
  buildContact,
  buildPartner,
  buildUnit,
  buildUser,
} from '../server/src/test/factories/index.ts';
import { startTestSmtp } from '../server/src/test/smtp.ts';
import { checkScreen, expectCleanConsole, type Harness, signIn, startHarness } from './harness.ts';

const PASSWORD = 'correct horse battery staple';
/** Screenshots to look at, outside the repository. */
const SHOTS = '/tmp/activities-shots';
let h: Harness;
let smtp: Awaited<ReturnType<typeof startTestSmtp>>;
let page: Page;
let activityUrl = '';

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  smtp = await startTestSmtp();
  h = await startHarness({ env: { SMTP_URL: smtp.url, SMTP_FROM: 'Rapport <rapport@northmoor.ac.uk>' } });
  const db = h.database.db;
  const unit = (await buildUnit(db, { name: 'Careers and Employability' })).id;
  await buildUser(db, {
    email: 'esme@northmoor.ac.uk',
    name: 'Esme Events',
    role: 'staff',
    unitId: unit,
    password: PASSWORD,
  });
  // An employer (the default type) with one contact: inviting the partner type reaches her.
  const partner = await buildPartner(db, { name: 'Kestrel Foods' });
  const contact = await buildContact(db, { name: 'Priya Shah', emails: ['priya.shah@kestrel.example'] });
  await buildAffiliation(db, {
    contactId: contact.id,
    partnerId: partner.id,
    role: 'Graduate recruitment manager',
  });
  page = await h.newPage({ width: 1280, height: 900 });
});
afterAll(async () => {
  await h?.close();
  await smtp?.close();
});

const main = () => page.getByRole('main');
/**
 * Opening a screen that loads on demand by its address (a reload, a link from elsewhere) makes
 * React Router warn that the router has no HydrateFallback: the router's, not these screens'.
 */
const routerWarning = [/No `HydrateFallback` element provided/];
const shoot = (p: Page, name: string) => p.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });

describe('activities', () => {
  it('schedules a seminar from the activities list', async () => {
    await signIn(page, h.url, 'esme@northmoor.ac.uk', PASSWORD);
    await page.getByRole('navigation').getByRole('link', { name: 'Activities' }).click();
    await main().getByRole('heading', { name: 'Activities' }).waitFor();
    await main().getByText('No activities match these filters.').waitFor();
    await checkScreen(page, 'a01-activities-empty');
    await main().getByRole('button', { name: 'New activity' }).click();
    const dialog = page.getByRole('dialog', { name: 'New activity' });
    await dialog.getByLabel('Title').fill('Graduate recruitment seminar');
    await dialog.getByLabel('Starts').fill('2027-12-08T14:00');
    await dialog.getByLabel('Ends').fill('2027-12-08T16:00');
    await dialog.getByLabel('Location').fill('Hub building, room 2.14');
    await dialog.getByLabel('Places').fill('20');
    await checkScreen(page, 'a02-new-activity');
    await shoot(page, 'new-activity-1280');
    await dialog.getByRole('button', { name: 'Schedule' }).click();
    await page.getByRole('heading', { name: 'Graduate recruitment seminar' }).waitFor();
    activityUrl = page.url();
    await expect.poll(() => main().textContent()).toContain('Wed 8 Dec 2027, 14:00–16:00 (Europe/London)');
    await checkScreen(page, 'a03-activity');
    expectCleanConsole(page, 'new activity');
  });

  it('invites a partner type; the contact registers through the link in the e-mail, without an account', async () => {
    const invite = main().getByRole('region', { name: 'Invite' });
    await invite.getByLabel('Partner types').click();
    await page.getByRole('option', { name: 'Employer' }).click();
    await page.keyboard.press('Escape');
    await invite.getByRole('button', { name: 'Send invitations' }).click();
    await invite.getByText('1 invitation sent.').waitFor();
    await main().getByRole('heading', { name: 'Invitations sent (1)' }).waitFor();

    await h.app.jobs.trigger(JOB.deliverActivityMail);
    await h.app.jobs.drain();
    const mail = smtp.received.find((m) => m.subject === 'Invitation: Graduate recruitment seminar');
    expect(mail?.attachments.some((a) => a.filename === 'invitation.ics')).toBe(true);
    const path = /\/invitations\/[A-Za-z0-9_-]+/.exec(mail!.text ?? '')![0];

    // A fresh browser context: no session, as the contact opening her e-mail; a phone-sized screen.
    const phone = await h.newPage({ width: 390, height: 844 });
    // Held while loading, so axe sees the loading state too.
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    await phone.route('**/api/v1/public/invitations/*', async (route) => {
      await held;
      await route.continue();
    });
    await phone.goto(`${h.url}${path}`);
    await phone.getByRole('status', { name: 'Loading the invitation' }).waitFor();
    await checkScreen(phone, 'a04-invitation-loading');
    release();
    await phone.getByRole('heading', { name: 'Graduate recruitment seminar' }).waitFor();
    await phone.getByText('Invitation for Priya Shah').waitFor();
    await phone.getByText('Places left: 20').waitFor();
    await checkScreen(phone, 'a05-invitation-390');
    await shoot(phone, 'invitation-390');
    await phone.getByRole('button', { name: 'Register' }).click();
    await phone.getByText('You are registered. We look forward to seeing you.').waitFor();
    await checkScreen(phone, 'a06-registered-390');
    await shoot(phone, 'registered-390');
    // No horizontal scrolling at 390 px.
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expectCleanConsole(phone, 'registration page');
    await phone.context().close();

    await page.reload();
    const registrations = main().getByRole('region', { name: /^Registrations/ });
    await registrations.getByRole('heading', { name: 'Registrations (1)' }).waitFor();
    await registrations.getByRole('link', { name: 'Priya Shah' }).waitFor();
    await checkScreen(page, 'a07-activity-registered');
    await shoot(page, 'activity-1280');
    expectCleanConsole(page, 'activity page', routerWarning);
  });

  it('shows the activity page and the list at 390 px, and the activity page while it loads', async () => {
    const phone = await h.newPage({ width: 390, height: 844 });
    await signIn(phone, h.url, 'esme@northmoor.ac.uk', PASSWORD);
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    await phone.route('**/api/v1/activities/*', async (route) => {
      await held;
      await route.continue();
    });
    await phone.goto(activityUrl);
    await phone.getByRole('status', { name: 'Loading the activity' }).waitFor();
    await checkScreen(phone, 'a08-activity-loading');
    release();
    await phone.getByRole('heading', { name: 'Graduate recruitment seminar' }).waitFor();
    await phone.getByRole('heading', { name: 'Registrations (1)' }).waitFor();
    await checkScreen(phone, 'a09-activity-390');
    await shoot(phone, 'activity-390');
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await phone.goto(`${h.url}/activities?when=upcoming`);
    await phone.getByRole('link', { name: 'Graduate recruitment seminar' }).waitFor();
    await phone.getByRole('heading', { name: 'December 2027' }).waitFor();
    await checkScreen(phone, 'a10-activities-390');
    await shoot(phone, 'activities-390');
    await page.goto(`${h.url}/activities?when=upcoming`);
    await main().getByRole('link', { name: 'Graduate recruitment seminar' }).waitFor();
    await shoot(page, 'activities-1280');
    expectCleanConsole(phone, 'activities at 390 px', routerWarning);
  });
});
