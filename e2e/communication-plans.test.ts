import { DateTime } from 'luxon';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { communicationLevels, peerPairs } from '../server/src/db/schema/communication-plans.ts';
import {
  buildAffiliation,
  buildContact,
  buildPartner,
  buildRelationship,
  buildUnit,
  buildUser,
} from '../server/src/test/factories/index.ts';
import { checkScreen, expectNoOverlap, type Harness, SCREENSHOTS, signIn, startHarness } from './harness.ts';

const PASSWORD = 'correct horse battery staple';
let h: Harness;
let page: Page;
let partnerId: string;

/**
 * Careers manages its relationship with Kestrel Foods (begun a year ago) and names two peer
 * pairs; the Research Office works with Kestrel too; Owen manages another partner altogether.
 */
beforeAll(async () => {
  h = await startHarness();
  const db = h.database.db;
  const careers = (await buildUnit(db, { name: 'Careers and Employability' })).id;
  const research = (await buildUnit(db, { name: 'Research Office' })).id;
  const maya = await buildUser(db, {
    email: 'maya@northmoor.ac.uk',
    name: 'Maya Manager',
    role: 'relationship_manager',
    unitId: careers,
    password: PASSWORD,
  });
  const cal = await buildUser(db, {
    email: 'cal@northmoor.ac.uk',
    name: 'Cal Colleague',
    role: 'staff',
    unitId: careers,
  });
  await buildUser(db, {
    email: 'rob@northmoor.ac.uk',
    name: 'Rob Research',
    role: 'staff',
    unitId: research,
    password: PASSWORD,
  });
  const dairy = (await buildUnit(db, { name: 'Alumni Relations' })).id;
  const owen = await buildUser(db, {
    email: 'owen@northmoor.ac.uk',
    name: 'Owen Elsewhere',
    role: 'relationship_manager',
    unitId: dairy,
    password: PASSWORD,
  });
  partnerId = (await buildPartner(db, { name: 'Kestrel Foods' })).id;
  const other = (await buildPartner(db, { name: 'Ilkley Dairies' })).id;
  const relationship = await buildRelationship(db, {
    unitId: careers,
    partnerId,
    managerId: maya.id,
    startDate: DateTime.now().minus({ days: 365 }).toISODate()!,
  });
  await buildRelationship(db, { unitId: research, partnerId });
  await buildRelationship(db, { unitId: dairy, partnerId: other, managerId: owen.id });
  const dana = await buildContact(db, { name: 'Dana Head' });
  const olly = await buildContact(db, { name: 'Olly Officer' });
  await buildAffiliation(db, { contactId: dana.id, partnerId, role: 'Head of HR' });
  await buildAffiliation(db, { contactId: olly.id, partnerId, role: 'HR officer' });
  const levels = await db.select().from(communicationLevels);
  const level = (name: string) => levels.find((l) => l.name === name)!.id;
  await db.insert(peerPairs).values([
    {
      relationshipId: relationship.id,
      levelId: level('Senior'),
      userId: maya.id,
      contactId: dana.id,
      cadenceDays: 30,
    },
    {
      relationshipId: relationship.id,
      levelId: level('Operational'),
      userId: cal.id,
      contactId: olly.id,
      cadenceDays: 14,
    },
  ]);
  page = await h.newPage({ width: 1280, height: 900 });
});
afterAll(async () => {
  await h?.close();
});

const main = () => page.getByRole('main');
const eventually = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 20_000 });
const plans = () => main().getByRole('region', { name: 'Communication plans and peer pairs' });
const planRow = () => plans().getByRole('row', { name: /Weekly operational call/ });
const pairRow = (name: string) => plans().getByRole('row', { name: new RegExp(name) });

async function signOut() {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('heading', { name: 'Sign in to Rapport' }).waitFor();
}

/** The screen at 375 px too (reloaded, as a phone would open it), looked at and kept, then back to 1280. */
async function atPhoneWidth(name: string, heading: string) {
  for (const width of [375, 1280]) {
    await page.setViewportSize({ width, height: width === 375 ? 800 : 900 });
    await page.reload();
    await main().getByRole('heading', { name: heading, exact: true }).first().waitFor();
    if (width === 375) {
      await expectNoOverlap(page, name);
      await page.screenshot({ path: `${SCREENSHOTS}/${name}-375.png`, fullPage: true });
    }
  }
}

describe('communication plans, peer pairs and coordination', () => {
  it('plans a weekly meeting that is overdue, and it comes back on track when one is logged', async () => {
    await signIn(page, h.url, 'maya@northmoor.ac.uk', PASSWORD);
    const home = main().getByRole('region', { name: 'Planned communication overdue' });
    await home.getByText('Nothing planned is overdue').waitFor();
    // The plans are on the partner page's Relationships tab, which has its own address.
    await page.goto(`${h.url}/partners/${partnerId}/relationships`);
    await main().getByRole('heading', { name: 'Kestrel Foods' }).waitFor();
    await plans().getByText('No communication is planned for this relationship yet.').waitFor();
    // The silent pairs are flagged before anything is logged.
    await pairRow('Cal Colleague').getByText('Silent over 14 days').waitFor();
    await pairRow('Maya Manager').getByText('Silent over 30 days').waitFor();

    await plans().getByRole('button', { name: 'Plan a communication' }).click();
    const form = plans().getByRole('form', { name: 'Plan a communication' });
    await form.getByLabel(/^Every \(days\)/).fill('');
    await form.getByLabel(/^Purpose/).fill('Weekly operational call');
    await form.getByRole('button', { name: 'Add to the plan' }).click();
    await eventually(() => form.textContent()).toContain('Enter how often, in days');
    await form.getByLabel(/^Every \(days\)/).fill('7');
    await form.getByRole('button', { name: 'Add to the plan' }).click();
    await planRow().getByText('Overdue').waitFor();
    expect(await planRow().textContent()).toContain('0% (0 of 52)');
    await checkScreen(page, 'cp01-plan-overdue');
    await atPhoneWidth('cp01-plan-overdue', 'Communication plans and peer pairs');

    await page.goto(`${h.url}/`);
    await home
      .getByRole('row', { name: /Kestrel Foods/ })
      .getByText('Overdue')
      .waitFor();
    await checkScreen(page, 'cp02-home-plan-overdue');
    await atPhoneWidth('cp02-home-plan-overdue', 'Planned communication overdue');

    await page.goto(`${h.url}/partners/${partnerId}/relationships`);
    await main().getByRole('button', { name: 'Log touch point' }).click();
    const dialog = page.getByRole('dialog', { name: 'Log a touch point' });
    await dialog.getByLabel(/^Subject/).fill('Placement planning with Dana');
    await dialog.getByLabel(/^Contacts who took part/).click();
    await page.getByRole('option', { name: /Dana Head/ }).click();
    await page.keyboard.press('Escape');
    await dialog.getByRole('button', { name: 'Log touch point' }).click();
    await dialog.waitFor({ state: 'detached' });
    await planRow().getByText('On track').waitFor();
    await pairRow('Maya Manager').getByText('In touch').waitFor();
    await pairRow('Cal Colleague').getByText('Silent over 14 days').waitFor();
    await checkScreen(page, 'cp03-plan-on-track');

    await page.goto(`${h.url}/`);
    await home.getByText('Nothing planned is overdue').waitFor();
  });

  it("shows the unit's plans on its own page", async () => {
    await page.getByRole('link', { name: 'Communication plans' }).click();
    await page.getByRole('heading', { name: 'Communication plans', exact: true }).waitFor();
    await main()
      .getByRole('row', { name: /Kestrel Foods/ })
      .getByText('On track')
      .waitFor();
    expect(
      await main()
        .getByRole('row', { name: /Kestrel Foods/ })
        .textContent(),
    ).toContain('Maya Manager');
    await checkScreen(page, 'cp04-unit-plans');
    await atPhoneWidth('cp04-unit-plans', 'Communication plans');
    await signOut();
  });

  it('tells the manager at once when another unit raises a complaint, and not the others', async () => {
    await signIn(page, h.url, 'rob@northmoor.ac.uk', PASSWORD);
    await page.goto(`${h.url}/partners/${partnerId}`);
    await main().getByRole('heading', { name: 'Kestrel Foods' }).waitFor();
    await main().getByRole('button', { name: 'Raise request' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel(/^Title/).fill('Invoice sent twice');
    await dialog.getByLabel(/^Kind/).first().click();
    await page.getByRole('option', { name: 'Complaint' }).click();
    await dialog.getByRole('button', { name: 'Raise request' }).click();
    await page.getByRole('heading', { name: 'Invoice sent twice' }).waitFor();
    await signOut();

    await signIn(page, h.url, 'maya@northmoor.ac.uk', PASSWORD);
    await page.goto(`${h.url}/notifications`);
    await eventually(async () => {
      await page.reload();
      await page.getByRole('heading', { name: 'Notifications', exact: true }).waitFor();
      return main().textContent();
    }).toMatch(/Research Office raised a complaint with Kestrel Foods: #\d+ Invoice sent twice/);
    await checkScreen(page, 'cp05-coordination-notice');
    await atPhoneWidth('cp05-coordination-notice', 'Notifications');

    // Opening "Log touch point" shows the partner's open complaints first.
    await page.goto(`${h.url}/partners/${partnerId}`);
    await main().getByRole('button', { name: 'Log touch point' }).click();
    const log = page.getByRole('dialog', { name: 'Log a touch point' });
    await log.getByText('Open complaints and concerns (1)').waitFor();
    expect(await log.textContent()).toContain('Invoice sent twice');
    await checkScreen(page, 'cp06-log-shows-open-concerns');
    await page.keyboard.press('Escape');
    await signOut();

    await signIn(page, h.url, 'owen@northmoor.ac.uk', PASSWORD);
    await page.goto(`${h.url}/notifications`);
    await page.getByRole('heading', { name: 'Notifications', exact: true }).waitFor();
    await main()
      .getByText(/No notifications|All read/)
      .first()
      .waitFor();
    expect(await main().textContent()).not.toContain('Invoice sent twice');
  });
});
