import { eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { surveyTemplate } from '../common/src/contracts/surveys.ts';
import { briefingItems } from '../server/src/db/schema/briefings.ts';
import { escalations, requests } from '../server/src/db/schema/requests.ts';
import { surveyTemplates, surveyTemplateVersions } from '../server/src/db/schema/surveys.ts';
import { insertBriefing } from '../server/src/insights/briefings/briefings.repository.ts';
import { prepareBriefings } from '../server/src/insights/briefings/briefings.service.ts';
import { buildPartner, buildUnit, buildUser } from '../server/src/test/factories/index.ts';
import { checkScreen, expectCleanConsole, type Harness, signIn, startHarness } from './harness.ts';

const PASSWORD = 'correct horse battery staple';
const DAY = 86_400_000;
let h: Harness;
let templateId: string;

/**
 * Sam (senior manager, Careers) has this week's briefing: a concern raised with Kestrel Foods,
 * and not the confidential complaint only its author may read. Two escalations of Careers: one
 * whose partner was in a briefing nine days before, one never briefed. Maya (relationship
 * manager) owns a survey template.
 */
beforeAll(async () => {
  h = await startHarness();
  const db = h.database.db;
  const careers = (await buildUnit(db, { name: 'Careers and Employability' })).id;
  const sam = await buildUser(db, {
    email: 'sam@northmoor.ac.uk',
    name: 'Sam Senior',
    role: 'senior_manager',
    unitId: careers,
    password: PASSWORD,
  });
  const maya = await buildUser(db, {
    email: 'maya@northmoor.ac.uk',
    name: 'Maya Manager',
    role: 'relationship_manager',
    unitId: careers,
    password: PASSWORD,
  });
  const kestrel = (await buildPartner(db, { name: 'Kestrel Foods' })).id;
  const heron = (await buildPartner(db, { name: 'Heron Trust' })).id;
  const [concern] = await db
    .insert(requests)
    .values({
      partnerId: kestrel,
      unitId: careers,
      kind: 'concern',
      title: 'Placement students feel unsupported',
      createdById: maya.id,
    })
    .returning();
  await db.insert(requests).values({
    partnerId: heron,
    unitId: careers,
    kind: 'complaint',
    title: 'Board member grievance',
    createdById: maya.id,
    visibility: 'confidential',
  });
  await prepareBriefings({ db, log: h.app.log, jobs: h.app.jobs });
  // Hand-built history for the measure: Kestrel named nine days before its escalation; Heron never.
  await insertBriefing(db, sam.id, '2001-01-01', new Date(Date.now() - 10 * DAY), [
    { section: 'new_concern', partnerId: kestrel, requestId: concern!.id, title: 'Earlier concern' },
  ]);
  const [other] = await db
    .insert(requests)
    .values({
      partnerId: heron,
      unitId: careers,
      kind: 'incident',
      title: 'Lift broken',
      createdById: maya.id,
    })
    .returning();
  for (const requestId of [concern!.id, other!.id])
    await db.insert(escalations).values({
      requestId,
      level: 'head_of_unit',
      briefing: 'Needs a senior call',
      raisedById: maya.id,
      raisedAt: new Date(Date.now() - DAY),
    });
  const [template] = await db
    .insert(surveyTemplates)
    .values({ name: 'Annual partner survey', questions: surveyTemplate.slice(0, 3), createdById: maya.id })
    .returning();
  templateId = template!.id;
  await db.insert(surveyTemplateVersions).values({
    templateId,
    version: 1,
    name: template!.name,
    questions: template!.questions,
    savedById: maya.id,
  });
});
afterAll(async () => {
  await h?.close();
});

async function readBriefing(page: Page, name: string, note: string) {
  await page.goto(`${h.url}/briefings`);
  const main = page.getByRole('main');
  await main.getByRole('heading', { name: 'My briefings' }).waitFor();
  await checkScreen(page, `${name}-list`);
  await main.getByRole('region', { name: 'My briefings' }).getByRole('link').first().click();
  const concerns = main.getByRole('region', { name: /New concerns and complaints/ });
  await concerns.getByRole('link', { name: 'Concern: Placement students feel unsupported' }).waitFor();
  expect(await main.textContent()).not.toContain('Board member grievance');
  const record = concerns.getByRole('button', { name: /Record what was done: Concern: Placement students/ });
  if (await record.count()) {
    await checkScreen(page, `${name}-unread`);
    await record.click();
    const form = concerns.getByRole('form', { name: /What was done about/ });
    await form.getByRole('button', { name: 'Save' }).click();
    // The contract's own message, on the field.
    await expect.poll(() => form.getByLabel('What was done').getAttribute('aria-invalid')).toBe('true');
    await checkScreen(page, `${name}-invalid`);
    await form.getByLabel('What was done').fill(note);
    await form.getByRole('button', { name: 'Save' }).click();
  }
  await concerns.getByText(/Acted on .*: Called the placement tutor/).waitFor();
  await checkScreen(page, name);
  expectCleanConsole(page, name);
}

async function seniorView(page: Page, name: string) {
  await page.goto(`${h.url}/attention`);
  const region = page.getByRole('main').getByRole('region', { name: 'Informed before it escalated' });
  const row = region.getByRole('row', { name: /Careers and Employability/ });
  await row.waitFor();
  // Two escalations, one whose partner was briefed nine days before: 1 of 2, 50%, 9 days.
  expect((await row.getByRole('cell').allTextContents()).slice(1)).toEqual(['2', '1', '50%', '9']);
  await checkScreen(page, name);
  expectCleanConsole(page, name);
}

describe('the weekly briefing', () => {
  it('is read, and a line marked acted upon; the senior view shows who was informed before (1280 and 375 px)', async () => {
    const page = await h.newPage({ width: 1280, height: 900 });
    await signIn(page, h.url, 'sam@northmoor.ac.uk', PASSWORD);
    await readBriefing(page, 'br01-desk', 'Called the placement tutor');
    await seniorView(page, 'br02-senior-desk');
    await page.setViewportSize({ width: 375, height: 812 });
    await readBriefing(page, 'br03-phone', 'Called the placement tutor');
    await seniorView(page, 'br04-senior-phone');
    const acted = await h.database.db
      .select()
      .from(briefingItems)
      .where(eq(briefingItems.actedNote, 'Called the placement tutor'));
    expect(acted).toHaveLength(1);
    await page.close();
  });
});

async function editTemplate(page: Page, name: string, round: number) {
  await page.goto(`${h.url}/survey-templates`);
  const main = page.getByRole('main');
  await main.getByRole('link', { name: 'Annual partner survey' }).click();
  const form = main.getByRole('form', { name: 'Edit the template' });
  const questions = form.getByRole('list', { name: 'Questions' });
  await expect.poll(() => questions.getByRole('listitem').count()).toBe(3);
  // A question with no wording and a bad key: the messages are on those fields.
  await form.getByRole('button', { name: 'Add a question' }).click();
  const added = questions.getByRole('listitem').last();
  await added.getByLabel('Key').fill('Bad Key');
  await form.getByRole('button', { name: 'Save as a new version' }).click();
  await expect.poll(() => added.getByLabel('Key').getAttribute('aria-invalid')).toBe('true');
  await expect
    .poll(() => added.getByRole('textbox', { name: 'Question' }).getAttribute('aria-invalid'))
    .toBe('true');
  await checkScreen(page, `${name}-invalid`);
  await added.getByLabel('Key').fill(`cost_${round}`);
  await added.getByRole('textbox', { name: 'Question' }).fill(`Is the cost fair? (${round})`);
  // Move it to the top, and remove the last question.
  const count = await questions.getByRole('listitem').count();
  for (let i = count; i > 1; i--) await form.getByRole('button', { name: `Move question ${i} up` }).click();
  await expect
    .poll(() => questions.getByRole('listitem').first().getByLabel('Key').inputValue())
    .toBe(`cost_${round}`);
  await form.getByRole('button', { name: `Remove question ${count}` }).click();
  await form.getByRole('button', { name: 'Save as a new version' }).click();
  await main.getByText(`Version ${round + 1}, saved by`).waitFor();
  await checkScreen(page, name);
  expectCleanConsole(page, name);
}

describe('the survey template editor', () => {
  it('adds, reorders, removes and rewords questions, shows the messages on the fields, and saves a new version (1280 and 375 px)', async () => {
    const page = await h.newPage({ width: 1280, height: 900 });
    await signIn(page, h.url, 'maya@northmoor.ac.uk', PASSWORD);
    await editTemplate(page, 'st01-desk', 1);
    await page.setViewportSize({ width: 375, height: 812 });
    await editTemplate(page, 'st02-phone', 2);
    const [saved] = await h.database.db
      .select()
      .from(surveyTemplates)
      .where(eq(surveyTemplates.id, templateId));
    expect(saved!.version).toBe(3);
    expect(saved!.questions.map((q) => q.id)[0]).toBe('cost_2');
    expect(saved!.questions.map((q) => q.id)).toContain('cost_1');
    await page.close();
  });
});
