import { mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import Papa from 'papaparse';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildAffiliation,
  buildContact,
  buildPartner,
  buildRelationship,
  buildUnit,
  buildUser,
} from '../server/src/test/factories/index.ts';
import { checkScreen, expectCleanConsole, type Harness, signIn, startHarness } from './harness.ts';

const PASSWORD = 'correct horse battery staple';
/** Screenshots to look at, outside the repository. */
const SHOTS = '/tmp/partner-contacts-shots';
let h: Harness;
let page: Page;
const ids = { group: '', site: '', other: '', priya: '' };

/** A company group with one site, a person at the group, and a second partner with nobody yet. */
beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  h = await startHarness();
  const db = h.database.db;
  const unit = (await buildUnit(db, { name: 'Careers and Employability' })).id;
  await buildUser(db, {
    email: 'petra@northmoor.ac.uk',
    name: 'Petra Partnerships',
    role: 'staff',
    unitId: unit,
    password: PASSWORD,
  });
  ids.group = (await buildPartner(db, { name: 'Aldwych Group' })).id;
  ids.site = (
    await buildPartner(db, {
      name: 'Aldwych Engineering Leeds',
      parentId: ids.group,
      website: 'https://leeds.aldwych.example',
      sector: 'Civil engineering',
      addressLine: '12 Wellington Street',
      city: 'Leeds',
      postcode: 'LS1 4DL',
      country: 'United Kingdom',
      tags: ['placements', 'ktp'],
    })
  ).id;
  ids.other = (await buildPartner(db, { name: 'Harrow Robotics' })).id;
  await buildRelationship(db, {
    unitId: unit,
    partnerId: ids.site,
    objectives: 'Twelve summer placements a year',
    reviewDate: '2027-03-31',
  });
  const priya = await buildContact(db, {
    name: 'Priya Natarajan',
    emails: ['priya.natarajan@aldwych.example'],
    jobTitle: 'Early careers manager',
  });
  ids.priya = priya.id;
  await buildAffiliation(db, {
    contactId: priya.id,
    partnerId: ids.group,
    role: 'Graduate recruitment manager',
  });
  page = await h.newPage({ width: 1280, height: 900 });
  await signIn(page, h.url, 'petra@northmoor.ac.uk', PASSWORD);
});
afterAll(async () => {
  await h?.close();
});

/** A tab of the partner page. */
const tab = (name: string) => page.getByRole('main').getByRole('tab', { name });
const shot = (p: Page, name: string) => p.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });

describe('the partner page, the contacts directory and History', () => {
  it("shows the partner's own details, its group and the group's sites", async () => {
    await page.goto(`${h.url}/partners/${ids.site}`);
    const details = page.getByRole('region', { name: 'Details' });
    await details.waitFor();
    await expect
      .poll(() => details.getByRole('link', { name: 'leeds.aldwych.example' }).getAttribute('href'))
      .toBe('https://leeds.aldwych.example');
    await details.getByText('12 Wellington Street, Leeds, LS1 4DL, United Kingdom').waitFor();
    await details.getByText('Civil engineering').waitFor();
    await details.getByText('ktp').waitFor();
    // Each relationship's objectives and review date, and its own history, on the Relationships tab.
    await tab('Relationships').click();
    await page.getByText('Objectives: Twelve summer placements a year').waitFor();
    await page.getByText('Review: 31 Mar 2027').waitFor();
    await shot(page, 'partner-site-1280');
    await page.getByRole('button', { name: 'History of the Careers and Employability relationship' }).click();
    const relationshipHistory = page.getByRole('dialog', {
      name: 'History of the Careers and Employability relationship',
    });
    await relationshipHistory.getByText('No changes recorded.').waitFor();
    await page.keyboard.press('Escape');
    await relationshipHistory.waitFor({ state: 'hidden' });
    await tab('Overview').click();
    await details.getByRole('link', { name: 'Aldwych Group' }).click();
    await page.getByRole('heading', { name: 'Aldwych Group', level: 2 }).waitFor();
    await page
      .getByRole('region', { name: 'Details' })
      .getByRole('link', { name: 'Aldwych Engineering Leeds' })
      .waitFor();
    await checkScreen(page, 'pc01-partner-details');
    await shot(page, 'partner-1280');
    expectCleanConsole(page, 'partner details');
  });

  it('sets the group of a partner with the picker', async () => {
    await page.goto(`${h.url}/partners/${ids.other}`);
    await page.getByRole('button', { name: 'Set group' }).click();
    const dialog = page.getByRole('dialog', { name: 'Group of Harrow Robotics' });
    await dialog.getByRole('combobox', { name: 'Group' }).fill('Aldwych Gr');
    await page.getByRole('option', { name: 'Aldwych Group' }).click();
    await dialog.getByRole('button', { name: 'Save group' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page
      .getByRole('region', { name: 'Details' })
      .getByRole('link', { name: 'Aldwych Group' })
      .waitFor();
  });

  it('warns of a similar person while adding a contact, and links the existing one instead', async () => {
    await tab('People').click();
    await page.getByRole('button', { name: 'Add a contact' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add a contact' });
    await dialog.getByLabel('Full name').fill('Priya Natarajen');
    const warning = dialog.getByRole('status').filter({ hasText: 'This person may already be in Rapport' });
    await warning.getByText('similar name · Graduate recruitment manager, Aldwych Group').waitFor();
    await checkScreen(page, 'pc02-duplicate-warning');
    await shot(page, 'duplicate-warning-1280');
    await warning.getByRole('button', { name: 'Link Priya' }).click();
    await expect
      .poll(() => dialog.getByRole('combobox', { name: /^Person/ }).inputValue())
      .toBe('Priya Natarajan');
    await dialog.getByLabel('Role with this partner').fill('Robotics placements manager');
    await dialog.getByLabel('Key contact').check();
    await dialog.getByRole('button', { name: 'Link contact' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByRole('link', { name: 'Priya Natarajan' }).waitFor();
    await page.getByText('Robotics placements manager').waitFor();
    // Linked, not copied: still one Priya, now at both partners.
    const found = await page.evaluate(async () => (await fetch('/api/v1/contacts?q=Natarajan')).json());
    expect(found.items).toHaveLength(1);
    expect(found.items[0].affiliations.map((a: { partnerName: string }) => a.partnerName)).toEqual([
      'Aldwych Group',
      'Harrow Robotics',
    ]);
  });

  it('adds a new person and their role in one step', async () => {
    await page.getByRole('button', { name: 'Add a contact' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add a contact' });
    await dialog.getByLabel('Full name').fill('Tomasz Wierzbicki');
    await dialog.getByLabel('E-mail address').fill('tomasz@harrow.example');
    await dialog.getByLabel('Role with this partner').fill('Head of R&D');
    await dialog.getByRole('button', { name: 'Add contact' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByRole('link', { name: 'Tomasz Wierzbicki' }).waitFor();
  });

  it('shows an edit of the partner in its History panel, in words', async () => {
    await page.getByRole('button', { name: 'Edit partner' }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit Harrow Robotics' });
    await dialog.getByRole('combobox', { name: 'Status' }).click();
    await page.getByRole('option', { name: 'Dormant' }).click();
    await dialog.getByLabel('Sector').fill('Robotics');
    await dialog.getByRole('button', { name: 'Save partner' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await tab('History').click();
    const history = page.getByRole('region', { name: 'History' });
    await history.getByText('Status: Active → Dormant').waitFor();
    await history.getByText('Sector: none → Robotics').waitFor();
    await history.getByText('Part of: none → Aldwych Group').waitFor();
    await history.getByText('Changed by Petra Partnerships').first().waitFor();
    await checkScreen(page, 'pc03-history');
    expectCleanConsole(page, 'partner history');
  });

  it('edits a contact’s notes, and their History says so', async () => {
    await page.goto(`${h.url}/contacts/${ids.priya}`);
    await page.getByRole('button', { name: 'Edit contact' }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit Priya Natarajan' });
    await dialog.getByLabel('Notes').fill('Prefers a call on Tuesdays.');
    await dialog.getByRole('button', { name: 'Save contact' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByText('Prefers a call on Tuesdays.', { exact: true }).waitFor();
    await page
      .getByRole('region', { name: 'History' })
      .getByText('Notes: none → Prefers a call on Tuesdays.')
      .waitFor();
    await checkScreen(page, 'pc04-contact');
    await shot(page, 'contact-1280');
  });

  it('filters the contacts directory and exports what it shows', async () => {
    await page.goto(`${h.url}/contacts`);
    await page.getByRole('heading', { name: 'Contacts', level: 2 }).waitFor();
    await page.getByText('2 contacts').waitFor();
    await page.getByRole('textbox', { name: 'Role' }).fill('robotics');
    await expect.poll(() => new URL(page.url()).searchParams.get('role')).toBe('robotics');
    await page.getByText('1 contact', { exact: true }).waitFor();
    const list = page.getByRole('region', { name: 'Contact list' });
    await list.getByRole('link', { name: 'Priya Natarajan' }).waitFor();
    await checkScreen(page, 'pc05-contacts');
    await shot(page, 'contacts-1280');
    await page.getByRole('button', { name: 'Export' }).click();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('menuitem', { name: 'CSV (.csv)' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^contacts-\d{4}-\d{2}-\d{2}\.csv$/);
    const text = (await readFile((await download.path())!, 'utf8')).replace(/^\uFEFF/, '');
    const rows = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true }).data;
    expect(rows.map((r) => r.Name)).toEqual(['Priya Natarajan']);
    expectCleanConsole(page, 'contacts directory');
  });

  it('fits a phone (390 px)', async () => {
    const phone = await h.newPage({ width: 390, height: 844 });
    await signIn(phone, h.url, 'petra@northmoor.ac.uk', PASSWORD);
    for (const [name, path] of [
      ['partner', `/partners/${ids.other}/history`],
      ['contacts', '/contacts?role=robotics'],
      ['contact', `/contacts/${ids.priya}`],
    ] as const) {
      await phone.goto(`${h.url}${path}`);
      await phone.getByRole('region', { name: name === 'contacts' ? 'Contact list' : 'History' }).waitFor();
      // Several parts of a page may be loading at once: wait until none is.
      await expect.poll(() => phone.getByText(/Loading/).count(), { timeout: 20_000 }).toBe(0);
      const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, `${name} scrolls sideways`).toBeLessThanOrEqual(0);
      await checkScreen(phone, `pc06-${name}-390`);
      await shot(phone, `${name}-390`);
    }
    await phone.close();
  });
});
