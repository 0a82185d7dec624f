import { readFile } from 'node:fs/promises';
import Papa from 'papaparse';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JOB } from '../server/src/jobs/names.ts';
import {
  buildAffiliation,
  buildContact,
  buildPartner,
  buildRelationship,
  buildUnit,
  buildUser,
} from '../server/src/test/factories/index.ts';
import { startTestSmtp } from '../server/src/test/smtp.ts';
import {
  checkScreen,
  expectCleanConsole,
  expectNoOverlap,
  type Harness,
  signIn,
  startHarness,
} from './harness.ts';

const PASSWORD = 'correct horse battery staple';
const EMAIL = 'sunita.survey@northmoor.ac.uk';
let h: Harness;
let smtp: Awaited<ReturnType<typeof startTestSmtp>>;
let page: Page;
let partnerUrl = '';
const people = [
  ['Priya Shah', 'priya.shah@kestrel.example', 'Graduate recruitment manager'],
  ['Tom Okafor', 'tom.okafor@kestrel.example', 'Early careers adviser'],
  ['Ines Duarte', 'ines.duarte@kestrel.example', 'Technical liaison'],
] as const;

beforeAll(async () => {
  smtp = await startTestSmtp();
  h = await startHarness({
    env: { SMTP_URL: smtp.url, SMTP_FROM: 'Rapport <rapport@northmoor.ac.uk>' },
  });
  const db = h.database.db;
  const unit = (await buildUnit(db, { name: 'Careers and Employability' })).id;
  const me = await buildUser(db, {
    email: EMAIL,
    name: 'Sunita Rao',
    role: 'relationship_manager',
    unitId: unit,
    password: PASSWORD,
  });
  const partner = await buildPartner(db, { name: 'Kestrel Foods' });
  partnerUrl = `${h.url}/partners/${partner.id}`;
  await buildRelationship(db, { unitId: unit, partnerId: partner.id, managerId: me.id, cadenceDays: 30 });
  for (const [name, email, role] of people) {
    const contact = await buildContact(db, { name, emails: [email] });
    await buildAffiliation(db, { contactId: contact.id, partnerId: partner.id, role });
  }
  page = await h.newPage({ width: 1280, height: 900 });
});
afterAll(async () => {
  await h?.close();
  await smtp?.close();
});

const panel = () => page.getByRole('region', { name: 'Surveys' });
/** The link in the latest survey e-mail to this address. */
const linkTo = (address: string) => {
  const mail = smtp.received.findLast((m) => m.to && JSON.stringify(m.to).includes(address));
  return /\/surveys\/answer\/[A-Za-z0-9_-]+/.exec(mail?.text ?? '')![0];
};

describe('relationship surveys', () => {
  it('a relationship manager sends a survey to three contacts from the partner page', async () => {
    await signIn(page, h.url, EMAIL, PASSWORD);
    await page.goto(partnerUrl);
    await page.getByRole('heading', { name: 'Kestrel Foods' }).waitFor();
    await panel().getByText("No survey of this partner's contacts yet.").waitFor();
    await panel().getByRole('button', { name: 'Send a survey' }).click();
    const dialog = page.getByRole('dialog', { name: 'Send a survey' });
    await dialog.getByLabel('Contacts asked').click();
    for (const [name] of people) await page.getByRole('option', { name: new RegExp(`^${name}`) }).click();
    await page.keyboard.press('Escape');
    await dialog.getByLabel('Anonymity threshold').fill('3');
    await checkScreen(page, 'surveys-send-1280');
    await dialog.getByRole('button', { name: 'Send' }).click();
    await page.getByText('Survey sent to 3 contacts').waitFor();
    await panel().getByText('0 of 3 answered (response rate 0%)').waitFor();
    await panel().getByText('Results are shown once 3 have answered', { exact: false }).waitFor();
    await checkScreen(page, 'surveys-panel-sent-1280');
    expectCleanConsole(page, 'partner page, survey sent');
  });

  it('a contact answers on the public page at 375 px, without an account, once', async () => {
    await h.app.jobs.trigger(JOB.deliverSurveyMail);
    await h.app.jobs.drain();
    const path = linkTo(people[0][1]);
    const phone = await h.newPage({ width: 375, height: 812 });
    // Held while loading, so axe sees the loading state too.
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    await phone.route('**/api/v1/public/surveys/*', async (route) => {
      await held;
      await route.continue();
    });
    await phone.goto(`${h.url}${path}`);
    await phone.getByRole('status', { name: 'Loading the survey' }).waitFor();
    await checkScreen(phone, 'surveys-answer-loading-375');
    release();
    await phone.getByRole('heading', { name: 'How are we doing?' }).waitFor();
    await phone.getByText('Dear Priya Shah', { exact: false }).waitFor();
    await checkScreen(phone, 'surveys-answer-375');
    await expectNoOverlap(phone, 'survey answer page at 375 px');
    const trust = phone.getByRole('radiogroup', { name: /How much do you trust us/ });
    await trust.getByRole('radio', { name: '4' }).check();
    const recommend = phone.getByRole('radiogroup', { name: /recommend working with us/ });
    await recommend.getByRole('radio', { name: '9' }).check();
    await phone
      .getByRole('textbox', { name: /What one thing should we do better/ })
      .fill('Earlier notice of fairs');
    await phone.getByRole('button', { name: 'Send my answers' }).click();
    await phone.getByText('Your answers are in.', { exact: false }).waitFor();
    await checkScreen(phone, 'surveys-answered-375');
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    // The link is used: opening it again says so, with nothing to send.
    await phone.reload();
    await phone.getByText('This link has been used and cannot be used again.', { exact: false }).waitFor();
    expect(await phone.getByRole('button', { name: 'Send my answers' }).count()).toBe(0);
    expectCleanConsole(phone, 'survey answer page');
    await phone.context().close();
  });

  it('shows the results with their chart once the threshold is reached', async () => {
    // The other two answer by their own links (through the API, as their browsers would).
    for (const [trust, person] of [
      [5, people[1]],
      [3, people[2]],
    ] as const) {
      const token = linkTo(person[1]).split('/').pop();
      const response = await h.app.inject({
        method: 'POST',
        url: `/api/v1/public/surveys/${token}`,
        payload: { answers: [{ questionId: 'trust', value: trust }] },
      });
      expect(response.statusCode, response.body).toBe(200);
    }
    await page.reload();
    await panel().getByText('3 of 3 answered (response rate 100%)').waitFor();
    await panel()
      .getByRole('img', { name: /average answers, trust 4 of 5/ })
      .waitFor();
    await panel().getByText('Earlier notice of fairs').waitFor();
    // The health part it moved: trust 4, 5, 3 on 1–5 (mean 75) and would-recommend 9 (90): (75 + 90) / 2 = 83.
    const surveyPart = page
      .getByRole('region', { name: 'Health' })
      .getByRole('region', { name: 'Survey results' });
    await expect.poll(() => surveyPart.textContent()).toContain('Careers and Employability: 83');
    await checkScreen(page, 'surveys-results-1280');
    const phone = await h.newPage({ width: 375, height: 812 });
    await signIn(phone, h.url, EMAIL, PASSWORD);
    await phone.goto(partnerUrl);
    await phone
      .getByRole('region', { name: 'Surveys' })
      .getByText('3 of 3 answered', { exact: false })
      .waitFor();
    await phone.getByRole('region', { name: 'Surveys' }).scrollIntoViewIfNeeded();
    await checkScreen(phone, 'surveys-results-375');
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    expectCleanConsole(page, 'partner page with results');
    await phone.context().close();
  });

  it('draws a second round beside the first, across rounds, and exports the results', async () => {
    await page.goto(partnerUrl);
    await panel().getByText('3 of 3 answered (response rate 100%)').waitFor();
    await panel().getByRole('button', { name: 'Send a survey' }).click();
    const dialog = page.getByRole('dialog', { name: 'Send a survey' });
    await dialog.getByLabel('Contacts asked').click();
    for (const [name] of people) await page.getByRole('option', { name: new RegExp(`^${name}`) }).click();
    await page.keyboard.press('Escape');
    await dialog.getByLabel('Anonymity threshold').fill('3');
    await dialog.getByRole('button', { name: 'Send' }).click();
    await page.getByText('Survey sent to 3 contacts').waitFor();
    await h.app.jobs.trigger(JOB.deliverSurveyMail);
    await h.app.jobs.drain();
    for (const [trust, person] of [
      [2, people[0]],
      [3, people[1]],
      [4, people[2]],
    ] as const) {
      const response = await h.app.inject({
        method: 'POST',
        url: `/api/v1/public/surveys/${linkTo(person[1]).split('/').pop()}`,
        payload: { answers: [{ questionId: 'trust', value: trust }] },
      });
      expect(response.statusCode, response.body).toBe(200);
    }
    await page.reload();
    const rounds = panel().getByRole('region', { name: 'Across rounds' });
    await rounds.getByRole('img', { name: /each question's average at each survey round/ }).waitFor();
    const table = rounds.getByRole('region', { name: 'Survey averages at each round' });
    // Oldest first: trust 4 of 5 (5, 3 and the first contact's 4), then 3 of 5 (2, 3, 4).
    await expect.poll(() => table.getByRole('row').count(), { timeout: 20_000 }).toBe(3);
    expect(await table.getByRole('row').nth(1).textContent()).toContain('4 of 5');
    expect(await table.getByRole('row').nth(2).textContent()).toContain('3 of 5');
    await checkScreen(page, 'surveys-rounds-1280');
    await panel().getByRole('button', { name: 'Export results' }).click();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('menuitem', { name: 'CSV (.csv)' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^survey-results-\d{4}-\d{2}-\d{2}\.csv$/);
    const text = (await readFile((await download.path())!, 'utf8')).replace(/^\uFEFF/, '');
    const rows = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true }).data;
    const trust = rows.filter((r) => r.Question === 'How much do you trust us to do what we say we will?');
    expect(trust.map((r) => r.Average).sort()).toEqual(['3', '4']);
    await page.keyboard.press('Escape');
    const phone = await h.newPage({ width: 320, height: 720 });
    await signIn(phone, h.url, EMAIL, PASSWORD);
    await phone.goto(partnerUrl);
    const small = phone
      .getByRole('region', { name: 'Surveys' })
      .getByRole('region', { name: 'Across rounds' });
    await small.getByRole('region', { name: 'Survey averages at each round' }).waitFor();
    await small.scrollIntoViewIfNeeded();
    await checkScreen(phone, 'surveys-rounds-320');
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    expectCleanConsole(page, 'partner page with two rounds');
    await phone.context().close();
  });
});
