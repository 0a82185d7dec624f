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
import {
  checkScreen,
  expectCleanConsole,
  expectNoOverlap,
  type Harness,
  signIn,
  startHarness,
} from './harness.ts';

const PASSWORD = 'correct horse battery staple';
const EMAIL = 'amara.assess@northmoor.ac.uk';
let h: Harness;
let page: Page;
let partnerUrl = '';
let assessmentUrl = '';
let partnerLink = '';

beforeAll(async () => {
  h = await startHarness();
  const db = h.database.db;
  const unit = (await buildUnit(db, { name: 'IT Services' })).id;
  const me = await buildUser(db, {
    email: EMAIL,
    name: 'Amara Obi',
    role: 'relationship_manager',
    unitId: unit,
    password: PASSWORD,
  });
  const partner = await buildPartner(db, { name: 'School of Chemistry' });
  partnerUrl = `${h.url}/partners/${partner.id}`;
  const relationship = await buildRelationship(db, {
    unitId: unit,
    partnerId: partner.id,
    managerId: me.id,
    cadenceDays: 30,
  });
  assessmentUrl = `${h.url}/relationships/${relationship.id}/assessments`;
  const contact = await buildContact(db, { name: 'Dr Helen Marsh' });
  await buildAffiliation(db, { contactId: contact.id, partnerId: partner.id, role: 'Head of School' });
  page = await h.newPage({ width: 1280, height: 900 });
});
afterAll(() => h?.close());

const item = (p: Page, name: string) => p.getByRole('group', { name: new RegExp(name) });

describe('the maturity assessment', () => {
  it('the relationship manager assesses the relationship from the partner page, with evidence suggested', async () => {
    await signIn(page, h.url, EMAIL, PASSWORD);
    await page.goto(partnerUrl);
    await page.getByRole('heading', { name: 'School of Chemistry' }).waitFor();
    // A touch point this term, so the evidence has something to count.
    const session = await page.request.get(`${h.url}/api/v1/auth/session`);
    const { csrfToken } = (await session.json()) as { csrfToken: string };
    const partnerId = partnerUrl.split('/').pop();
    for (const kind of ['meeting', 'call'])
      expect(
        (
          await page.request.post(`${h.url}/api/v1/touchpoints`, {
            headers: { 'x-csrf-token': csrfToken },
            data: { partnerId, kind, subject: 'Lab systems review', occurredAt: new Date().toISOString() },
          })
        ).status(),
      ).toBe(201);
    await page.goto(`${partnerUrl}/relationships`);
    // Held while loading, so axe sees the loading state too.
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    await page.route('**/api/v1/relationships/*/assessments', async (route) => {
      await held;
      await route.continue();
    });
    await page.getByRole('link', { name: 'Maturity assessment of the IT Services relationship' }).click();
    // The partner page's own parts may still be loading beside it: any loader will do.
    await page.getByRole('status', { name: 'Loading' }).first().waitFor();
    await checkScreen(page, 'assessment-loading-1280');
    release();
    await page
      .getByRole('heading', { name: 'Maturity assessment: IT Services and School of Chemistry' })
      .waitFor();
    await page.getByText('No assessment yet.').waitFor();
    const trust = item(page, 'trust, openness and communication');
    await trust
      .getByText('From the records: 2 touch points of two kinds this term', { exact: false })
      .waitFor();
    await trust.getByRole('radio', { name: '3 Mostly' }).check();
    await trust.getByRole('button', { name: /Use the suggested evidence/ }).click();
    expect(await trust.getByRole('textbox', { name: 'Evidence', exact: true }).inputValue()).toContain(
      '2 touch points of two kinds',
    );
    const peers = item(page, 'Peer-to-peer communication');
    await peers.getByRole('radio', { name: '1 Rarely' }).check();
    await peers
      .getByLabel('Improvement action (becomes your task)')
      .fill('Pair our deputy with their lab manager');
    await item(page, 'Soft tensions').getByRole('radio', { name: '4 Fully' }).check();
    await page.getByText('3 of 13 scored: mean 2.67, Trusted advisor').waitFor();
    await page.getByRole('combobox', { name: "Ask the partner's key contact" }).click();
    await page.getByRole('option', { name: 'Dr Helen Marsh' }).click();
    // She has an address and may be contacted about surveys, so the link would be e-mailed; here
    // it is handed to the assessor instead (the e-mail is proved over SMTP in the server's test).
    const byMail = page.getByRole('checkbox', { name: 'E-mail the link to Dr Helen Marsh' });
    expect(await byMail.isChecked()).toBe(true);
    await byMail.uncheck();
    await checkScreen(page, 'assessment-form-1280');
    await page.getByRole('button', { name: 'Save the assessment' }).click();
    const link = page.getByRole('status').filter({ hasText: "The partner's link" }).getByRole('link');
    await link.waitFor();
    partnerLink = (await link.getAttribute('href'))!;
    expect(partnerLink).toMatch(/\/assessments\/answer\/[A-Za-z0-9_-]{20,}$/);
    await page.getByText('Waiting for Dr Helen Marsh', { exact: false }).waitFor();
    expectCleanConsole(page, 'assessment page, assessed');
  });

  it("the partner's key contact scores the same checklist by the link at 390 px, once", async () => {
    const phone = await h.newPage({ width: 390, height: 844 });
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    await phone.route('**/api/v1/public/assessments/*', async (route) => {
      await held;
      await route.continue();
    });
    await phone.goto(partnerLink);
    await phone.getByRole('status', { name: 'Loading the assessment' }).waitFor();
    await checkScreen(phone, 'assessment-answer-loading-390');
    release();
    await phone.getByText('Dear Dr Helen Marsh', { exact: false }).waitFor();
    await checkScreen(phone, 'assessment-answer-390');
    await expectNoOverlap(phone, 'assessment answer page at 390 px');
    await item(phone, 'trust, openness and communication')
      .getByRole('radio', { name: '2 Sometimes' })
      .check();
    await item(phone, 'trust, openness and communication')
      .getByLabel('Comment (optional)')
      .fill('We hear late about changes');
    await item(phone, 'Peer-to-peer communication').getByRole('radio', { name: '1 Rarely' }).check();
    await item(phone, 'Soft tensions').getByRole('radio', { name: '1 Rarely' }).check();
    await phone.getByRole('button', { name: 'Send my scores' }).click();
    await phone.getByText('Your scores are in.', { exact: false }).waitFor();
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await phone.reload();
    await phone.getByText('This link has been used and cannot be used again.', { exact: false }).waitFor();
    expect(await phone.getByRole('button', { name: 'Send my scores' }).count()).toBe(0);
    expectCleanConsole(phone, 'assessment answer page');
    await phone.context().close();
  });

  it('shows the gap per item as a chart and a table, and the action as a task', async () => {
    await page.goto(assessmentUrl);
    const table = page.getByRole('region', { name: 'Scores by item, both views and the gap' });
    const row = (name: RegExp) => table.getByRole('row', { name });
    await row(/trust, openness and communication/)
      .getByRole('cell', { name: '-1', exact: true })
      .waitFor();
    await row(/Soft tensions/)
      .getByRole('cell', { name: '-3', exact: true })
      .waitFor();
    await row(/Peer-to-peer/)
      .getByRole('cell', { name: '0', exact: true })
      .waitFor();
    await table.getByText('“We hear late about changes”').waitFor();
    await page.getByText('Dr Helen Marsh: Order taker (1.33)').waitFor();
    // The chart is drawn (the table carries the same figures for assistive technology).
    await page.locator('.recharts-bar-rectangle').first().waitFor();
    await checkScreen(page, 'assessment-gap-1280');
    await page.goto(`${h.url}/tasks`);
    await page.getByText('Pair our deputy with their lab manager').first().waitFor();
    const phone = await h.newPage({ width: 390, height: 844 });
    await signIn(phone, h.url, EMAIL, PASSWORD);
    await phone.goto(assessmentUrl);
    await phone.getByRole('heading', { name: 'The two views, item by item' }).waitFor();
    await phone.locator('.recharts-bar-rectangle').first().waitFor();
    await checkScreen(phone, 'assessment-gap-390');
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expectCleanConsole(page, 'assessment page with the gap');
    expectCleanConsole(phone, 'assessment page at 390 px');
    await phone.context().close();
  });
});
