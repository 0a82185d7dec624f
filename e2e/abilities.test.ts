import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPartner, buildRelationship, buildUnit, buildUser } from '../server/src/test/factories/index.ts';
import { checkScreen, type Harness, signIn, startHarness } from './harness.ts';

/** The web app offers only the actions the caller may take, as the server's abilities say. */
const PASSWORD = 'correct horse battery staple';
let h: Harness;
let page: Page;
let partnerId: string;

beforeAll(async () => {
  h = await startHarness();
  const db = h.database.db;
  const it = await buildUnit(db, { name: 'IT Services', kind: 'service' });
  const careers = await buildUnit(db, { name: 'Careers Service', kind: 'service' });
  const manager = await buildUser(db, {
    email: 'rm@northmoor.ac.uk',
    name: 'Rosa Manager',
    role: 'relationship_manager',
    unitId: it.id,
    password: PASSWORD,
  });
  await buildUser(db, { email: 'viewer@northmoor.ac.uk', role: 'viewer', unitId: it.id, password: PASSWORD });
  partnerId = (await buildPartner(db, { name: 'Harrow Engineering' })).id;
  await buildRelationship(db, { unitId: it.id, partnerId, managerId: manager.id });
  await buildRelationship(db, { unitId: careers.id, partnerId });
});
afterAll(async () => {
  await h?.close();
});

describe('only the actions the caller may take', () => {
  it("offers a relationship manager Change on their own unit's relationship only", async () => {
    page = await h.newPage({ width: 1280, height: 900 });
    await signIn(page, h.url, 'rm@northmoor.ac.uk', PASSWORD);
    await page.goto(`${h.url}/partners/${partnerId}`);
    await page.getByRole('heading', { name: 'Harrow Engineering' }).waitFor();
    await page.getByRole('main').getByRole('tab', { name: 'Relationships' }).click();
    await page.getByRole('button', { name: 'Change the IT Services relationship' }).waitFor();
    expect(await page.getByRole('button', { name: 'Change the Careers Service relationship' }).count()).toBe(
      0,
    );
    await checkScreen(page, 'abilities-partner');
    await page.close();
  });

  it('tells a viewer that an administration page is not theirs, with nothing to press', async () => {
    page = await h.newPage({ width: 375, height: 800 });
    await signIn(page, h.url, 'viewer@northmoor.ac.uk', PASSWORD);
    await page.goto(`${h.url}/admin/units`);
    await page.getByRole('heading', { name: 'For administrators' }).waitFor();
    expect(await page.getByRole('button', { name: 'Add a unit' }).count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Units' }).count()).toBe(0);
    await checkScreen(page, 'abilities-admin-refused-phone');
    await page.close();
  });
});
