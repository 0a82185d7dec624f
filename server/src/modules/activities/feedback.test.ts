import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activities, activityFeedback, activityInvitations } from '../../db/schema/activities.ts';
import { events } from '../../db/schema/events.ts';
import { type Agent, createTestApp, type TestApp } from '../../test/app.ts';
import { buildContact, buildUnit } from '../../test/factories/index.ts';
import { hashSecret, newSecret } from '../auth/secrets.ts';

let t: TestApp;
let organiser: Agent;
let colleague: Agent;
let outsider: Agent;
let viewer: Agent;

beforeAll(async () => {
  t = await createTestApp();
  const unitId = (await buildUnit(t.db, { name: 'Careers Service' })).id;
  organiser = await t.signIn('staff', { unitId });
  colleague = await t.signIn('staff', { unitId });
  outsider = await t.signIn('staff');
  viewer = await t.signIn('viewer', { unitId });
});
afterAll(() => t.close());

const createActivity = async (body: Record<string, unknown> = {}) => {
  const response = await t.call(organiser, 'POST', '/api/v1/activities', {
    kind: 'seminar',
    title: `Employer seminar ${randomUUID().slice(0, 6)}`,
    start: '2027-12-08T14:00',
    end: '2027-12-08T16:00',
    ...body,
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { id: string; version: number };
};

/** An invited contact and the private link their e-mail would carry (the mail itself is invitations.test.ts's). */
async function invite(activityId: string) {
  const contact = await buildContact(t.db, { name: `Guest ${randomUUID().slice(0, 6)}` });
  const token = newSecret();
  await t.db.insert(activityInvitations).values({
    activityId,
    contactId: contact.id,
    email: null,
    tokenHash: hashSecret(token),
    status: 'invited',
    invitedAt: new Date(),
  });
  return { contact, token };
}

const register = async (token: string) => {
  const r = await t.call(null, 'POST', `/api/v1/public/invitations/${token}/register`);
  expect(r.statusCode, r.body).toBe(200);
};

/** Moves the activity in time: `startedAgo` and `endedAgo` in hours (negative: still to come). */
const shift = (activityId: string, startedAgo: number, endedAgo: number) =>
  t.db
    .update(activities)
    .set({
      startsAt: sql`now() - make_interval(hours => ${startedAgo})`,
      endsAt: sql`now() - make_interval(hours => ${endedAgo})`,
    })
    .where(eq(activities.id, activityId));

const feedbackBy = (token: string, body: unknown) =>
  t.call(null, 'POST', `/api/v1/public/invitations/${token}/feedback`, body);
const answersFor = (activityId: string) =>
  t.db.select().from(activityFeedback).where(eq(activityFeedback.activityId, activityId));

describe('feedback on an activity', () => {
  it('is given once by the private link after the activity, and summarised for its organisers', async () => {
    const activity = await createActivity();
    const priya = await invite(activity.id);
    const tom = await invite(activity.id);
    await register(priya.token);
    await register(tom.token);

    // Before it starts, the form is not open, and an answer is refused.
    const early = await feedbackBy(priya.token, { rating: 5 });
    expect(early.statusCode).toBe(409);
    expect(early.json().detail).toBe('Feedback opens when the activity starts');
    expect(await answersFor(activity.id)).toHaveLength(0);

    await shift(activity.id, 3, 1);
    const page = await t.call(null, 'GET', `/api/v1/public/invitations/${priya.token}`);
    expect(page.statusCode, page.body).toBe(200);
    expect(page.json().feedback).toEqual({ open: true, given: false, reason: null });

    const given = await feedbackBy(priya.token, {
      rating: 5,
      useful: '  Meeting the placement team  ',
      change: 'A longer question time',
    });
    expect(given.statusCode, given.body).toBe(200);
    expect(given.json().feedback).toMatchObject({ open: false, given: true });
    // Two answers by the same link at once: one is kept.
    const both = await Promise.all([
      feedbackBy(tom.token, { rating: 3, useful: 'The talks' }),
      feedbackBy(tom.token, { rating: 3, useful: 'The talks, again' }),
    ]);
    expect(both.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    const again = await feedbackBy(priya.token, { rating: 1 });
    expect(again.statusCode).toBe(409);
    expect(again.json().detail).toBe('Feedback has already been given for this activity');

    const summary = await t.call(organiser, 'GET', `/api/v1/activities/${activity.id}/feedback`);
    expect(summary.statusCode, summary.body).toBe(200);
    const body = summary.json();
    expect(body.count).toBe(2);
    expect(body.average).toBe(4);
    expect(body.byRating).toEqual([
      { rating: 1, label: 'Poor', count: 0 },
      { rating: 2, label: 'Fair', count: 0 },
      { rating: 3, label: 'Good', count: 1 },
      { rating: 4, label: 'Very good', count: 0 },
      { rating: 5, label: 'Excellent', count: 1 },
    ]);
    const priyas = body.answers.find((r: { authorName: string }) => r.authorName === priya.contact.name);
    expect(priyas).toMatchObject({
      rating: 5,
      useful: 'Meeting the placement team',
      change: 'A longer question time',
      from: 'contact',
    });
    // The event and the history entry, in the answer's transaction.
    const [event] = await t.db
      .select()
      .from(events)
      .where(and(eq(events.entityId, activity.id), eq(events.name, 'activity.feedback_given')))
      .limit(1);
    expect(event!.actor).toEqual({ kind: 'contact', contactId: expect.any(String) });
  });

  it('is asked only of those who came, and the link expires for the others once the activity is over', async () => {
    const activity = await createActivity();
    const came = await invite(activity.id);
    const noShow = await invite(activity.id);
    const neverRegistered = await invite(activity.id);
    await register(came.token);
    await register(noShow.token);
    await shift(activity.id, 2, -1);
    const mark = (contactId: string, status: string) =>
      t.call(organiser, 'PUT', `/api/v1/activities/${activity.id}/attendance/${contactId}`, { status });
    expect((await mark(came.contact.id, 'attended')).statusCode).toBe(200);
    expect((await mark(noShow.contact.id, 'no_show')).statusCode).toBe(200);

    for (const token of [noShow.token, neverRegistered.token]) {
      const refused = await feedbackBy(token, { rating: 4 });
      expect(refused.statusCode).toBe(409);
      expect(refused.json().detail).toBe('Feedback is asked of those who came');
    }
    expect(await answersFor(activity.id)).toHaveLength(0);

    await shift(activity.id, 5, 2);
    expect((await t.call(null, 'GET', `/api/v1/public/invitations/${came.token}`)).statusCode).toBe(200);
    for (const token of [noShow.token, neverRegistered.token]) {
      const expired = await t.call(null, 'GET', `/api/v1/public/invitations/${token}`);
      expect(expired.statusCode).toBe(410);
    }
    // Sixty days after the end, feedback closes for everyone.
    await shift(activity.id, 61 * 24 + 2, 61 * 24);
    expect((await t.call(null, 'GET', `/api/v1/public/invitations/${came.token}`)).statusCode).toBe(410);
    const late = await feedbackBy(came.token, { rating: 4 });
    expect(late.statusCode).toBe(409);
    expect(late.json().detail).toBe('Feedback for this activity has closed');
    expect(await answersFor(activity.id)).toHaveLength(0);
  });

  it('refuses bad answers with problem+json naming the field, and unknown links, changing nothing', async () => {
    const activity = await createActivity();
    const guest = await invite(activity.id);
    await register(guest.token);
    await shift(activity.id, 3, 1);
    const cases: [unknown, string][] = [
      [{}, 'rating'],
      [{ rating: 0 }, 'rating'],
      [{ rating: 6 }, 'rating'],
      [{ rating: 3.5 }, 'rating'],
      [{ rating: '5' }, 'rating'],
      [{ rating: 2 ** 40 }, 'rating'],
      [{ rating: 4, useful: 'x'.repeat(2_001) }, 'useful'],
      [{ rating: 4, change: ['a'] }, 'change'],
      [{ rating: 4, useful: 'a\u0000b' }, 'useful'],
    ];
    for (const [body, field] of cases) {
      const response = await feedbackBy(guest.token, body);
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(
        response.json().errors.map((e: { field: string }) => e.field),
        response.body,
      ).toContain(field);
    }
    const missing = await feedbackBy(guest.token, { useful: 'No rating' });
    expect(missing.json().errors).toEqual([{ field: 'rating', message: 'Choose a rating' }]);
    expect((await feedbackBy('x'.repeat(19), { rating: 4 })).statusCode).toBe(400);
    expect((await feedbackBy(newSecret(), { rating: 4 })).statusCode).toBe(404);
    expect((await feedbackBy(`${guest.token}%00`, { rating: 4 })).statusCode).toBeLessThan(500);
    expect(await answersFor(activity.id)).toHaveLength(0);
    const staffBad = await t.call(organiser, 'POST', `/api/v1/activities/${activity.id}/feedback`, {
      rating: -1,
    });
    expect(staffBad.statusCode).toBe(400);
    expect(staffBad.json().errors[0].field).toBe('rating');
    expect(await answersFor(activity.id)).toHaveLength(0);
  });

  it('is given by staff signed in, once each; viewers read the results but give none', async () => {
    const activity = await createActivity();
    const url = `/api/v1/activities/${activity.id}/feedback`;
    expect((await t.call(colleague, 'POST', url, { rating: 4 })).statusCode).toBe(409);
    await shift(activity.id, 3, 1);
    const mine = await t.call(colleague, 'POST', url, { rating: 4, useful: 'The employer panel' });
    expect(mine.statusCode, mine.body).toBe(201);
    expect(mine.json()).toMatchObject({ count: 1, average: 4, mine: true, can: { give: false } });
    expect(mine.json().answers[0]).toMatchObject({ from: 'staff', useful: 'The employer panel' });
    expect((await t.call(colleague, 'POST', url, { rating: 2 })).statusCode).toBe(409);
    expect((await t.call(organiser, 'GET', url)).json()).toMatchObject({ mine: false, can: { give: true } });
    const read = await t.call(viewer, 'GET', url);
    expect(read.statusCode).toBe(200);
    expect(read.json().can.give).toBe(false);
    expect((await t.call(viewer, 'POST', url, { rating: 5 })).statusCode).toBe(403);
    expect(await answersFor(activity.id)).toHaveLength(1);
  });

  it('keeps feedback on a confidential activity from everyone the activity is hidden from', async () => {
    const activity = await createActivity({ visibility: 'confidential' });
    const guest = await invite(activity.id);
    await register(guest.token);
    await shift(activity.id, 3, 1);
    expect((await feedbackBy(guest.token, { rating: 2, change: 'Secret remark' })).statusCode).toBe(200);
    const url = `/api/v1/activities/${activity.id}/feedback`;
    expect((await t.call(organiser, 'GET', url)).json().count).toBe(1);
    for (const agent of [outsider, colleague, viewer]) {
      const hidden = await t.call(agent, 'GET', url);
      expect(hidden.statusCode).toBe(404);
      expect(hidden.body).not.toContain('Secret remark');
      // A viewer may give none anywhere (403 by role); staff it is hidden from find nothing.
      expect((await t.call(agent, 'POST', url, { rating: 5 })).statusCode).toBe(agent === viewer ? 403 : 404);
    }
    expect((await t.call(null, 'GET', url)).statusCode).toBe(401);
    expect(await answersFor(activity.id)).toHaveLength(1);
  });
});
