import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildAffiliation,
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
  expectNoOverlap,
  type Harness,
  signIn,
  startHarness,
} from './harness.ts';

const PASSWORD = 'correct horse battery staple';
const EMAIL = 'nadia.okafor@northmoor.ac.uk';
const DAY = 86_400_000;
let h: Harness;
let page: Page;
let partnerId = '';
let partnerUrl = '';

beforeAll(async () => {
  h = await startHarness();
  const db = h.database.db;
  const careers = (await buildUnit(db, { name: 'Careers and Employability' })).id;
  const research = (await buildUnit(db, { name: 'Research and Innovation Office' })).id;
  const me = await buildUser(db, {
    email: EMAIL,
    name: 'Nadia Okafor',
    role: 'relationship_manager',
    unitId: careers,
    password: PASSWORD,
  });
  const partner = await buildPartner(db, { name: 'Pennine Water Services' });
  partnerId = partner.id;
  partnerUrl = `${h.url}/partners/${partnerId}`;
  await buildRelationship(db, { unitId: careers, partnerId, managerId: me.id, cadenceDays: 30 });
  await buildRelationship(db, { unitId: research, partnerId });
  await buildTouchpoint(db, {
    partnerId,
    unitId: careers,
    authorId: me.id,
    occurredAt: new Date(Date.now() - 40 * DAY),
    subject: 'Graduate scheme planning meeting',
  });
  await buildTouchpoint(db, {
    partnerId,
    unitId: research,
    authorId: me.id,
    occurredAt: new Date(Date.now() - 3 * DAY),
    subject: 'Call about the water quality KTP',
  });
  const contact = await buildContact(db, {
    name: 'Owen Pritchard',
    emails: ['owen.pritchard@pennine.example'],
  });
  await buildAffiliation(db, { contactId: contact.id, partnerId, role: 'Head of Graduate Recruitment' });
  page = await h.newPage({ width: 1280, height: 900 });
  await signIn(page, h.url, EMAIL, PASSWORD);
  const session = await page.request.get(`${h.url}/api/v1/auth/session`);
  const csrf = ((await session.json()) as { csrfToken: string }).csrfToken;
  for (const [kind, title] of [
    ['enquiry', 'Placement dates for 2027'],
    ['concern', 'Slow replies from the placements team'],
  ] as const) {
    const raised = await page.request.post(`${h.url}/api/v1/requests`, {
      headers: { 'x-csrf-token': csrf },
      data: { partnerId, kind, title },
    });
    expect(raised.status(), await raised.text()).toBe(201);
  }
});
afterAll(() => h?.close());

const main = () => page.getByRole('main');
const tab = (name: string) => main().getByRole('tab', { name });

describe('the partner page', () => {
  it('opens on a summary strip that says who, how healthy, what is open, and the last and next touch point', async () => {
    await page.goto(partnerUrl);
    // During loading too: the first paint must be as accessible as the settled page.
    await checkScreen(page, 'partner-page-loading-1280');
    const summary = main().getByRole('region', { name: 'Summary' });
    await expect.poll(() => summary.textContent()).toContain('1 request, 1 concern');
    const text = await summary.textContent();
    expect(text).toContain('Nadia Okafor');
    expect(text).toContain('3 days ago, Research and Innovation Office');
    // Careers last met 40 days ago against a 30-day cadence: its next contact is overdue.
    expect(text).toMatch(/Overdue since .*Careers and Employability, 10 days ago/);
    expect(await tab('Overview').getAttribute('aria-selected')).toBe('true');
    await main()
      .getByRole('heading', { name: /Last 12 months: 2 touch points/ })
      .waitFor();
    await checkScreen(page, 'partner-page-overview-1280');
    expectCleanConsole(page, 'the partner page');
  });

  it('opens from an address that spells the id in capitals, as a pasted link may', async () => {
    await page.goto(`${h.url}/partners/${partnerId.toUpperCase()}`);
    await main()
      .getByRole('heading', { name: /Last 12 months: 2 touch points/ })
      .waitFor();
    expect(await tab('Overview').getAttribute('aria-selected')).toBe('true');
    expect(await page.getByRole('heading', { level: 2, name: 'Pennine Water Services' }).count()).toBe(1);
  });
  it('gives every tab its own address: a click, a deep link, a reload and the back button agree', async () => {
    await page.goto(partnerUrl);
    await tab('Timeline').click();
    await page.waitForURL(`${partnerUrl}/timeline`);
    // The overview lists the latest touch points too, so wait for the timeline's own heading
    // before asking whether the overview has gone.
    await main().getByRole('heading', { name: 'Timeline across units' }).waitFor();
    await main().getByText('Call about the water quality KTP').waitFor();
    await expect
      .poll(() =>
        main()
          .getByRole('heading', { name: /Last 12 months/ })
          .count(),
      )
      .toBe(0);
    await page.reload();
    await main().getByRole('heading', { name: 'Timeline across units' }).waitFor();
    expect(await tab('Timeline').getAttribute('aria-selected')).toBe('true');
    await tab('People').click();
    await page.waitForURL(`${partnerUrl}/people`);
    await main().getByRole('link', { name: 'Owen Pritchard' }).waitFor();
    await page.goBack();
    await page.waitForURL(`${partnerUrl}/timeline`);
    await main().getByRole('heading', { name: 'Timeline across units' }).waitFor();
    await page.goBack();
    await page.waitForURL(partnerUrl);
    expect(await tab('Overview').getAttribute('aria-selected')).toBe('true');
    // The strip's count of open requests links to the Requests tab.
    await main().getByRole('link', { name: '1 request, 1 concern' }).click();
    await page.waitForURL(`${partnerUrl}/requests`);
    await main()
      .getByRole('link', { name: /Slow replies from the placements team/ })
      .waitFor();
    // An address naming no tab shows the overview, not a broken page.
    await page.goto(`${partnerUrl}/nonsense`);
    await main()
      .getByRole('heading', { name: /Last 12 months/ })
      .waitFor();
    expectCleanConsole(page, 'the partner page tabs');
  });

  it('moves between tabs with the arrow keys, and each panel is labelled by its tab', async () => {
    await page.goto(`${partnerUrl}/relationships`);
    await main().getByRole('heading', { name: 'Relationships by unit' }).waitFor();
    await tab('Relationships').focus();
    await page.keyboard.press('ArrowRight');
    await page.waitForURL(`${partnerUrl}/requests`);
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Requests');
    const panel = main().getByRole('tabpanel', { name: 'Requests' });
    await panel.getByRole('heading', { name: 'Open requests' }).waitFor();
    await page.keyboard.press('ArrowLeft');
    await page.waitForURL(`${partnerUrl}/relationships`);
    await main().getByRole('tabpanel', { name: 'Relationships' }).waitFor();
    await checkScreen(page, 'partner-page-relationships-1280');
    expectCleanConsole(page, 'the partner page by keyboard');
  });

  it('fits a phone: every tab reachable at 375 and 320 px, nothing sideways or overlapping', async () => {
    for (const width of [375, 320]) {
      const phone = await h.newPage({ width, height: 800 });
      await signIn(phone, h.url, EMAIL, PASSWORD);
      for (const name of [
        'overview',
        'timeline',
        'relationships',
        'requests',
        'people',
        'documents',
        'history',
      ]) {
        await phone.goto(name === 'overview' ? partnerUrl : `${partnerUrl}/${name}`);
        await phone.getByRole('main').getByRole('tab', { selected: true }).waitFor();
        await phone
          .getByRole('main')
          .getByRole('region', { name: 'Summary' })
          .getByText('1 request')
          .waitFor();
        await expectNoOverlap(phone, `the partner page, ${name}`);
        if (width === 375) await checkScreen(phone, `partner-page-${name}-375`);
      }
      expectCleanConsole(phone, `the partner page at ${width} px`);
      await phone.close();
    }
  }, 300_000);
});
