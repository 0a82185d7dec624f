import { copyFileSync, mkdirSync } from 'node:fs';
import { eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requests } from '../server/src/db/schema/index.ts';
import type { Ctx } from '../server/src/lib/context.ts';
import { createRequest } from '../server/src/modules/requests/requests.service.ts';
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
  type Harness,
  SCREENSHOTS,
  signIn,
  startHarness,
} from './harness.ts';

/** Correcting a request on its page, and moving requests on the board by keyboard and by drag. */
const PASSWORD = 'correct horse battery staple';
/** Screenshots looked at by hand, outside the repository. */
const SHOTS = '/tmp/requests-edit-shots';
let h: Harness;
let page: Page;
let partnerId: string;
/** React Router's warning on a page loaded afresh by address (the app has no hydration fallback). */
const routerWarning = [/HydrateFallback/];
const raised: Record<string, { id: string; reference: number }> = {};

async function shoot(name: string) {
  await checkScreen(page, name);
  mkdirSync(SHOTS, { recursive: true });
  copyFileSync(`${SCREENSHOTS}/${name}.png`, `${SHOTS}/${name}.png`);
}

beforeAll(async () => {
  h = await startHarness();
  const db = h.database.db;
  const it = await buildUnit(db, { name: 'IT Services', kind: 'service' });
  const sam = await buildUser(db, {
    email: 'sam@northmoor.ac.uk',
    name: 'Sam Consultant',
    role: 'staff',
    unitId: it.id,
    password: PASSWORD,
  });
  await buildUser(db, {
    email: 'olivia@northmoor.ac.uk',
    name: 'Olivia Owner',
    role: 'staff',
    unitId: it.id,
    password: PASSWORD,
  });
  await buildUser(db, {
    email: 'vera@northmoor.ac.uk',
    name: 'Vera Viewer',
    role: 'viewer',
    unitId: it.id,
    password: PASSWORD,
  });
  partnerId = (await buildPartner(db, { name: 'School of Chemistry' })).id;
  await buildRelationship(db, { unitId: it.id, partnerId });
  const ada = await buildContact(db, { name: 'Dr Ada Lovelace' });
  await buildAffiliation(db, { contactId: ada.id, partnerId, role: 'Local Computing Representative' });
  // Raised through the service, as the API would: due dates, readers, the first timeline entry.
  const ctx = {
    db,
    actor: {
      kind: 'staff',
      userId: sam.id,
      role: 'staff',
      unitId: it.id,
      unitScope: [it.id],
      sessionId: null,
      tokenId: null,
      readOnly: false,
    },
    requestId: 'e2e',
    log: h.app.log,
    jobs: h.app.jobs,
  } as Ctx;
  for (const title of ['Lab printers offline', 'Teaching room projector', 'Shared drive full']) {
    const r = await createRequest(ctx, {
      partnerId,
      kind: 'incident',
      title,
      priority: 'normal',
      relationshipId: null,
      raisedByContactId: null,
      raisedByUserId: null,
      ownerId: null,
      visibility: 'institution',
      readerIds: [],
      description: 'Reported at the School meeting',
    });
    raised[title] = { id: r.id, reference: r.reference };
  }
});
afterAll(async () => {
  await h?.close();
});

const statusOf = async (id: string) =>
  (await h.database.db.select({ status: requests.status }).from(requests).where(eq(requests.id, id)))[0]!
    .status;

describe('correcting a request and moving it on the board', () => {
  it('edits the owner, priority and raising contact, and the timeline shows the change', async () => {
    page = await h.newPage({ width: 1280, height: 900 });
    await signIn(page, h.url, 'sam@northmoor.ac.uk', PASSWORD);
    await page.goto(`${h.url}/requests/${raised['Lab printers offline']!.id}`);
    await page.getByRole('heading', { name: 'Lab printers offline' }).waitFor();
    await page.getByRole('button', { name: 'Edit' }).click();
    const dialog = page.getByRole('dialog', { name: /Edit request/ });
    await dialog.getByLabel(/^Title/).waitFor();
    await dialog
      .getByLabel(/^Owner/)
      .first()
      .fill('Olivia');
    await page.getByRole('option', { name: /Olivia Owner/ }).click();
    await dialog
      .getByLabel(/^Priority/)
      .first()
      .click();
    await page.getByRole('option', { name: 'High' }).click();
    await dialog
      .getByLabel(/^Raised by/)
      .first()
      .click();
    await page.getByRole('option', { name: /Dr Ada Lovelace/ }).click();
    await shoot('re01-edit-request');
    await dialog.getByRole('button', { name: 'Save changes' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const main = page.getByRole('main');
    await expect.poll(() => main.textContent()).toContain('owner: Olivia Owner');
    await expect.poll(() => main.textContent()).toContain('Raised by: Dr Ada Lovelace');
    const timeline = main.locator('li', { hasText: 'changed' });
    await timeline.getByText('Priority: Normal → High').first().waitFor();
    await timeline.getByText('Owner: none → Olivia Owner').first().waitFor();
    await timeline
      .getByText(/^Response due: .+ → .+, recomputed$/)
      .first()
      .waitFor();
    await timeline.getByText(/^Resolution due: .+ → .+, recomputed$/).waitFor();
    await expect.poll(() => main.textContent()).toContain('First response (4 working h)');
    await shoot('re02-request-after-edit');
    expectCleanConsole(page, 'request edit', routerWarning);
  });

  it('refuses an empty title on the field, and fits a phone', async () => {
    await page.close();
    page = await h.newPage({ width: 390, height: 844 });
    await signIn(page, h.url, 'sam@northmoor.ac.uk', PASSWORD);
    await page.goto(`${h.url}/requests/${raised['Teaching room projector']!.id}`);
    await page.getByRole('heading', { name: 'Teaching room projector' }).waitFor();
    await page.getByRole('button', { name: 'Edit' }).click();
    const dialog = page.getByRole('dialog', { name: /Edit request/ });
    await dialog.getByLabel(/^Title/).fill(' ');
    await dialog.getByRole('button', { name: 'Save changes' }).click();
    await expect.poll(() => dialog.textContent()).toContain('Enter a title');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await shoot('re03-edit-request-phone');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await page.goto(`${h.url}/requests?view=board&partnerId=${partnerId}`);
    await page
      .getByRole('button', { name: /^Move to… #\d+$/ })
      .first()
      .waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await shoot('re03b-board-phone');
    const [row] = await h.database.db
      .select()
      .from(requests)
      .where(eq(requests.id, raised['Teaching room projector']!.id));
    expect(row!.title).toBe('Teaching room projector');
    expectCleanConsole(page, 'request edit on a phone', routerWarning);
  });

  it('moves a card by keyboard with its Move to menu, and announces it', async () => {
    await page.close();
    page = await h.newPage({ width: 1280, height: 900 });
    await signIn(page, h.url, 'sam@northmoor.ac.uk', PASSWORD);
    await page.goto(`${h.url}/requests?view=board&partnerId=${partnerId}`);
    const { id, reference } = raised['Teaching room projector']!;
    const menuButton = page.getByRole('button', { name: `Move to… #${reference}` });
    const menu = page.getByRole('menu');
    // By keyboard: focus the card's menu button and press Enter. Under load the board can still
    // re-render the card as its data settles, taking the focus away: press again until it opens.
    await expect
      .poll(
        async () => {
          if (!(await menu.isVisible())) await menuButton.press('Enter');
          return menu.isVisible();
        },
        { timeout: 30_000, intervals: [1_000] },
      )
      .toBe(true);
    // Only the moves its lifecycle allows: from New, only Triaged.
    await expect.poll(() => menu.getByRole('menuitem').allTextContents()).toEqual(['Triaged']);
    await shoot('re04-board-move-menu');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page
      .getByRole('status')
      .filter({ hasText: `#${reference} Teaching room projector moved to Triaged.` })
      .waitFor();
    await page
      .locator('section[data-status="triaged"]')
      .getByRole('link', { name: /Teaching room projector/ })
      .waitFor();
    expect(await statusOf(id)).toBe('triaged');
    await shoot('re05-board-after-keyboard-move');
    expectCleanConsole(page, 'board keyboard move', routerWarning);
  });

  it('moves a card by drag and drop only to a column its lifecycle allows', async () => {
    const { id, reference } = raised['Shared drive full']!;
    const card = page.locator(`[data-request="${reference}"]`);
    const column = (status: string) => page.locator(`section[data-status="${status}"]`);
    const cardIn = (status: string) => column(status).getByRole('link', { name: /Shared drive full/ });
    // Each step waits on the board's own state (the drag picked up, the pointer over the column,
    // the drag over), never on time: under load the pointer events outrun React and dnd-kit.
    const drag = async (to: string) => {
      await card.scrollIntoViewIfNeeded();
      const from = (await card.boundingBox())!;
      const x = from.x + from.width / 2;
      const y = from.y + from.height - 6;
      await page.mouse.move(x, y);
      await page.mouse.down();
      await page.mouse.move(x + 12, y, { steps: 3 });
      await card.and(page.locator('[data-dragging="true"]')).waitFor();
      await column(to).and(page.locator('[data-accepts]')).waitFor();
      const target = (await column(to).boundingBox())!;
      await page.mouse.move(target.x + target.width / 2, target.y + 40, { steps: 12 });
      if ((await column(to).getAttribute('data-accepts')) === 'true') {
        await column(to).and(page.locator('[data-over="true"]')).waitFor();
      }
      await page.mouse.up();
      await page.locator('[data-dragging="true"]').waitFor({ state: 'detached' });
      await page.locator('section[data-accepts]').first().waitFor({ state: 'detached' });
    };
    /** The status the API saved, as the signed-in user sees it. */
    const savedStatus = async () => {
      const response = await page.request.get(`${h.url}/api/v1/requests/${id}`);
      expect(response.status()).toBe(200);
      return ((await response.json()) as { status: string }).status;
    };
    await cardIn('new').waitFor();
    // New → In progress skips triage: the column does not take it, and nothing is sent.
    await drag('in_progress');
    expect(await column('in_progress').getAttribute('data-over')).toBeNull();
    await cardIn('new').waitFor();
    expect(await savedStatus()).toBe('new');
    await drag('triaged');
    await cardIn('triaged').waitFor();
    await page
      .getByRole('status')
      .filter({ hasText: `#${reference} Shared drive full moved to Triaged.` })
      .waitFor();
    await expect.poll(savedStatus).toBe('triaged');
    expect(await statusOf(id)).toBe('triaged');
    await shoot('re06-board-after-drag');
    expectCleanConsole(page, 'board drag', routerWarning);
    await page.close();
  });

  it('offers a viewer neither Edit nor moves', async () => {
    page = await h.newPage({ width: 1280, height: 900 });
    await signIn(page, h.url, 'vera@northmoor.ac.uk', PASSWORD);
    await page.goto(`${h.url}/requests/${raised['Lab printers offline']!.id}`);
    await page.getByRole('heading', { name: 'Lab printers offline' }).waitFor();
    expect(await page.getByRole('button', { name: 'Edit' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Triage' }).count()).toBe(0);
    await page.goto(`${h.url}/requests?view=board&partnerId=${partnerId}`);
    await page.getByRole('link', { name: /Lab printers offline/ }).waitFor();
    expect(await page.getByRole('button', { name: /^Move to…/ }).count()).toBe(0);
    await page.close();
  });
});
