import { eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { partnerTypes } from '../server/src/db/schema/partner-types.ts';
import { playbookRuns } from '../server/src/db/schema/playbooks.ts';
import { units } from '../server/src/db/schema/units.ts';
import { JOB } from '../server/src/jobs/names.ts';
import { relationshipStore } from '../server/src/modules/relationships/relationships.repository.ts';
import { buildPartner, buildUnit, buildUser, partnerTypeId } from '../server/src/test/factories/index.ts';
import { checkScreen, expectNoOverlap, type Harness, SCREENSHOTS, signIn, startHarness } from './harness.ts';

const PASSWORD = 'correct horse battery staple';
let h: Harness;
let partnerId: string;
let spareUnit: string;
let waitingRelationship: string;

/**
 * Maya starts Careers' relationship with Kestrel Foods (through the relationship's own write
 * path, so its event starts the playbook); Ada administers the playbooks and approval rules.
 */
beforeAll(async () => {
  h = await startHarness();
  const db = h.database.db;
  const careers = (await buildUnit(db, { name: 'Careers and Employability' })).id;
  spareUnit = (await buildUnit(db, { name: 'Summer Schools Office' })).id;
  const maya = await buildUser(db, {
    email: 'maya@northmoor.ac.uk',
    name: 'Maya Manager',
    role: 'relationship_manager',
    unitId: careers,
    password: PASSWORD,
  });
  await buildUser(db, {
    email: 'ada@northmoor.ac.uk',
    name: 'Ada Admin',
    role: 'administrator',
    unitId: careers,
    password: PASSWORD,
  });
  partnerId = (await buildPartner(db, { name: 'Kestrel Foods', typeId: await partnerTypeId(db, 'Employer') }))
    .id;
  await db.transaction((tx) =>
    relationshipStore.create(
      tx,
      { actor: { userId: maya.id, tokenId: null }, requestId: null },
      {
        unitId: careers,
        partnerId,
        managerId: maya.id,
        stage: 'getting_to_know',
        status: 'active',
        objectives: null,
        cadenceDays: null,
        startDate: null,
        reviewDate: null,
      },
    ),
  );
  // A partner type added without steps, and a relationship that began while it had none.
  const [college] = await db.insert(partnerTypes).values({ name: 'Further education college' }).returning();
  const collegeId = (await buildPartner(db, { name: 'Northmoor College', typeId: college!.id })).id;
  waitingRelationship = (
    await db.transaction((tx) =>
      relationshipStore.create(
        tx,
        { actor: { userId: maya.id, tokenId: null }, requestId: null },
        {
          unitId: careers,
          partnerId: collegeId,
          managerId: maya.id,
          stage: 'getting_to_know',
          status: 'active',
          objectives: null,
          cadenceDays: null,
          startDate: null,
          reviewDate: null,
        },
      ),
    )
  ).id;
  await h.app.jobs.trigger(JOB.deliverEvents);
  await h.app.jobs.drain();
});
afterAll(async () => {
  await h?.close();
});

const main = (page: Page) => page.getByRole('main');

async function signOut(page: Page) {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('heading', { name: 'Sign in to Rapport' }).waitFor();
}

/** The screen checked with axe at 1280 and (reloaded, as a phone opens it) at 375 px. */
async function atBothWidths(page: Page, name: string, ready: () => Promise<unknown>) {
  for (const width of [1280, 375]) {
    await page.setViewportSize({ width, height: width === 375 ? 800 : 900 });
    await page.reload();
    await ready();
    if (width === 375) await expectNoOverlap(page, name);
    await checkScreen(page, `${name}-${width}`);
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

describe('getting-to-know-you playbooks', () => {
  it('shows the run on Home and the partner page; a step ticked by hand needs evidence', async () => {
    const page = await h.newPage({ width: 1280, height: 900 });
    await signIn(page, h.url, 'maya@northmoor.ac.uk', PASSWORD);
    const home = main(page).getByRole('region', { name: 'Getting to know new partners' });
    await home.getByRole('link', { name: 'Kestrel Foods' }).waitFor({ timeout: 20_000 });
    await expect.poll(() => home.getByText('0 of 5').count(), { timeout: 20_000 }).toBe(1);
    await home.getByRole('link', { name: 'Kestrel Foods' }).click();

    const section = main(page).getByRole('region', { name: 'Getting to know each other' });
    await section.getByText('Hold an introductory meeting').waitFor({ timeout: 20_000 });
    await atBothWidths(page, 'playbook-partner', () =>
      section.getByText('0 of 5 steps done', { exact: false }).waitFor({ timeout: 20_000 }),
    );

    await section.getByRole('button', { name: /^Tick “Exchange information/ }).click();
    const dialog = page.getByRole('dialog', { name: /^Tick: Exchange information/ });
    await dialog.getByRole('button', { name: 'Tick the step' }).click();
    await dialog.getByText('Enter', { exact: false }).first().waitFor();
    await checkScreen(page, 'playbook-tick-invalid-1280');
    await dialog.getByRole('textbox', { name: 'Evidence' }).fill('Swapped service guides at the first visit');
    await dialog.getByRole('button', { name: 'Tick the step' }).click();
    await dialog.waitFor({ state: 'detached', timeout: 20_000 });
    await section
      .getByText(/Ticked by Maya Manager on .*: Swapped service guides at the first visit/)
      .waitFor({
        timeout: 20_000,
      });
    await section.getByText('1 of 5 steps done', { exact: false }).waitFor({ timeout: 20_000 });
    await page.screenshot({ path: `${SCREENSHOTS}/playbook-ticked-1280.png`, fullPage: true });
    await page.goto(h.url);
    await expect.poll(() => home.getByText('1 of 5').count(), { timeout: 20_000 }).toBe(1);
    await atBothWidths(page, 'playbook-home', () => home.getByText('1 of 5').waitFor({ timeout: 20_000 }));
    await signOut(page);
    await page.close();
  });

  it('lets an administrator edit a partner type’s steps, with errors by the field', async () => {
    const page = await h.newPage({ width: 1280, height: 900 });
    await signIn(page, h.url, 'ada@northmoor.ac.uk', PASSWORD);
    await page.goto(`${h.url}/admin/playbooks`);
    await main(page)
      .getByRole('heading', { name: 'Getting-to-know-you playbooks' })
      .waitFor({ timeout: 20_000 });
    await main(page).getByRole('combobox', { name: 'Partner type' }).click();
    await page.getByRole('option', { name: 'Employer', exact: true }).click();
    const form = main(page).getByRole('form', { name: 'Steps for Employer' });
    await form.getByRole('group', { name: 'Step 5' }).waitFor({ timeout: 20_000 });
    await atBothWidths(page, 'playbook-admin', async () => {
      await main(page).getByRole('combobox', { name: 'Partner type' }).click();
      await page.getByRole('option', { name: 'Employer', exact: true }).click();
      await form.getByRole('group', { name: 'Step 5' }).waitFor({ timeout: 20_000 });
    });

    await form.getByRole('button', { name: 'Add a step' }).click();
    const added = form.getByRole('group', { name: 'Step 6' });
    await added.getByRole('textbox', { name: 'What to do' }).fill('Visit their site');
    await added.getByRole('combobox', { name: 'Done when' }).click();
    await page.getByRole('option', { name: 'A touch point of a kind is logged' }).click();
    await form.getByRole('button', { name: 'Save playbook' }).click();
    await added.getByText('Choose the kind of touch point').waitFor();
    await checkScreen(page, 'playbook-admin-invalid-1280');
    await added.getByRole('combobox', { name: 'Kind of touch point' }).click();
    await page.getByRole('option', { name: 'Visit', exact: true }).click();
    await form.getByRole('button', { name: 'Move step 6 up' }).click();
    await form.getByRole('button', { name: 'Save playbook' }).click();
    await page.getByText('Playbook saved').waitFor({ timeout: 20_000 });
    await page.reload();
    await main(page).getByRole('combobox', { name: 'Partner type' }).click();
    await page.getByRole('option', { name: 'Employer', exact: true }).click();
    await expect
      .poll(
        () =>
          form
            .getByRole('group', { name: 'Step 5' })
            .getByRole('textbox', { name: 'What to do' })
            .inputValue(),
        {
          timeout: 20_000,
        },
      )
      .toBe('Visit their site');
    await page.close();
  });
  it('starts a new playbook on the relationships that began before it had steps', async () => {
    const page = await h.newPage({ width: 1280, height: 900 });
    await signIn(page, h.url, 'ada@northmoor.ac.uk', PASSWORD);
    await page.goto(`${h.url}/admin/playbooks`);
    const choose = async () => {
      await main(page).getByRole('combobox', { name: 'Partner type' }).click();
      await page.getByRole('option', { name: 'Further education college', exact: true }).click();
    };
    await choose();
    const form = main(page).getByRole('form', { name: 'Steps for Further education college' });
    await form.getByText('No steps: no playbook starts for this partner type.').waitFor({ timeout: 20_000 });
    const waiting = main(page).getByRole('region', { name: 'Relationships already under way' });
    expect(await waiting.count()).toBe(0);

    await form.getByRole('button', { name: 'Add a step' }).click();
    await form
      .getByRole('group', { name: 'Step 1' })
      .getByRole('textbox', { name: 'What to do' })
      .fill('Meet the principal');
    await form.getByRole('button', { name: 'Save playbook' }).click();
    await page.getByText('Playbook saved').waitFor({ timeout: 20_000 });
    await waiting
      .getByText('1 active relationship with Further education college partners began')
      .waitFor({ timeout: 20_000 });
    await atBothWidths(page, 'playbook-waiting', async () => {
      await choose();
      await waiting
        .getByRole('button', { name: 'Start it on that relationship' })
        .waitFor({ timeout: 20_000 });
    });
    await waiting.getByRole('button', { name: 'Start it on that relationship' }).click();
    await page.getByText('Playbook started on 1 relationship').waitFor({ timeout: 20_000 });
    await waiting.waitFor({ state: 'detached', timeout: 20_000 });
    const runs = await h.database.db
      .select({ reason: playbookRuns.reason })
      .from(playbookRuns)
      .where(eq(playbookRuns.relationshipId, waitingRelationship));
    expect(runs).toEqual([{ reason: 'applied' }]);
    await page.close();
  });
});

describe('agreement approval rules (administration)', () => {
  it('adds, edits and removes rules, showing the API’s errors by the field', async () => {
    const page = await h.newPage({ width: 1280, height: 900 });
    await signIn(page, h.url, 'ada@northmoor.ac.uk', PASSWORD);
    await page.goto(`${h.url}/admin/approval-rules`);
    const form = main(page).getByRole('region', { name: 'Rules' });
    await form.getByRole('button', { name: 'Add a rule' }).waitFor({ timeout: 20_000 });
    await atBothWidths(page, 'approval-rules', () =>
      form.getByRole('button', { name: 'Add a rule' }).waitFor({ timeout: 20_000 }),
    );

    // Contracts need a senior manager; the spare unit's service levels its relationship managers.
    await form.getByRole('button', { name: 'Add a rule' }).click();
    const first = form.getByRole('group', { name: 'Rule 1' });
    await first.getByRole('combobox', { name: 'Kind of agreement' }).click();
    await page.getByRole('option', { name: 'Contract', exact: true }).click();
    await first.getByRole('combobox', { name: 'Approved by' }).click();
    await page.getByRole('option', { name: 'A senior manager over the unit' }).click();
    await form.getByRole('button', { name: 'Add a rule' }).click();
    const second = form.getByRole('group', { name: 'Rule 2' });
    await second.getByRole('combobox', { name: 'Kind of agreement' }).click();
    await page.getByRole('option', { name: 'Contract', exact: true }).click();
    // The same unit, kind and field twice is refused on the rule, before anything is sent.
    await form.getByRole('button', { name: 'Save rules' }).click();
    await second.getByText('repeats a rule for the same unit, kind and field').waitFor();
    await checkScreen(page, 'approval-rules-invalid-1280');
    await second.getByRole('combobox', { name: 'Unit' }).click();
    await page.getByRole('option', { name: 'Summer Schools Office' }).click();
    await second.getByRole('combobox', { name: 'Kind of agreement' }).click();
    await page.getByRole('option', { name: 'Service level agreement' }).click();

    // The unit goes while the page is open: the API names the field, and the page shows it there.
    await h.database.db.delete(units).where(eq(units.id, spareUnit));
    await form.getByRole('button', { name: 'Save rules' }).click();
    await second.getByText('does not name a unit').waitFor({ timeout: 20_000 });
    await checkScreen(page, 'approval-rules-api-error-1280');
    await form.getByRole('button', { name: 'Remove rule 2' }).click();
    await form.getByRole('button', { name: 'Save rules' }).click();
    await page.getByText('Approval rules saved').waitFor({ timeout: 20_000 });
    await page.reload();
    const kept = form.getByRole('group', { name: 'Rule 1' });
    await expect
      .poll(() => kept.getByRole('combobox', { name: 'Kind of agreement' }).inputValue(), { timeout: 20_000 })
      .toBe('Contract');
    expect(await kept.getByRole('combobox', { name: 'Approved by' }).inputValue()).toBe(
      'A senior manager over the unit',
    );
    expect(await form.getByRole('group', { name: 'Rule 2' }).count()).toBe(0);
    await page.close();
  });
});
