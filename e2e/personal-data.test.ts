import { readFileSync } from 'node:fs';
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
  signIn,
  startHarness,
} from './harness.ts';

const PASSWORD = 'correct horse battery staple';
/** Screenshots to look at (1280 and 375 px), outside the repository. */
const SHOTS = 'test-output';
const ROUTER_WARNING = /No `HydrateFallback` element provided/;
let h: Harness;
let page: Page;
let contactUrl = '';
let partnerId = '';

beforeAll(async () => {
  h = await startHarness();
  const db = h.database.db;
  const unit = (await buildUnit(db, { name: 'Careers and Employability' })).id;
  await buildUser(db, {
    email: 'dpo@northmoor.ac.uk',
    name: 'Dana Protection',
    role: 'administrator',
    unitId: unit,
    password: PASSWORD,
  });
  await buildUser(db, {
    email: 'sam@northmoor.ac.uk',
    name: 'Sam Staff',
    role: 'staff',
    unitId: unit,
    password: PASSWORD,
  });
  const partner = await buildPartner(db, { name: 'Kestrel Foods' });
  partnerId = partner.id;
  const contact = await buildContact(db, {
    name: 'Priya Shah',
    emails: ['priya.shah@kestrel.example'],
    phones: ['+44 113 496 0101'],
    notes: 'Priya prefers calls in the morning',
  });
  await buildAffiliation(db, {
    contactId: contact.id,
    partnerId: partner.id,
    role: 'Graduate recruitment manager',
  });
  contactUrl = `${h.url}/contacts/${contact.id}`;
  page = await h.newPage({ width: 1280, height: 900 });
});
afterAll(async () => {
  await h?.close();
});

const main = () => page.getByRole('main');
const shoot = (p: Page, name: string) => p.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });

describe('personal data', () => {
  it('records consent for a purpose and shows its history on the contact page', async () => {
    await signIn(page, h.url, 'dpo@northmoor.ac.uk', PASSWORD);
    await page.goto(contactUrl);
    await main().getByRole('heading', { name: 'Priya Shah', level: 2 }).waitFor();
    await main().getByText('No consent recorded yet.').waitFor();
    await main().getByRole('button', { name: 'Record consent for Events and invitations' }).click();
    const dialog = page.getByRole('dialog', { name: 'Record consent: Events and invitations' });
    await dialog.getByLabel('Decision').click();
    await page.getByRole('option', { name: 'Withdrawn' }).click();
    await dialog.getByLabel('Source').click();
    await page.getByRole('option', { name: 'E-mail' }).click();
    await dialog.getByLabel('Evidence').fill('Asked by e-mail to be left out of events');
    await checkScreen(page, 'pd01-record-consent');
    await dialog.getByRole('button', { name: 'Record' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const history = main().getByRole('region', { name: 'Consent history' });
    await history.getByText('Asked by e-mail to be left out of events', { exact: false }).waitFor();
    await expect.poll(() => history.textContent()).toContain('Withdrawn');
    await checkScreen(page, 'pd02-consent-history');
    await shoot(page, 'personal-data-contact-1280');
    expectCleanConsole(page, 'consent', [ROUTER_WARNING]);
  });

  it('exports everything held about the contact as PDF and JSON', async () => {
    await main().getByRole('button', { name: 'Export personal data' }).click();
    const [pdf] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('menuitem', { name: 'As a readable PDF' }).click(),
    ]);
    expect(
      readFileSync(await pdf.path())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
    await main().getByRole('button', { name: 'Export personal data' }).click();
    const [json] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('menuitem', { name: 'As JSON' }).click(),
    ]);
    const data = JSON.parse(readFileSync(await json.path(), 'utf8'));
    expect(data.contact).toMatchObject({ name: 'Priya Shah', emails: ['priya.shah@kestrel.example'] });
    expect(data.consents[0]).toMatchObject({ purpose: 'events', decision: 'withdrawn' });
    expect(data.affiliations[0]).toMatchObject({ partnerName: 'Kestrel Foods' });
    expectCleanConsole(page, 'export');
  });

  it('erases the contact only after the name is typed, keeping the partner’s record', async () => {
    await main().getByRole('button', { name: 'Erase', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: "Erase Priya Shah's personal data" });
    await dialog.getByText('This cannot be undone').waitFor();
    const confirm = dialog.getByRole('button', { name: 'Erase for ever' });
    expect(await confirm.isDisabled()).toBe(true);
    await dialog.getByLabel('Full name, to confirm').fill('Priya');
    expect(await confirm.isDisabled()).toBe(true);
    await dialog.getByLabel('Full name, to confirm').fill('Priya Shah');
    await checkScreen(page, 'pd03-erase-confirm');
    await shoot(page, 'personal-data-erase-1280');
    await confirm.click();
    await dialog.waitFor({ state: 'hidden' });
    await main().getByRole('heading', { name: 'Erased contact', level: 2 }).waitFor();
    await expect.poll(() => main().textContent()).not.toContain('priya.shah@kestrel.example');
    await expect.poll(() => main().textContent()).not.toContain('Priya');
    expect(await main().getByRole('button', { name: 'Erase', exact: true }).count()).toBe(0);
    // The affiliation stays, so the partner's counts are unchanged.
    await main().getByRole('link', { name: 'Kestrel Foods' }).waitFor();
    await checkScreen(page, 'pd04-erased');
    expectCleanConsole(page, 'erasure');
  });

  it('shows the retention rules with a dry run, and the records of processing', async () => {
    await page.getByRole('navigation').getByRole('link', { name: 'Retention rules' }).click();
    await main().getByRole('heading', { name: 'Retention rules', level: 2 }).waitFor();
    const card = main().locator('.mantine-Card-root').filter({ hasText: 'Touch-point notes' });
    await card.getByRole('button', { name: 'Dry run' }).click();
    await card.getByText('Dry run: nothing was changed').waitFor();
    await main().getByRole('region', { name: 'Retention runs' }).getByText('Dry run').waitFor();
    await checkScreen(page, 'pd05-retention');
    await shoot(page, 'personal-data-retention-1280');
    await page.getByRole('navigation').getByRole('link', { name: 'Records of processing' }).click();
    await main().getByRole('heading', { name: 'Records of processing' }).waitFor();
    await main()
      .getByRole('cell', { name: /Events and invitations/ })
      .waitFor();
    await checkScreen(page, 'pd06-processing');
    await shoot(page, 'personal-data-processing-1280');
    expectCleanConsole(page, 'retention and processing', [ROUTER_WARNING]);
  });

  it('fits a phone (375 px): the contact page, retention rules and records of processing', async () => {
    const phone = await h.newPage({ width: 375, height: 812 });
    await signIn(phone, h.url, 'dpo@northmoor.ac.uk', PASSWORD);
    const db = h.database.db;
    const other = await buildContact(db, { name: 'Tomasz Nowak', emails: ['t.nowak@kestrel.example'] });
    await buildAffiliation(db, { contactId: other.id, partnerId, role: 'Head of HR' });
    for (const [path, heading, loaded, name] of [
      [`/contacts/${other.id}`, 'Tomasz Nowak', 'No consent recorded yet.', 'personal-data-contact-375'],
      ['/personal-data/retention', 'Retention rules', 'Contacts with no link', 'personal-data-retention-375'],
      [
        '/personal-data/processing',
        'Records of processing',
        'Research collaboration',
        'personal-data-processing-375',
      ],
    ] as const) {
      await phone.goto(`${h.url}${path}`);
      await phone.getByRole('main').getByRole('heading', { name: heading, level: 2 }).waitFor();
      await phone.getByRole('main').getByText(loaded).first().waitFor();
      await checkScreen(phone, `pd-${name}`);
      await expectNoOverlap(phone, name);
      expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
      await shoot(phone, name);
    }
    expectCleanConsole(phone, 'phone', [ROUTER_WARNING]);
    await phone.context().close();
  });

  it('offers neither export nor erasure to staff without the ability, and refuses the pages', async () => {
    const staff = await h.newPage({ width: 1280, height: 900 });
    await signIn(staff, h.url, 'sam@northmoor.ac.uk', PASSWORD);
    await staff.goto(contactUrl);
    await staff.getByRole('main').getByRole('heading', { name: 'Erased contact', level: 2 }).waitFor();
    await staff.getByRole('main').getByRole('heading', { name: 'Consent', exact: true }).waitFor();
    expect(await staff.getByRole('button', { name: 'Export personal data' }).count()).toBe(0);
    expect(await staff.getByRole('navigation').getByRole('link', { name: 'Retention rules' }).count()).toBe(
      0,
    );
    await staff.goto(`${h.url}/personal-data/retention`);
    await staff.getByRole('heading', { name: 'For data protection' }).waitFor();
    await checkScreen(staff, 'pd07-refused');
    expectCleanConsole(staff, 'staff', [ROUTER_WARNING]);
    await staff.context().close();
  });
});
