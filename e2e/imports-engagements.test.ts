import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
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
  signIn,
  startHarness,
} from './harness.ts';

/**
 * The wizard for a unit's relationships sheet (at desktop width) and its log of touch points
 * (at phone width): upload, the mapping proposed, the problems by row and column, a duplicate
 * resolved, the run and its counts.
 */
const PASSWORD = 'correct horse battery staple';
const EMAIL = 'nia@northmoor.ac.uk';
let h: Harness;
let page: Page;
const ROUTER_WARNING = /No `HydrateFallback` element/;

beforeAll(async () => {
  h = await startHarness();
  const db = h.database.db;
  const unit = await buildUnit(db, { name: 'Business Engagement', code: 'BE' });
  await buildUser(db, {
    email: EMAIL,
    name: 'Nia Davies',
    role: 'relationship_manager',
    unitId: unit.id,
    password: PASSWORD,
  });
  await buildUser(db, { email: 'tom.reed@northmoor.ac.uk', name: 'Tom Reed', unitId: unit.id });
  const osprey = await buildPartner(db, { name: 'Osprey Logistics', website: 'https://www.osprey.example' });
  await buildPartner(db, { name: 'Pelham Hospital Trust' });
  await buildRelationship(db, { unitId: unit.id, partnerId: osprey.id, stage: 'developing' });
  await buildContact(db, { name: 'Rosa Quinn', emails: ['rosa.quinn@osprey.example'] });
  page = await h.newPage({ width: 1280, height: 900 });
});
afterAll(async () => {
  await h?.close();
});

async function upload(target: Page, kind: string, fileName: string, csv: string) {
  await target.goto(`${h.url}/imports`);
  await target.getByRole('heading', { name: 'Import a spreadsheet' }).waitFor();
  await target.getByLabel(kind).check();
  await target.locator('input[type=file]').setInputFiles({
    name: fileName,
    mimeType: 'text/csv',
    buffer: Buffer.from(csv),
  });
  await target.getByRole('button', { name: 'Upload and read it' }).click();
  await target.getByRole('heading', { name: `Import ${fileName}` }).waitFor();
}

describe('relationships and touch points through the wizard', () => {
  it('imports a relationships sheet: mapping, problems, the duplicate updated, the run', async () => {
    await signIn(page, h.url, EMAIL, PASSWORD);
    await upload(
      page,
      'Relationships (unit, partner, relationship manager)',
      'relationships.csv',
      [
        'Department,Company,Owner,Stage,Review',
        'BE,Osprey Logistics,tom.reed@northmoor.ac.uk,Strategic,01/09/2027',
        'Business Engagement,Pelham Hospital Trust,tom.reed@northmoor.ac.uk,Developing,1 October 2027',
        'Business Engagement,Quarry Homes,nobody@northmoor.ac.uk,Sometime,',
      ].join('\n'),
    );
    const columnFor = (field: string) =>
      page.getByRole('combobox', { name: `Column for ${field}`, exact: true });
    expect(await columnFor('Unit').inputValue()).toBe('Department');
    expect(await columnFor('Partner').inputValue()).toBe('Company');
    expect(await columnFor('Relationship manager').inputValue()).toBe('Owner');
    expect(await columnFor('Review date').inputValue()).toBe('Review');
    await checkScreen(page, 'impr01-mapping');

    await page.getByRole('button', { name: 'Check the rows' }).click();
    await page.getByText('3 rows checked: 1 with problems (3 in all).').waitFor();
    const problems =
      (await page.getByRole('region', { name: 'Problems by row and column' }).textContent()) ?? '';
    expect(problems).toContain('matches no partner in Rapport: "Quarry Homes"');
    expect(problems).toContain('nobody in Rapport has the e-mail address nobody@northmoor.ac.uk');
    expect(problems).toContain('is not a stage');
    const duplicate = page.getByRole('region', { name: 'Row 2: Osprey Logistics and Business Engagement' });
    expect(await duplicate.textContent()).toContain(
      'Osprey Logistics and Business Engagement, in Rapport: same unit and partner',
    );
    await duplicate.getByText('Update', { exact: true }).click();
    await duplicate.getByLabel('Fields taken from the file').waitFor();
    await checkScreen(page, 'impr02-preview');

    await page.getByRole('button', { name: 'Run the import' }).click();
    const run = page.getByRole('region', { name: 'Import run' });
    await run.getByText('Finished', { exact: true }).waitFor({ timeout: 60_000 });
    expect(await run.getByRole('group', { name: 'What happened to the rows' }).textContent()).toBe(
      'Created: 1Updated: 1Skipped: 0Failed: 1',
    );
    await checkScreen(page, 'impr03-run');
    expectCleanConsole(page, 'relationship import', [ROUTER_WARNING]);
  });

  it('imports a log of touch points at phone width, naming the participants it did not find', async () => {
    const phone = await h.newPage({ width: 390, height: 844 });
    await signIn(phone, h.url, EMAIL, PASSWORD);
    await upload(
      phone,
      'Touch points',
      'meetings.csv',
      [
        'Organisation,Date,Type,Subject,Attendees',
        'Osprey Logistics,2026-03-10 14:30,Meeting,Placement review,"rosa.quinn@osprey.example, someone@else.example"',
        'Osprey Logistics,10/03/2026,Call,Placement review,',
        'Pelham Hospital Trust,sometime in May,Visit,Ward tour,',
      ].join('\n'),
    );
    expect(
      await phone.getByRole('combobox', { name: 'Column for Participants', exact: true }).inputValue(),
    ).toBe('Attendees');
    await phone.getByRole('button', { name: 'Check the rows' }).click();
    await phone.getByText('3 rows checked: 1 with problems (1 in all).').waitFor();
    await expectNoOverlap(phone, 'touch-point preview at 390 px');
    await checkScreen(phone, 'impr04-touchpoints-390');
    const duplicate = phone.getByRole('region', { name: 'Row 3: Placement review' });
    expect(await duplicate.textContent()).toContain(
      'Placement review, row 2 of this file: same partner, day and subject',
    );
    // A touch point already logged is not changed by an import: create or skip only.
    expect(await duplicate.getByRole('radio').count()).toBe(2);
    await duplicate.getByText('Create', { exact: true }).click();
    await expect
      .poll(async () => {
        const id = new URL(phone.url()).pathname.split('/').pop();
        return phone.evaluate(
          async (path) => (await (await fetch(path)).json()).choices.rows,
          `/api/v1/imports/${id}`,
        );
      })
      .toEqual({ '3': { action: 'create' } });
    await phone.getByRole('button', { name: 'Run the import' }).click();
    const run = phone.getByRole('region', { name: 'Import run' });
    await run.getByText('Finished', { exact: true }).waitFor({ timeout: 60_000 });
    expect(await run.getByRole('group', { name: 'What happened to the rows' }).textContent()).toBe(
      'Created: 2Updated: 0Skipped: 0Failed: 1',
    );
    const id = new URL(phone.url()).pathname.split('/').pop();
    const report = await phone.evaluate(
      async (path) => (await fetch(path)).text(),
      `/api/v1/imports/${id}/report`,
    );
    expect(report).toContain(
      'created without the participant someone@else.example: no contact or member of staff has that address',
    );
    await expectNoOverlap(phone, 'touch-point run at 390 px');
    await checkScreen(phone, 'impr05-run-390');
    expectCleanConsole(phone, 'touch-point import at 390 px', [ROUTER_WARNING]);
    await phone.close();
  });
});
