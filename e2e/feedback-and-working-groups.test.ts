import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activities, activityFeedback, activityInvitations } from '../server/src/db/schema/activities.ts';
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
let h: Harness;
let activityId = '';
let token = '';
let groupId = '';

beforeAll(async () => {
  h = await startHarness();
  const db = h.database.db;
  const unitId = (await buildUnit(db, { name: 'Careers and Employability' })).id;
  const esme = await buildUser(db, {
    email: 'esme@northmoor.ac.uk',
    name: 'Esme Events',
    role: 'staff',
    unitId,
    password: PASSWORD,
  });
  // A seminar that ended an hour ago, with two who held a place: one answers here, one has answered.
  const hour = 3_600_000;
  const [seminar] = await db
    .insert(activities)
    .values({
      kind: 'seminar',
      title: 'Graduate recruitment seminar',
      unitId,
      ownerId: esme.id,
      startsAt: new Date(Date.now() - 3 * hour),
      endsAt: new Date(Date.now() - hour),
      location: 'Hub building, room 2.14',
    })
    .returning();
  activityId = seminar!.id;
  const priya = await buildContact(db, { name: 'Priya Shah' });
  const tom = await buildContact(db, { name: 'Tom Okafor' });
  token = newSecret();
  await db.insert(activityInvitations).values([
    {
      activityId,
      contactId: priya.id,
      tokenHash: hashSecret(token),
      status: 'registered',
      invitedAt: new Date(),
    },
    {
      activityId,
      contactId: tom.id,
      tokenHash: hashSecret(newSecret()),
      status: 'registered',
      invitedAt: new Date(),
    },
  ]);
  const [tomsPlace] = await db
    .select()
    .from(activityInvitations)
    .where(eq(activityInvitations.contactId, tom.id));
  await db.insert(activityFeedback).values({
    activityId,
    invitationId: tomsPlace!.id,
    rating: 4,
    useful: 'Meeting the placement team',
    change: 'More time for questions',
  });
});
beforeAll(async () => {
  // A working group that meets on the first Tuesday, and a School's computing representative.
  const db = h.database.db;
  const [owner] = await db.select().from(activities).where(eq(activities.id, activityId));
  const [group] = await db
    .insert(activities)
    .values({
      kind: 'working_group',
      title: 'Computing representatives working group',
      unitId: owner!.unitId,
      ownerId: owner!.ownerId,
      startsAt: new Date('2027-01-05T10:00:00Z'),
      endsAt: new Date('2027-01-05T11:30:00Z'),
      recurrence: 'FREQ=MONTHLY;BYDAY=1TU',
      location: 'IT Services meeting room',
    })
    .returning();
  groupId = group!.id;
  const school = await buildPartner(db, { name: 'School of Chemistry' });
  const rep = await buildContact(db, { name: 'Dr Amal Haddad' });
  await buildAffiliation(db, { contactId: rep.id, partnerId: school.id, role: 'Computing representative' });
});
afterAll(async () => {
  await h?.close();
});

const routerWarning = [/No `HydrateFallback` element provided/];

describe('feedback on an activity', () => {
  it('is given by the private link on a phone, without an account', async () => {
    const phone = await h.newPage({ width: 375, height: 812 });
    await phone.goto(`${h.url}/invitations/${token}`);
    const form = phone.getByRole('region', { name: 'Your feedback' });
    await form.getByText('How was it?').waitFor();
    await checkScreen(phone, 'f01-feedback-form-375');
    await expectNoOverlap(phone, 'feedback form at 375 px');
    // Sending with no rating says what is missing, and sends nothing.
    await form.getByRole('button', { name: 'Send feedback' }).click();
    await form.getByText('Choose a rating').waitFor();
    await form.getByRole('radio', { name: 'Excellent' }).check();
    await form.getByLabel('What was useful?').fill('The employer panel');
    await form.getByLabel('What should we change?').fill('A bigger room');
    await form.getByRole('button', { name: 'Send feedback' }).click();
    await form.getByText('Thank you: your feedback has been received.').waitFor();
    await checkScreen(phone, 'f02-feedback-sent-375');
    expectCleanConsole(phone, 'feedback by link');
    await phone.context().close();
  });

  it('shows the results on the activity page as a chart and a table, at desk and phone widths', async () => {
    const page = await h.newPage({ width: 1280, height: 900 });
    await signIn(page, h.url, 'esme@northmoor.ac.uk', PASSWORD);
    await page.goto(`${h.url}/activities/${activityId}`);
    const panel = page.getByRole('region', { name: /^Feedback/ });
    await panel.getByRole('heading', { name: 'Feedback (2)' }).waitFor();
    await panel
      .getByRole('img', { name: /2 answers; Excellent 1, Very good 1, Good 0, Fair 0, Poor 0/ })
      .waitFor();
    await panel.getByText('Average 4.5 out of 5, from 2 answers.').waitFor();
    await panel.getByText('The employer panel').waitFor();
    await panel.getByText('More time for questions').waitFor();
    await panel.getByText('The figures').click();
    const table = panel.getByRole('region', { name: /figures/ });
    await expect.poll(() => table.getByRole('row').count()).toBe(6);
    await checkScreen(page, 'f03-activity-feedback-1280');
    // A member of staff who took part gives theirs.
    await panel.getByRole('radio', { name: 'Good', exact: true }).check();
    await panel.getByRole('button', { name: 'Send feedback' }).click();
    await panel.getByRole('heading', { name: 'Feedback (3)' }).waitFor();
    await panel.getByText('You have given your feedback.').waitFor();
    expect(await panel.getByRole('button', { name: 'Send feedback' }).count()).toBe(0);
    expectCleanConsole(page, 'activity feedback', routerWarning);

    await page.setViewportSize({ width: 375, height: 812 });
    await panel.getByText('Average 4 out of 5, from 3 answers.').waitFor();
    await checkScreen(page, 'f04-activity-feedback-375');
    await expectNoOverlap(page, 'activity feedback at 375 px');
    await page.context().close();
  });

  it("keeps a working group's members over time, at desk and phone widths", async () => {
    const page = await h.newPage({ width: 1280, height: 900 });
    await signIn(page, h.url, 'esme@northmoor.ac.uk', PASSWORD);
    await page.goto(`${h.url}/activities/${groupId}`);
    const panel = page.getByRole('region', { name: /^Members/ });
    await panel.getByText('Nobody has joined yet.').waitFor();
    await panel.getByLabel('Contact', { exact: true }).fill('Amal');
    await page.getByRole('option', { name: 'Dr Amal Haddad' }).click();
    await page.keyboard.press('Escape');
    await expect
      .poll(() => panel.getByLabel('For partner', { exact: true }).inputValue())
      .toBe('School of Chemistry');
    await panel.getByLabel('Role').fill('Chair');
    await panel.getByLabel('Joined on').fill('2027-01-05');
    await panel.getByRole('button', { name: 'Add member' }).click();
    await panel.getByRole('heading', { name: 'Members (1)' }).waitFor();
    const row = panel.getByRole('row', { name: /Dr Amal Haddad/ });
    await row.getByText('School of Chemistry').waitFor();
    await row.getByText('Current member').waitFor();
    await checkScreen(page, 'f05-working-group-1280');
    await row.getByRole('button', { name: 'Record leaving: Dr Amal Haddad' }).click();
    const dialog = page.getByRole('dialog', { name: 'Dr Amal Haddad leaves the group' });
    await dialog.getByLabel('Left on').fill('2027-07-06');
    await checkScreen(page, 'f06-working-group-leaving');
    await dialog.getByRole('button', { name: 'Record leaving' }).click();
    await panel.getByRole('heading', { name: 'Members (0)' }).waitFor();
    await row.getByText('6 Jul 2027').waitFor();
    expectCleanConsole(page, 'working group', routerWarning);

    await page.setViewportSize({ width: 375, height: 812 });
    await checkScreen(page, 'f07-working-group-375');
    await expectNoOverlap(page, 'working group at 375 px');
    await page.context().close();
  });
});
