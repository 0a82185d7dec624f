import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildPartner,
  buildRelationship,
  buildTouchpoint,
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
let h: Harness;
let page: Page;
let keptId: string;
let goneId: string;

/** The same building society entered twice by two units, each with its own links. */
beforeAll(async () => {
  h = await startHarness();
  const db = h.database.db;
  const careers = (await buildUnit(db, { name: 'Careers and Employability' })).id;
  const research = (await buildUnit(db, { name: 'Research Office' })).id;
  const admin = await buildUser(db, {
    email: 'ada@northmoor.ac.uk',
    name: 'Ada Steward',
    role: 'administrator',
    unitId: careers,
    password: PASSWORD,
  });
  keptId = (
    await buildPartner(db, {
      name: 'Ashdown Building Society',
      website: 'https://ashdown.example',
      city: 'Leeds',
    })
  ).id;
  goneId = (
    await buildPartner(db, {
      name: 'Ashdown Bldg Society',
      website: 'https://www.ashdown.example/',
      sector: 'Finance',
    })
  ).id;
  await buildRelationship(db, { unitId: research, partnerId: goneId });
  await buildTouchpoint(db, {
    partnerId: goneId,
    unitId: research,
    authorId: admin.id,
    subject: 'Knowledge transfer partnership call',
  });
  await buildPartner(db, { name: 'Brampton Engineering Ltd', website: 'https://brampton-eng.example' });
  await buildPartner(db, { name: 'Brampton Engineering Limited', website: 'https://brampton-eng.example' });
  page = await h.newPage({ width: 1280, height: 900 });
  await signIn(page, h.url, 'ada@northmoor.ac.uk', PASSWORD);
});
afterAll(async () => {
  await h?.close();
});

const main = () => page.getByRole('main');

describe('duplicates, merge and unmerge', () => {
  it('finds the pair, merges it field by field, shows the links on the survivor, and unmerges', async () => {
    await page.goto(`${h.url}/duplicates`);
    await main().getByRole('heading', { name: 'Duplicates', level: 2 }).waitFor();
    const compare = main().getByRole('link', {
      name: 'Compare and merge Ashdown Building Society and Ashdown Bldg Society',
    });
    await compare.waitFor();
    await expect.poll(() => main().textContent()).toContain('Same web or e-mail domain: ashdown.example');
    expect(await page.title()).toBe('Duplicates · Rapport');
    await checkScreen(page, 'm01-duplicates');

    await compare.click();
    await main().getByRole('heading', { name: 'Merge partners', level: 2 }).waitFor();
    const moves = main().getByRole('region', { name: 'What moves to Ashdown Building Society' });
    await expect.poll(() => moves.textContent()).toContain('Touch points: 1');
    await expect.poll(() => moves.textContent()).toContain('Relationships: 1');
    // The sector only the other record has survives when chosen.
    await main()
      .getByRole('radiogroup', { name: 'Sector' })
      .getByLabel('Finance — from Ashdown Bldg Society')
      .check();
    await checkScreen(page, 'm02-merge');
    await main().getByRole('button', { name: 'Merge into Ashdown Building Society' }).click();

    await page.waitForURL(`**/partners/${keptId}`);
    await main().getByRole('heading', { name: 'Ashdown Building Society', level: 2 }).waitFor();
    await main().getByText('Knowledge transfer partnership call').first().waitFor();
    await expect.poll(() => main().textContent()).toContain('Research Office');
    await expect.poll(() => main().textContent()).toContain('Finance');
    await main().getByRole('tab', { name: 'History' }).click();
    const merges = main().getByRole('region', { name: 'Merges' });
    await merges.getByText('Ashdown Bldg Society merged into this partner by Ada Steward').waitFor();
    await checkScreen(page, 'm03-merged');

    await merges.getByRole('button', { name: 'Unmerge' }).click();
    await page.getByText('Ashdown Bldg Society is back, with its links').waitFor();
    await page.goto(`${h.url}/partners/${goneId}`);
    await main().getByRole('heading', { name: 'Ashdown Bldg Society', level: 2 }).waitFor();
    await main().getByText('Knowledge transfer partnership call').first().waitFor();
    expectCleanConsole(page, 'merge journey');
  });

  it('says a pair is not a duplicate, lists it as set aside, and proposes it again', async () => {
    await page.goto(`${h.url}/duplicates`);
    const likely = main().getByRole('region', { name: 'Likely duplicate partners' });
    const setAside = main().getByRole('region', { name: 'Pairs of partners set aside' });
    const notDuplicate = likely.getByRole('button', { name: /^Not a duplicate: Brampton Engineering/ });
    await notDuplicate.waitFor();
    await checkScreen(page, 'm07-before-dismissal');
    await notDuplicate.click();
    await page.getByText(/will not be proposed again$/).waitFor();
    await expect.poll(() => notDuplicate.count()).toBe(0);
    const again = setAside.getByRole('button', { name: /^Propose again: Brampton Engineering/ });
    await again.waitFor();
    expect(await setAside.textContent()).toContain('by Ada Steward');
    await checkScreen(page, 'm08-set-aside');
    const phone = await h.newPage({ width: 390, height: 844 });
    try {
      await signIn(phone, h.url, 'ada@northmoor.ac.uk', PASSWORD);
      await phone.goto(`${h.url}/duplicates`);
      await phone.getByRole('button', { name: /^Propose again: Brampton Engineering/ }).waitFor();
      await expectNoOverlap(phone, 'pairs set aside at 390 px');
      await checkScreen(phone, 'm09-set-aside-390');
      expectCleanConsole(phone, 'pairs set aside at 390 px');
    } finally {
      await phone.close();
    }
    await again.click();
    await page.getByText(/are proposed again$/).waitFor();
    await notDuplicate.waitFor();
    await expect.poll(() => again.count()).toBe(0);
    await setAside.getByText('No pair of partners has been set aside.').waitFor();
    expectCleanConsole(page, 'dismissal and undo');
  });

  it('warns while a partner is created that it may exist already, and saving stays possible', async () => {
    await page.goto(`${h.url}/partners`);
    await main().getByRole('button', { name: 'New partner' }).click();
    const dialog = page.getByRole('dialog', { name: 'New partner' });
    await dialog.getByLabel('Name').fill('Ashdown Building Soc');
    const warning = dialog.getByRole('status').filter({ hasText: 'This partner may already be in Rapport' });
    await warning.waitFor();
    await expect.poll(() => warning.textContent()).toContain('Ashdown Building Society already exists');
    await checkScreen(page, 'm04-partner-warning');
    await expect.poll(() => dialog.getByRole('button', { name: 'Save partner' }).isEnabled()).toBe(true);
    await warning.getByRole('link', { name: 'Ashdown Building Society' }).click();
    await main().getByRole('heading', { name: 'Ashdown Building Society', level: 2 }).waitFor();
    expectCleanConsole(page, 'partner warning');
  });

  it('works at phone width', async () => {
    const phone = await h.newPage({ width: 375, height: 800 });
    try {
      await signIn(phone, h.url, 'ada@northmoor.ac.uk', PASSWORD);
      await phone.goto(`${h.url}/duplicates`);
      const compare = phone.getByRole('link', { name: /^Compare and merge Ashdown/ });
      await compare.waitFor();
      await checkScreen(phone, 'm05-duplicates-phone');
      await expectNoOverlap(phone, 'duplicates at 375 px');
      await compare.click();
      await phone.getByRole('region', { name: 'What moves to Ashdown Building Society' }).waitFor();
      await checkScreen(phone, 'm06-merge-phone');
      await expectNoOverlap(phone, 'merge at 375 px');
      expectCleanConsole(phone, 'phone');
    } finally {
      await phone.close();
    }
  });
});
