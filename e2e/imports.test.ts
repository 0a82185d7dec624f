import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
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
const EMAIL = 'ifan@northmoor.ac.uk';
let h: Harness;
let page: Page;

/** The router's warning on a deep link into a lazily loaded screen: the app's own, not this screen's. */
const ROUTER_WARNING = /No `HydrateFallback` element/;

/** A unit's contact sheet as people keep them: a notes sheet first, odd headings, mixed dates, a repeat. */
async function messyWorkbook() {
  const workbook = new ExcelJS.Workbook();
  workbook.addWorksheet('About').addRow(['Careers contacts, kept by Ifan']);
  const sheet = workbook.addWorksheet('Contacts 2026');
  sheet.addRow(['Full name', 'E-mail address', 'Company', 'Job', 'Consent given']);
  sheet.addRow([
    'Amira Shah',
    'amira.shah@kestrel.example',
    'Kestrel Foods',
    'Placement officer',
    '2026-03-01',
  ]);
  sheet.addRow(['Ben Owusu', 'ben.owusu@kestrel.example', 'kestrel.example', 'Head of HR', '01/03/2026']);
  sheet.addRow(['Carys Evans', 'AMIRA.SHAH@kestrel.example', 'Kestrel Foods', null, new Date('2026-03-01')]);
  sheet.addRow(['Dev Patel', 'dev@nowhere.example', 'Nowhere Holdings', null, '03/25/2026']);
  sheet.addRow(['Amira Shah', 'a.shah@kestrel.example', 'Kestrel Foods', 'Placements', '1 March 2026']);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

beforeAll(async () => {
  h = await startHarness();
  const db = h.database.db;
  const unit = await buildUnit(db, { name: 'Careers and Employability' });
  await buildUser(db, {
    email: EMAIL,
    name: 'Ifan Morgan',
    role: 'staff',
    unitId: unit.id,
    password: PASSWORD,
  });
  const kestrel = await buildPartner(db, { name: 'Kestrel Foods', website: 'https://www.kestrel.example' });
  const ben = await buildContact(db, { name: 'Benjamin Owusu', emails: ['ben.owusu@kestrel.example'] });
  await buildAffiliation(db, { contactId: ben.id, partnerId: kestrel.id, role: 'Head of HR' });
  page = await h.newPage({ width: 1280, height: 900 });
});
afterAll(async () => {
  await h?.close();
});

/** A screen at 375 px, in a page of its own: nothing overlaps, and it passes the accessibility checks. */
async function checkPhone(url: string, heading: string, screenshot: string, what: string) {
  const phone = await h.newPage({ width: 375, height: 812 });
  await signIn(phone, h.url, EMAIL, PASSWORD);
  await phone.goto(url);
  await phone.getByRole('heading', { name: heading }).waitFor();
  await expectNoOverlap(phone, `${what} at 375 px`);
  await checkScreen(phone, screenshot);
  expectCleanConsole(phone, `${what} at 375 px`, [ROUTER_WARNING]);
  await phone.close();
}

describe('the import wizard in the browser', () => {
  it('refuses a file that is not a spreadsheet, in words naming it', async () => {
    await signIn(page, h.url, EMAIL, PASSWORD);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Import' }).click();
    await page.getByRole('heading', { name: 'Import a spreadsheet' }).waitFor();
    expect(await page.title()).toBe('Import a spreadsheet · Rapport');
    await checkScreen(page, 'imp01-upload');
    await page.locator('input[type=file]').setInputFiles({
      name: 'contacts.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('%PDF-1.4\n1 0 obj\n<< >>\nendobj\n%%EOF\n'),
    });
    await page.getByRole('button', { name: 'Upload and read it' }).click();
    await page
      .getByRole('alert')
      .getByText('"contacts.csv" is not a CSV or XLSX file: its content is PDF, whatever its name says')
      .waitFor();
    await checkScreen(page, 'imp02-refused');
    expectCleanConsole(page, 'refused upload', [/status of 400/]);
  });

  it('reads a messy workbook, chooses its sheet, maps the columns and previews every problem', async () => {
    await page.getByLabel('Contacts and their affiliations').check();
    await page.locator('input[type=file]').setInputFiles({
      name: 'careers contacts.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: await messyWorkbook(),
    });
    await page.getByRole('button', { name: 'Upload and read it' }).click();
    await page.getByRole('heading', { name: 'Import careers contacts.xlsx' }).waitFor();
    await expect.poll(() => page.title()).toBe('careers contacts.xlsx · Import · Rapport');
    // The notes sheet has no rows under its heading: the contacts sheet is read.
    await page.getByText('5 rows under 5 headings, from the sheet “Contacts 2026”.').waitFor();
    const columnFor = (field: string) =>
      page.getByRole('combobox', { name: `Column for ${field}`, exact: true });
    expect(await columnFor('Contact name').inputValue()).toBe('Full name');
    expect(await columnFor('E-mail').inputValue()).toBe('E-mail address');
    expect(await columnFor('Partner').inputValue()).toBe('Company');
    expect(await columnFor('Consent recorded on').inputValue()).toBe('Not imported');
    await checkScreen(page, 'imp03-mapping');

    // "Consent given" has no synonym: chosen by hand.
    await columnFor('Consent recorded on').click();
    await page.getByRole('option', { name: 'Consent given' }).click();
    expect(await columnFor('Job title').inputValue()).toBe('Job');
    await page.getByLabel('Save this mapping as').fill('Careers contact sheet');
    await page.getByRole('button', { name: 'Save mapping' }).click();
    await page.getByRole('status').getByText('Saved as “Careers contact sheet”.').waitFor();

    await page.getByRole('button', { name: 'Check the rows' }).click();
    await page.getByText('5 rows checked: 2 with problems (3 in all).').waitFor();
    const stored = page.getByRole('region', { name: 'The first rows as they will be stored' });
    await expect.poll(() => stored.getByRole('row').nth(2).textContent()).toContain('Ben Owusu');
    expect(await stored.getByRole('row').nth(2).textContent()).toContain('Kestrel Foods');
    expect(await stored.getByRole('row').nth(2).textContent()).toContain('2026-03-01');
    const problems = page.getByRole('region', { name: 'Problems by row and column' });
    const text = (await problems.textContent()) ?? '';
    expect(text).toContain('repeats amira.shah@kestrel.example, already in row 2');
    expect(text).toContain('matches no partner in Rapport: "Nowhere Holdings"');
    expect(text).toContain('is not a date: write it as 2026-03-25, 25/03/2026 or 25 March 2026');
    await checkScreen(page, 'imp04-preview');
    expectCleanConsole(page, 'the wizard', [ROUTER_WARNING]);
  });

  it('resolves two duplicates: one against Rapport, one against a row above', async () => {
    await page.getByRole('heading', { name: 'Possible duplicates (2)' }).waitFor();
    const ben = page.getByRole('region', { name: 'Row 3: Ben Owusu' });
    expect(await ben.textContent()).toContain('Benjamin Owusu, in Rapport: same e-mail');
    await ben.getByText('Update', { exact: true }).click();
    await ben.getByLabel('Fields taken from the file').waitFor();
    const amira = page.getByRole('region', { name: 'Row 6: Amira Shah' });
    expect(await amira.textContent()).toContain(
      'Amira Shah, row 2 of this file: same name at the same partner',
    );
    // A row with a match and no choice is skipped: shown so until chosen otherwise.
    expect(await amira.getByRole('radio', { name: 'Skip' }).isChecked()).toBe(true);
    await amira.getByText('Create', { exact: true }).click();
    const id = new URL(page.url()).pathname.split('/').pop();
    await expect
      .poll(async () =>
        page.evaluate(
          async (path) => (await (await fetch(path)).json()).choices.rows,
          `/api/v1/imports/${id}`,
        ),
      )
      .toEqual({ '3': { action: 'update' }, '6': { action: 'create' } });
    await checkScreen(page, 'imp07-duplicates');
    expectCleanConsole(page, 'duplicates', [ROUTER_WARNING]);
  });

  it('refuses to check the rows while a required field is unmapped', async () => {
    await page.getByRole('combobox', { name: 'Column for Contact name' }).click();
    await page.getByRole('option', { name: 'Not imported' }).click();
    await page.getByText('Choose the column for Contact name: it is required.').waitFor();
    expect(await page.getByRole('button', { name: 'Check the rows' }).isDisabled()).toBe(true);
  });

  it('runs the import, shows its progress (also after a reload) and downloads the report', async () => {
    const mappingUrl = page.url();
    await page.getByRole('combobox', { name: 'Column for Contact name' }).click();
    await page.getByRole('option', { name: 'Full name' }).click();
    await page.getByRole('button', { name: 'Check the rows' }).click();
    await page.getByText('5 rows checked: 2 with problems (3 in all).').waitFor();
    // The phone's look at the mapping comes before the run (afterwards the page shows the run).
    await checkPhone(mappingUrl, 'Import careers contacts.xlsx', 'imp05-mapping-375', 'import mapping');
    await page.getByRole('button', { name: 'Run the import' }).click();
    const run = page.getByRole('region', { name: 'Import run' });
    await run.waitFor();
    await checkScreen(page, 'imp08-run');
    await run.getByText('5 of 5 rows done', { exact: false }).waitFor({ timeout: 60_000 });
    await run.getByText('Finished', { exact: true }).waitFor();
    const counts = run.getByRole('group', { name: 'What happened to the rows' });
    expect(await counts.textContent()).toBe('Created: 2Updated: 1Skipped: 0Failed: 2');
    expect(await page.getByRole('progressbar', { name: 'Rows done' }).getAttribute('aria-valuenow')).toBe(
      '100',
    );
    await page.reload();
    await run.getByText('5 of 5 rows done', { exact: false }).waitFor();
    await run.getByRole('button', { name: 'Undo this import' }).waitFor();
    await checkScreen(page, 'imp09-run-finished');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      run.getByRole('link', { name: 'Download the report (CSV)' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^careers-contacts-import-report-\d{4}-\d{2}-\d{2}\.csv$/);
    const report = readFileSync(await download.path(), 'utf8');
    expect(report.split(/\r?\n/)[0]).toBe('\uFEFFRow,What happened,Name,Why,Rapport id');
    expect(report).toContain(
      '3,Updated,Ben Owusu,"changed name, jobTitle, consentStatus, consentRecordedOn"',
    );
    expect(report).toContain('6,Created,Amira Shah,"created as chosen, although it looks like row 2');
    expect(report).toContain('4,Failed,Carys Evans,"E-mail address repeats amira.shah@kestrel.example');
    await checkPhone(page.url(), 'Import careers contacts.xlsx', 'imp10-run-375', 'import run');
    expectCleanConsole(page, 'the run', [ROUTER_WARNING]);
  });

  it('fits a phone: the upload at 375 px', async () => {
    const phone = await h.newPage({ width: 375, height: 812 });
    await signIn(phone, h.url, EMAIL, PASSWORD);
    await phone.goto(`${h.url}/imports`);
    await phone.getByRole('heading', { name: 'Import a spreadsheet' }).waitFor();
    await expectNoOverlap(phone, 'import upload at 375 px');
    await checkScreen(phone, 'imp06-upload-375');
    expectCleanConsole(phone, 'import at 375 px', [ROUTER_WARNING]);
    await phone.close();
  });
});
