import { mkdirSync } from 'node:fs';
import { inArray } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  consents,
  contacts,
  partners,
  relationships,
  requests,
  tasks,
} from '../server/src/db/schema/index.ts';
import {
  buildAffiliation,
  buildContact,
  buildPartner,
  buildRelationship,
  buildTask,
  buildUnit,
  buildUser,
  partnerTypeId,
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
/** Screenshots to look at (outside the repository). */
const SHOTS = '/tmp/bulk-shots';
/** A selection large enough that its progress shows. */
const COHORT = 300;
let h: Harness;
let page: Page;
const requestIds: string[] = [];
const taskIds: string[] = [];
const contactIds: string[] = [];
const relationshipIds: string[] = [];
const people: Record<string, string> = {};
let kestrel: string;

/** Everyone in the story, signing in with the same password: e-mail, name, role. */
const staff = [
  ['sam@northmoor.ac.uk', 'Sam Staff', 'staff'],
  ['owen@northmoor.ac.uk', 'Owen Owner', 'staff'],
  ['mira@northmoor.ac.uk', 'Mira Manager', 'relationship_manager'],
  ['sol@northmoor.ac.uk', 'Sol Successor', 'relationship_manager'],
] as const;

/** Signs in through the API, as the web app would, and returns a caller for that person. */
async function apiAs(email: string) {
  const login = await h.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email, password: PASSWORD },
  });
  const cookie = login.cookies.find((c) => c.name === 'rapport_session')!.value;
  const csrf = login.json<{ csrfToken: string }>().csrfToken;
  return (method: 'POST', url: string, payload: Record<string, unknown>) =>
    h.app.inject({
      method,
      url: `/api/v1${url}`,
      headers: { cookie: `rapport_session=${cookie}`, 'x-csrf-token': csrf },
      payload,
    });
}

beforeAll(async () => {
  h = await startHarness();
  const db = h.database.db;
  const unit = (await buildUnit(db, { name: 'Careers and Employability' })).id;
  for (const [email, name, role] of staff)
    people[email] = (await buildUser(db, { email, name, role, unitId: unit, password: PASSWORD })).id;
  const partner = (await buildPartner(db, { name: 'Kestrel Foods' })).id;
  kestrel = partner;
  // Three new requests, raised through the API as Sam.
  const asSam = await apiAs('sam@northmoor.ac.uk');
  for (const title of ['Placement portal down', 'Invoice query', 'Careers fair stand']) {
    const raised = await asSam('POST', '/requests', { partnerId: partner, kind: 'incident', title });
    expect(raised.statusCode, raised.body).toBe(201);
    requestIds.push(raised.json<{ id: string }>().id);
  }
  for (const title of ['Send the placement pack', 'Book the stand'])
    taskIds.push(
      (await buildTask(db, { assigneeId: people['sam@northmoor.ac.uk']!, title, dueOn: '2026-11-01' })).id,
    );
  for (const name of ['Dr Hana Okafor', 'Mr Luis Ferreira']) {
    const contact = await buildContact(db, { name });
    await buildAffiliation(db, { contactId: contact.id, partnerId: partner, role: 'Placement officer' });
    contactIds.push(contact.id);
  }
  const typeId = await partnerTypeId(db);
  await db.insert(partners).values(
    Array.from({ length: COHORT }, (_, i) => ({
      name: `Northern Employer ${String(i).padStart(3, '0')}`,
      typeId,
      tags: ['north-east'],
    })),
  );
  // Mira's portfolio, to hand over to Sol: three of the cohort.
  const portfolio = await db
    .select({ id: partners.id })
    .from(partners)
    .where(
      inArray(partners.name, ['Northern Employer 010', 'Northern Employer 011', 'Northern Employer 012']),
    );
  for (const p of portfolio)
    relationshipIds.push(
      (
        await buildRelationship(db, {
          unitId: unit,
          partnerId: p.id,
          managerId: people['mira@northmoor.ac.uk']!,
        })
      ).id,
    );
  mkdirSync(SHOTS, { recursive: true });
  page = await h.newPage({ width: 1280, height: 900 });
  await signIn(page, h.url, 'sam@northmoor.ac.uk', PASSWORD);
});
afterAll(async () => {
  await h?.close();
});

/** React Router's notice on a full page load (every screen has it; not this feature's). */
const HYDRATION = [/HydrateFallback/];
/** Checks the screen with axe and keeps a full-page screenshot to look at. */
const look = async (on: Page, name: string, file: string) => {
  await checkScreen(on, name);
  await on.screenshot({ path: `${SHOTS}/${file}.png`, fullPage: true });
};
/** Waits for the bar's announcement of the selection. */
const expectSelected = (on: Page, text: string) =>
  expect.poll(() => on.getByRole('status').filter({ hasText: 'selected' }).textContent()).toBe(text);

describe('bulk actions in the browser', () => {
  it('selects three requests (one by keyboard) and triages them at once', async () => {
    await page.goto(`${h.url}/requests`);
    await page.getByRole('heading', { name: 'Requests', exact: true }).waitFor();
    const first = page.getByRole('checkbox', { name: /Select #\d+ Placement portal down/ });
    await first.focus();
    await page.keyboard.press('Space');
    await page.getByRole('checkbox', { name: /Select #\d+ Invoice query/ }).check();
    await page.getByRole('checkbox', { name: /Select #\d+ Careers fair stand/ }).check();
    await expectSelected(page, '3 requests selected');
    const bar = page.getByRole('region', { name: 'Bulk actions on requests' });
    await bar.getByLabel('New owner').first().fill('Owen');
    await page.getByRole('option', { name: 'Owen Owner' }).click();
    await bar.getByLabel('New priority').first().click();
    await page.getByRole('option', { name: 'High' }).click();
    await bar.getByLabel('Move to').first().click();
    await page.getByRole('option', { name: 'Triaged' }).click();
    await look(page, 'bulk-01-requests-selected', 'requests-selected-1280');
    await bar.getByRole('button', { name: 'Triage selected' }).click();
    await bar.getByText('Triaged 3 requests.').waitFor();
    const rows = await h.database.db.select().from(requests).where(inArray(requests.id, requestIds));
    expect(rows.map((r) => [r.status, r.priority])).toEqual([
      ['triaged', 'high'],
      ['triaged', 'high'],
      ['triaged', 'high'],
    ]);
    await expect.poll(() => page.getByRole('table').textContent()).not.toContain('Nobody yet');
    await look(page, 'bulk-02-requests-triaged', 'requests-triaged-1280');
    expectCleanConsole(page, 'bulk triage', HYDRATION);
  });

  it('selects every partner that matches the filter and tags them, showing progress', async () => {
    await page.goto(`${h.url}/partners?tag=north-east`);
    await page.getByText(`${COHORT} partners`).waitFor();
    await page.getByRole('checkbox', { name: 'Select every partner shown' }).check();
    const bar = page.getByRole('region', { name: 'Bulk actions on partners' });
    await bar.getByRole('button', { name: `Select all ${COHORT} that match` }).click();
    await expectSelected(page, `${COHORT} partners selected (every one that matches the filters)`);
    await bar.getByLabel('Tag to add or remove').fill('Regional');
    await bar.getByRole('button', { name: 'Add tag' }).click();
    // The progress as it runs: a bar and "n of 300", checked for accessibility while it moves.
    await bar.getByText(new RegExp(`^\\d+ of ${COHORT}$`)).waitFor();
    await look(page, 'bulk-03-partners-progress', 'partners-progress-1280');
    await bar.getByText(`Tagged ${COHORT} partners “regional”.`).waitFor({ timeout: 200_000 });
    const tagged = await h.database.db.select({ tags: partners.tags }).from(partners);
    const cohort = tagged.filter((p) => p.tags.includes('north-east'));
    expect(cohort).toHaveLength(COHORT);
    expect(cohort.every((p) => p.tags.includes('regional'))).toBe(true);
    await look(page, 'bulk-04-partners-tagged', 'partners-tagged-1280');
    expectCleanConsole(page, 'bulk tag', HYDRATION);
  }, 240_000);

  it('says which record refused an action, and changes nothing', async () => {
    await page.goto(`${h.url}/requests?status=triaged&open=false`);
    await page.getByRole('checkbox', { name: /Select #\d+ Invoice query/ }).check();
    const bar = page.getByRole('region', { name: 'Bulk actions on requests' });
    await bar.getByLabel('Move to').first().click();
    // Triaged cannot jump to closed: the lifecycle refuses, and the bar says which request.
    await page.getByRole('option', { name: 'Closed' }).click();
    await bar.getByRole('button', { name: 'Triage selected' }).click();
    await bar
      .getByRole('alert')
      .getByText(/^#\d+ Invoice query: .*cannot move from triaged to closed/)
      .waitFor();
    const rows = await h.database.db.select().from(requests).where(inArray(requests.id, requestIds));
    expect(rows.every((r) => r.status === 'triaged')).toBe(true);
    await look(page, 'bulk-05-refused', 'requests-refused-1280');
    expectCleanConsole(page, 'bulk refused', HYDRATION);
  });

  it('selects the tasks shown and marks them done', async () => {
    await page.goto(`${h.url}/tasks`);
    await page.getByRole('checkbox', { name: 'Select every task shown that you can change' }).check();
    const bar = page.getByRole('region', { name: 'Bulk actions on tasks' });
    await expectSelected(page, '2 tasks selected');
    await look(page, 'bulk-08-tasks-selected', 'tasks-selected-1280');
    await bar.getByRole('button', { name: 'Mark done' }).click();
    await bar.getByText('Marked 2 tasks done.').waitFor();
    const rows = await h.database.db.select().from(tasks).where(inArray(tasks.id, taskIds));
    expect(rows.every((r) => r.doneAt !== null)).toBe(true);
    expectCleanConsole(page, 'bulk tasks', HYDRATION);
  });

  it('shows the real total of tasks beyond the first page, and selects all of them', async () => {
    const partner = (await buildPartner(h.database.db, { name: 'Lindisfarne Trust' })).id;
    const many = await h.database.db
      .insert(tasks)
      .values(
        Array.from({ length: 55 }, (_, i) => ({
          title: `Call back about the bursary ${i}`,
          assigneeId: people['sam@northmoor.ac.uk']!,
          createdById: people['sam@northmoor.ac.uk']!,
          partnerId: partner,
        })),
      )
      .returning({ id: tasks.id });
    await page.goto(`${h.url}/tasks?partnerId=${partner}`);
    await page.getByText('50 of 55 tasks shown').waitFor();
    await page.getByRole('checkbox', { name: 'Select every task shown that you can change' }).check();
    const bar = page.getByRole('region', { name: 'Bulk actions on tasks' });
    await bar.getByRole('button', { name: 'Select all 55 that match' }).click();
    await expectSelected(page, '55 tasks selected (every one that matches the filters)');
    await bar.getByLabel('New due date').fill('2026-12-18');
    await bar.getByRole('button', { name: 'Set due date' }).click();
    await bar.getByText('55 tasks now due 2026-12-18.').waitFor();
    const rows = await h.database.db
      .select({ dueOn: tasks.dueOn })
      .from(tasks)
      .where(
        inArray(
          tasks.id,
          many.map((t) => t.id),
        ),
      );
    expect(rows.filter((r) => r.dueOn === '2026-12-18')).toHaveLength(55);
    expectCleanConsole(page, 'bulk tasks, all that match', HYDRATION);
  });

  it("records the consent of a partner's contacts at once", async () => {
    await page.goto(`${h.url}/contacts?partnerId=${kestrel}`);
    await page.getByRole('heading', { name: 'Contacts', exact: true }).waitFor();
    await page.getByRole('checkbox', { name: 'Select every contact shown' }).check();
    await expectSelected(page, '2 contacts selected');
    const bar = page.getByRole('region', { name: 'Bulk actions on contacts' });
    await bar.getByLabel('Consent', { exact: true }).first().click();
    await page.getByRole('option', { name: 'Given' }).click();
    await bar.getByLabel('Consent recorded on').fill('2026-11-30');
    await look(page, 'bulk-09-contacts-selected', 'contacts-selected-1280');
    await bar.getByRole('button', { name: 'Record consent' }).click();
    await bar.getByText('Consent of 2 contacts: given.').waitFor();
    const rows = await h.database.db.select().from(contacts).where(inArray(contacts.id, contactIds));
    expect(rows.map((r) => [r.consentStatus, r.consentRecordedOn])).toEqual([
      ['given', '2026-11-30'],
      ['given', '2026-11-30'],
    ]);
    // The list shows the new consent once the bar has refreshed it.
    await expect.poll(() => page.getByRole('table').textContent()).not.toContain('Not asked');
    await page.getByRole('checkbox', { name: 'Select Dr Hana Okafor' }).check();
    // "Do not invite" is a withdrawal of the events purpose, chosen by default.
    await expect
      .poll(() => bar.getByLabel('Purpose', { exact: true }).inputValue(), { timeout: 20_000 })
      .toBe('Events and invitations');
    await bar.getByRole('button', { name: 'Withdraw consent', exact: true }).click();
    await bar.getByText('Events and invitations: consent of 1 contact withdrawn.').waitFor();
    const decided = await h.database.db
      .select({ purpose: consents.purpose, decision: consents.decision, source: consents.source })
      .from(consents)
      .where(inArray(consents.contactId, [contactIds[0]!]));
    expect(decided).toEqual([{ purpose: 'events', decision: 'withdrawn', source: 'other' }]);
    expectCleanConsole(page, 'bulk contacts', HYDRATION);
  });

  it("hands a departing manager's relationships to a successor from the relationship list", async () => {
    const mira = await h.newPage({ width: 1280, height: 900 });
    await signIn(mira, h.url, 'mira@northmoor.ac.uk', PASSWORD);
    await mira.goto(`${h.url}/relationships?managerId=${people['mira@northmoor.ac.uk']}`);
    await mira.getByRole('heading', { name: 'Relationships', exact: true }).waitFor();
    await mira.getByText('3 relationships').waitFor();
    expect(await mira.title()).toBe('Relationships · Rapport');
    await mira.getByRole('checkbox', { name: 'Select every relationship shown that you can change' }).check();
    await expectSelected(mira, '3 relationships selected');
    const bar = mira.getByRole('region', { name: 'Bulk actions on relationships' });
    await bar.getByLabel('New relationship manager').first().fill('Sol');
    await mira.getByRole('option', { name: /Sol Successor/ }).click();
    await look(mira, 'bulk-10-relationships-selected', 'relationships-selected-1280');
    await bar.getByRole('button', { name: 'Hand over' }).click();
    await bar.getByText('3 relationships handed to Sol Successor.').waitFor();
    const rows = await h.database.db
      .select({ managerId: relationships.managerId })
      .from(relationships)
      .where(inArray(relationships.id, relationshipIds));
    expect(rows.every((r) => r.managerId === people['sol@northmoor.ac.uk'])).toBe(true);
    // The filter was Mira's: none of hers are left.
    await mira.getByText('No relationships match these filters.').waitFor();
    await look(mira, 'bulk-11-relationships-handed-over', 'relationships-handed-over-1280');
    expectCleanConsole(mira, 'bulk relationships', HYDRATION);
    await mira.close();
  });

  it('works at 390 px', async () => {
    const narrow = await h.newPage({ width: 390, height: 844 });
    await signIn(narrow, h.url, 'sam@northmoor.ac.uk', PASSWORD);
    await narrow.goto(`${h.url}/partners?tag=north-east`);
    await narrow.getByText(`${COHORT} partners`).waitFor();
    await narrow.getByRole('checkbox', { name: 'Select Northern Employer 001' }).check();
    await narrow.getByRole('region', { name: 'Bulk actions on partners' }).waitFor();
    await look(narrow, 'bulk-06-partners-390', 'partners-selected-390');
    await narrow.goto(`${h.url}/requests?open=false`);
    await narrow.getByRole('checkbox', { name: /Select #\d+ Invoice query/ }).check();
    await narrow.getByRole('region', { name: 'Bulk actions on requests' }).waitFor();
    await look(narrow, 'bulk-07-requests-390', 'requests-selected-390');
    await narrow.goto(`${h.url}/contacts?partnerId=${kestrel}`);
    await narrow.getByRole('checkbox', { name: 'Select Mr Luis Ferreira' }).check();
    await narrow.getByRole('region', { name: 'Bulk actions on contacts' }).waitFor();
    await look(narrow, 'bulk-12-contacts-390', 'contacts-selected-390');
    await expectNoOverlap(narrow, 'contacts at 390 px');
    await narrow.goto(`${h.url}/relationships`);
    await narrow.getByRole('heading', { name: 'Relationships', exact: true }).waitFor();
    await narrow.getByText('3 relationships').waitFor();
    await look(narrow, 'bulk-13-relationships-390', 'relationships-390');
    await expectNoOverlap(narrow, 'relationships at 390 px');
    expectCleanConsole(narrow, 'bulk at 390 px', HYDRATION);
    await narrow.close();
  });
});
