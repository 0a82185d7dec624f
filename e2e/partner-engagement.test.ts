import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  activities,
  activityAttendance,
  activityInvitations,
  workingGroupMembers,
} from '../server/src/db/schema/activities.ts';
import { hashSecret, newSecret } from '../server/src/modules/auth/secrets.ts';
import {
  buildAffiliation,
  buildContact,
  buildPartner,
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
const DAY = 86_400_000;
let h: Harness;
let groupId = '';
let partnerId = '';

/**
 * IT Services runs a weekly working group that began three weeks ago, with the School of
 * Chemistry's computing representative as a member; the School's people went to a seminar.
 */
beforeAll(async () => {
  h = await startHarness();
  const db = h.database.db;
  const unitId = (await buildUnit(db, { name: 'IT Services' })).id;
  const owner = await buildUser(db, {
    email: 'ines@northmoor.ac.uk',
    name: 'Ines Organiser',
    role: 'staff',
    unitId,
    password: PASSWORD,
  });
  partnerId = (await buildPartner(db, { name: 'School of Chemistry' })).id;
  const rep = await buildContact(db, { name: 'Dr Amal Haddad' });
  await buildAffiliation(db, { contactId: rep.id, partnerId, role: 'Computing representative' });
  // Meetings at 10:00 London time, weekly from three weeks ago (a minute-exact start).
  const start = new Date(Math.floor((Date.now() - 21 * DAY) / 60_000) * 60_000);
  const [group, seminar] = await db
    .insert(activities)
    .values([
      {
        kind: 'working_group' as const,
        title: 'Computing representatives group',
        unitId,
        ownerId: owner.id,
        startsAt: start,
        endsAt: new Date(start.getTime() + 3_600_000),
        recurrence: 'FREQ=WEEKLY',
        location: 'IT Services meeting room',
      },
      {
        kind: 'seminar' as const,
        title: 'Research data seminar',
        unitId,
        ownerId: owner.id,
        startsAt: new Date(Date.now() - 10 * DAY),
        endsAt: new Date(Date.now() - 10 * DAY + 7_200_000),
        location: 'Hub building, room 2.14',
      },
    ])
    .returning();
  groupId = group!.id;
  await db.insert(workingGroupMembers).values({
    activityId: groupId,
    contactId: rep.id,
    partnerId,
    role: 'Chair',
    joinedOn: start.toISOString().slice(0, 10),
  });
  await db.insert(activityInvitations).values({
    activityId: seminar!.id,
    contactId: rep.id,
    tokenHash: hashSecret(newSecret()),
    status: 'registered',
    invitedAt: new Date(Date.now() - 20 * DAY),
  });
  await db.insert(activityAttendance).values({
    activityId: seminar!.id,
    occurrenceStartsAt: seminar!.startsAt,
    contactId: rep.id,
    status: 'attended',
    recordedById: owner.id,
  });
});
afterAll(async () => {
  await h?.close();
});

const routerWarning = [/No `HydrateFallback` element provided/];

describe('engagement on the partner page and a working group', () => {
  it("records an action agreed at a meeting, owned by the partner's representative, and ticks it off", async () => {
    const page = await h.newPage({ width: 1280, height: 900 });
    await signIn(page, h.url, 'ines@northmoor.ac.uk', PASSWORD);
    await page.goto(`${h.url}/activities/${groupId}`);
    const panel = page.getByRole('region', { name: 'Agreed actions' });
    await panel.getByText('No actions agreed yet.').waitFor({ timeout: 20_000 });
    await checkScreen(page, 'pe01-actions-empty-1280');
    await panel.getByLabel('Action', { exact: true }).fill('Share the lab booking rules with the School');
    await panel.getByLabel('Owner', { exact: true }).click();
    await page.getByRole('option', { name: 'Dr Amal Haddad (School of Chemistry)' }).click();
    await panel.getByRole('button', { name: 'Record action' }).click();
    const item = panel.getByRole('checkbox', { name: 'Share the lab booking rules with the School' });
    await item.waitFor({ timeout: 20_000 });
    await panel.getByText(/Dr Amal Haddad, School of Chemistry/).waitFor();
    await panel.getByRole('heading', { name: /^Meeting of / }).waitFor();
    // Ticked when the server has recorded it (the box is not ticked ahead of the answer), so click
    // and wait for the state, rather than check(), which wants the state at once.
    await item.click();
    await expect.poll(() => item.isChecked(), { timeout: 20_000 }).toBe(true);
    await checkScreen(page, 'pe02-actions-1280');
    expectCleanConsole(page, 'working group actions', routerWarning);
    for (const width of [390, 320]) {
      await page.setViewportSize({ width, height: 844 });
      await checkScreen(page, `pe03-actions-${width}`);
      await expectNoOverlap(page, `working group actions at ${width} px`);
    }
    await page.context().close();
  });

  it("shows the partner's activities with attendance and its working groups, at desk and phone widths", async () => {
    for (const width of [1280, 390, 320]) {
      const page = await h.newPage({ width, height: 900 });
      await signIn(page, h.url, 'ines@northmoor.ac.uk', PASSWORD);
      await page.goto(`${h.url}/partners/${partnerId}/activities`, { waitUntil: 'commit' });
      await page.locator('#root div').first().waitFor();
      await checkScreen(page, `pe04-partner-activities-loading-${width}`);
      const activitiesPanel = page.getByRole('region', { name: 'Activities' });
      const upcoming = activitiesPanel.getByRole('list', { name: 'Upcoming activities' });
      await upcoming
        .getByRole('link', { name: 'Computing representatives group' })
        .waitFor({ timeout: 20_000 });
      await upcoming.getByText(/^Next meeting /).waitFor();
      const past = activitiesPanel.getByRole('list', { name: 'Past activities' });
      await past.getByRole('link', { name: 'Research data seminar' }).waitFor();
      await past.getByText('1 came · 0 did not come · 1 registered').waitFor();
      const groups = page.getByRole('region', { name: 'Working groups' });
      await groups.getByRole('link', { name: 'Computing representatives group' }).waitFor();
      await groups.getByText('Member', { exact: true }).waitFor();
      await groups.getByText(/Dr Amal Haddad, Chair · joined/).waitFor();
      await expect.poll(() => page.getByText(/Loading/).count(), { timeout: 20_000 }).toBe(0);
      await checkScreen(page, `pe05-partner-activities-${width}`);
      if (width < 500) await expectNoOverlap(page, `partner activities at ${width} px`);
      expectCleanConsole(page, `partner activities at ${width} px`, routerWarning);
      await page.context().close();
    }
  }, 240_000);
});
