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
  type Harness,
  SCREENSHOTS,
  signIn,
  startHarness,
} from './harness.ts';

const PASSWORD = 'correct horse battery staple';
let h: Harness;
let page: Page;
let ashdown: string;
let calder: string;

/** A unit with two members of staff; Ashdown with a long history, Calder with a contact of its own. */
beforeAll(async () => {
  h = await startHarness();
  const db = h.database.db;
  const unit = (await buildUnit(db, { name: 'Research Office' })).id;
  const me = await buildUser(db, {
    email: 'rhea@northmoor.ac.uk',
    name: 'Rhea Recorder',
    role: 'staff',
    unitId: unit,
    password: PASSWORD,
  });
  await buildUser(db, { email: 'cal@northmoor.ac.uk', name: 'Cal Colleague', role: 'staff', unitId: unit });
  ashdown = (await buildPartner(db, { name: 'Ashdown Building Society' })).id;
  calder = (await buildPartner(db, { name: 'Calder Logistics' })).id;
  await buildPartner(db, { name: 'Calder Lime Works', status: 'archived' });
  await buildRelationship(db, { unitId: unit, partnerId: ashdown });
  const priya = await buildContact(db, { name: 'Priya Singh' });
  await buildAffiliation(db, { contactId: priya.id, partnerId: calder, role: 'Head of HR' });
  // 60 older entries: more than the first page of 50, so "Show more" has something to show.
  for (let i = 0; i < 60; i++) {
    await buildTouchpoint(db, {
      partnerId: ashdown,
      unitId: unit,
      authorId: me.id,
      kind: i % 2 ? 'call' : 'email',
      subject: `Routine contact ${i + 1}`,
      occurredAt: new Date(Date.UTC(2026, 0, 1) + i * 3_600_000),
    });
  }
  page = await h.newPage({ width: 1280, height: 900 });
});
afterAll(async () => {
  await h?.close();
});

const main = () => page.getByRole('main');
const timeline = () => main().getByRole('list', { name: 'Timeline' });
const entry = (subject: string) =>
  timeline()
    .getByRole('listitem')
    .filter({ has: page.getByText(subject, { exact: true }) });
/** Axe and a full-page screenshot, and the screen as a person sees it (the viewport), to look at. */
async function screen(name: string) {
  await checkScreen(page, name);
  await page.screenshot({ path: `${SCREENSHOTS}/${name}-viewport.png` });
}
/** Waits for what the page shows to settle: a fetch may take a few seconds on a busy machine. */
const eventually = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 20_000 });
/** React Router warns on a direct load of a lazily loaded route (every page; not this one's doing). */
const directLoad = [/No `HydrateFallback` element/];

describe('touch points on the partner page', () => {
  it('logs a joint meeting for two partners naming a colleague and the other partner’s contact', async () => {
    await signIn(page, h.url, 'rhea@northmoor.ac.uk', PASSWORD);
    await page.goto(`${h.url}/partners/${ashdown}`);
    await main().getByRole('heading', { name: 'Ashdown Building Society' }).waitFor();
    await main().getByRole('button', { name: 'Log touch point' }).click();
    const dialog = page.getByRole('dialog', { name: 'Log a touch point' });
    await dialog.getByLabel(/^Subject/).fill('Joint placement meeting');
    await dialog.getByLabel(/^Other partners it concerns/).fill('Calder');
    await page.getByRole('option', { name: 'Calder Logistics' }).waitFor();
    // Found by the same search, an archived partner is not offered.
    expect(await page.getByRole('option', { name: 'Calder Lime Works' }).count()).toBe(0);
    await page.getByRole('option', { name: 'Calder Logistics' }).click();
    await dialog.getByLabel(/^Colleagues who took part/).fill('Cal C');
    await page.getByRole('option', { name: /Cal Colleague/ }).click();
    await dialog.getByLabel(/^Contacts who took part/).click();
    await page.getByRole('option', { name: 'Priya Singh (Head of HR, Calder Logistics)' }).click();
    // The recording unit's relationship with the partner is chosen already.
    await eventually(() => dialog.getByLabel(/^Relationship/).inputValue()).toBe(
      'Research Office with Ashdown Building Society',
    );
    await page.keyboard.press('Escape');
    await screen('tp01-log-joint-meeting-1280');
    await dialog.getByRole('button', { name: 'Log touch point' }).click();
    await dialog.waitFor({ state: 'detached' });
    const joint = entry('Joint placement meeting');
    await joint.waitFor();
    expect(await joint.textContent()).toContain('Also with Calder Logistics');
    expect(await joint.textContent()).toContain('with Cal Colleague');
    expect(await joint.textContent()).toContain('Priya Singh');
    await joint.getByRole('link', { name: 'Calder Logistics' }).click();
    await main().getByRole('heading', { name: 'Calder Logistics' }).waitFor();
    await entry('Joint placement meeting').waitFor();
    expect(await entry('Joint placement meeting').textContent()).toContain(
      'Also with Ashdown Building Society',
    );
    // Last year's panel loads just after the page.
    await main()
      .getByRole('heading', { name: /Last 12 months: 1 touch points/ })
      .waitFor();
    await screen('tp02-joint-on-second-partner-1280');
    expectCleanConsole(page, 'logging a joint meeting', directLoad);
  });

  it('corrects it from the timeline', async () => {
    await main().getByRole('button', { name: 'Correct “Joint placement meeting”' }).click();
    const dialog = page.getByRole('dialog', { name: 'Correct the touch point' });
    const subject = dialog.getByLabel(/^Subject/);
    await eventually(() => subject.inputValue()).toBe('Joint placement meeting');
    await subject.fill('Joint placement review');
    await screen('tp03-correct-1280');
    await dialog.getByRole('button', { name: 'Save correction' }).click();
    await dialog.waitFor({ state: 'detached' });
    // Its History says what the correction changed, in words.
    await entry('Joint placement review')
      .getByRole('button', { name: 'History of Joint placement review' })
      .click();
    const history = page.getByRole('dialog', { name: 'History of “Joint placement review”' });
    await history.getByText('Subject:').first().waitFor();
    await history.getByText('Joint placement meeting → Joint placement review').waitFor();
    await checkScreen(page, 'tp03b-history-1280');
    await page.keyboard.press('Escape');
    await history.waitFor({ state: 'detached' });
    await entry('Joint placement review').getByRole('link', { name: 'Ashdown Building Society' }).click();
    await main().getByRole('heading', { name: 'Ashdown Building Society' }).waitFor();
    await entry('Joint placement review').waitFor();
  });

  it('shows more of a long timeline, a page at a time', async () => {
    await main().getByRole('tab', { name: 'Timeline' }).click();
    await page.waitForURL(`**/partners/${ashdown}/timeline`);
    const items = timeline().getByRole('listitem');
    await eventually(() => items.count()).toBe(50);
    await main().getByRole('button', { name: 'Show more' }).click();
    await eventually(() => items.count()).toBe(61);
    await entry('Routine contact 1').waitFor();
    expect(await main().getByRole('button', { name: 'Show more' }).count()).toBe(0);
  });

  it('filters by words and kind, kept in the address', async () => {
    await main().getByLabel('Words').fill('review');
    await page.waitForURL(/q=review/);
    await eventually(() => timeline().getByRole('listitem').count()).toBe(1);
    await entry('Joint placement review').waitFor();
    await screen('tp04-filtered-1280');
    await page.reload();
    await entry('Joint placement review').waitFor();
    expect(await main().getByLabel('Words').inputValue()).toBe('review');
    await main().getByRole('button', { name: 'Clear filters' }).click();
    await page.waitForURL((url) => !url.search.includes('q='));
    await eventually(() => timeline().getByRole('listitem').count()).toBe(50);
    await main().getByLabel('Kind').click();
    await page.getByRole('option', { name: 'Call' }).click();
    await page.waitForURL(/kind=call/);
    await eventually(() => timeline().getByRole('listitem').count()).toBe(30);
    await main().getByRole('button', { name: 'Clear filters' }).click();
    await eventually(() => timeline().getByRole('listitem').count()).toBe(50);
  });

  it('deletes it from both timelines, after asking', async () => {
    await main().getByRole('button', { name: 'Delete “Joint placement review”' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete the touch point?' });
    expect(await dialog.textContent()).toContain("both partners' timelines");
    await screen('tp05-delete-1280');
    await dialog.getByRole('button', { name: 'Delete' }).click();
    await dialog.waitFor({ state: 'detached' });
    await eventually(() => entry('Joint placement review').count()).toBe(0);
    await page.goto(`${h.url}/partners/${calder}`);
    await main().getByText('No touch points yet.').waitFor();
    expectCleanConsole(page, 'correcting, paging, filtering and deleting', directLoad);
  });

  it('fits a phone at 390 px, the filters folded away', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${h.url}/partners/${ashdown}/timeline`);
    await entry('Routine contact 60').waitFor();
    await screen('tp06-partner-timeline-390');
    const wide = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(wide).toBeLessThanOrEqual(390);
    await main()
      .getByRole('button', { name: /^Filters and sort/ })
      .click();
    await main().getByLabel('Words').waitFor();
    await screen('tp07-partner-filters-390');
    await main().getByRole('button', { name: 'Log touch point' }).click();
    await page.getByRole('dialog', { name: 'Log a touch point' }).waitFor();
    await screen('tp08-log-dialog-390');
    expectCleanConsole(page, 'the partner page at 390 px', directLoad);
  });
});
