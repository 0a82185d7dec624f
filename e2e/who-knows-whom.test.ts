import { and, eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notifications } from '../server/src/db/schema/notifications.ts';
import { touchpointContacts } from '../server/src/db/schema/touchpoints.ts';
import {
  buildContact,
  buildPartner,
  buildRelationship,
  buildTouchpoint,
  buildUnit,
  buildUser,
} from '../server/src/test/factories/index.ts';
import {
  checkScreen,
  expectCleanConsole,
  type Harness,
  SCREENSHOTS,
  signIn,
  startHarness,
} from './harness.ts';

const PASSWORD = 'correct horse battery staple';
let h: Harness;
let partnerId: string;
let mayaId: string;

const DAY = 86_400_000;
const daysAgo = (n: number) => new Date(Date.now() - n * DAY);

/**
 * Maya (Careers) has met Kestrel Foods' people often; Lee (Careers) once, in a confidential
 * meeting Omar (Research Office) may not read. Sam is a senior manager.
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
  });
  mayaId = maya.id;
  const lee = await buildUser(db, {
    email: 'lee@northmoor.ac.uk',
    name: 'Lee Confidential',
    unitId: careers,
  });
  const rita = await buildUser(db, {
    email: 'rita@northmoor.ac.uk',
    name: 'Rita Research',
    unitId: research,
  });
  await buildUser(db, {
    email: 'omar@northmoor.ac.uk',
    name: 'Omar Research',
    unitId: research,
    password: PASSWORD,
  });
  await buildUser(db, {
    email: 'sam@northmoor.ac.uk',
    name: 'Sam Senior',
    role: 'senior_manager',
    unitId: careers,
    password: PASSWORD,
  });
  partnerId = (await buildPartner(db, { name: 'Kestrel Foods' })).id;
  await buildRelationship(db, { unitId: careers, partnerId, managerId: maya.id, createdAt: daysAgo(400) });
  await buildRelationship(db, { unitId: research, partnerId, createdAt: daysAgo(400) });
  const dana = (await buildContact(db, { name: 'Dana Head' })).id;
  for (const d of [4, 40, 120, 300]) {
    const tp = await buildTouchpoint(db, {
      partnerId,
      unitId: careers,
      authorId: maya.id,
      subject: `Placement review, ${d} days ago`,
      occurredAt: daysAgo(d),
    });
    await db.insert(touchpointContacts).values({ touchpointId: tp.id, contactId: dana });
  }
  await buildTouchpoint(db, {
    partnerId,
    unitId: careers,
    authorId: lee.id,
    subject: 'Board member unhappy',
    // This month, whatever day it is: Careers touched its relationship in the stage's last month.
    occurredAt: new Date(Date.now() - 60_000),
    visibility: 'confidential',
  });
  await buildTouchpoint(db, {
    partnerId,
    unitId: research,
    authorId: rita.id,
    kind: 'email',
    subject: 'Research bid',
    // Always before this month (the stage's last month shows no record of the Research Office).
    occurredAt: daysAgo(40),
    visibility: 'unit',
  });
});
afterAll(async () => {
  await h?.close();
});

const eventually = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 20_000 });

async function askForIntroduction(page: Page, name: string) {
  const main = page.getByRole('main');
  const panel = main.getByRole('region', { name: 'Who knows whom' });
  await page.goto(`${h.url}/partners/${partnerId}/people`);
  await checkScreen(page, `${name}-loading`);
  const first = panel.getByRole('button', { name: /^1\. Maya Manager.*Strength \d+/ });
  await first.waitFor();
  expect(await panel.textContent()).not.toContain('Lee Confidential');
  // Rita's e-mail is for the Research Office only: Omar, in it, sees her second.
  await panel.getByRole('button', { name: /^2\. Rita Research/ }).waitFor();
  await first.click();
  await panel.getByRole('table', { name: 'Why Maya Manager ranks 1' }).waitFor();
  expect(await panel.getByRole('row', { name: /Two-way contact/ }).textContent()).toContain(
    '4 of 4 touch points two-way',
  );
  await panel.getByText(/Placement review, 4 days ago \(two-way\)/).waitFor();
  expect(await panel.textContent()).not.toContain('Board member unhappy');
  await checkScreen(page, `${name}-evidence`);
  await panel.getByRole('button', { name: 'Ask Maya Manager for an introduction' }).click();
  const dialog = page.getByRole('dialog', { name: 'Ask Maya Manager for an introduction' });
  await dialog
    .getByLabel('Message (optional)')
    .fill(`${name}: could you introduce me to their research director?`);
  await checkScreen(page, `${name}-ask`);
  await dialog.getByRole('button', { name: 'Send the request' }).click();
  await page.getByText('Maya Manager has been asked for an introduction').waitFor();
  await eventually(async () => {
    const rows = await h.database.db
      .select({ body: notifications.body })
      .from(notifications)
      .where(and(eq(notifications.userId, mayaId), eq(notifications.kind, 'introduction_requested')));
    return rows.map((r) => r.body);
  }).toContain(`${name}: could you introduce me to their research director?`);
  await page.screenshot({ path: `${SCREENSHOTS}/${name}.png`, fullPage: true });
  expectCleanConsole(page, name);
}

async function institutionStage(page: Page, name: string) {
  await page.goto(`${h.url}/institution-stage`);
  await checkScreen(page, `${name}-loading`);
  const main = page.getByRole('main');
  await main.getByRole('heading', { name: "The institution's stage" }).waitFor();
  const units = main.getByRole('region', { name: /Who shares/ });
  const careers = units.getByRole('row', { name: /Careers and Employability/ });
  await careers.waitFor();
  // Careers' only touch point of this month is confidential, and this senior manager may not read
  // it: the figures count only what the viewer may see, so it does not count as touched for them.
  expect(await careers.textContent()).toContain('0 of 1 (0%)');
  const research = units.getByRole('row', { name: /Research Office/ });
  expect(await research.textContent()).toContain('0 of 0');
  const trend = main.getByRole('region', { name: 'The stage, month by month' });
  await trend.getByRole('region', { name: 'The stage by month' }).getByRole('table').waitFor();
  expect(await trend.locator('.recharts-surface').count()).toBeGreaterThan(0);
  // Assessments across units: Careers has one active relationship and has not assessed it yet.
  const maturity = main.getByRole('region', { name: 'Maturity assessments by unit' });
  const careersAssessed = maturity.getByRole('row', { name: /Careers and Employability/ });
  await careersAssessed.waitFor();
  expect(await careersAssessed.textContent()).toContain('0 of 1');
  await checkScreen(page, name);
  expectCleanConsole(page, name);
}

describe('who knows whom', () => {
  it('ranks colleagues from the touch points I may see, shows why, and asks one for an introduction (desk and 390 px)', async () => {
    const page = await h.newPage({ width: 1280, height: 900 });
    await signIn(page, h.url, 'omar@northmoor.ac.uk', PASSWORD);
    await askForIntroduction(page, 'wk01-desk');
    await page.setViewportSize({ width: 390, height: 844 });
    await askForIntroduction(page, 'wk02-phone');
    await page.close();
  });
});

describe("the institution's stage", () => {
  it('shows the stage, its trend as a chart and a table, and who shares (desk and 390 px)', async () => {
    const page = await h.newPage({ width: 1280, height: 900 });
    await signIn(page, h.url, 'sam@northmoor.ac.uk', PASSWORD);
    await page.getByRole('link', { name: "Institution's stage" }).click();
    await institutionStage(page, 'is01-desk');
    await page.setViewportSize({ width: 390, height: 844 });
    await institutionStage(page, 'is02-phone');
    await page.close();
  });

  it('is not shown to other staff', async () => {
    const page = await h.newPage({ width: 1280, height: 900 });
    await signIn(page, h.url, 'omar@northmoor.ac.uk', PASSWORD);
    expect(await page.getByRole('link', { name: "Institution's stage" }).count()).toBe(0);
    await page.goto(`${h.url}/institution-stage`);
    await page.getByText("The institution's stage is shown to senior managers and administrators.").waitFor();
    await checkScreen(page, 'is03-refused');
    await page.close();
  });
});
