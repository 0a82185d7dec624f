import { and, eq } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notifications } from '../../db/schema/notifications.ts';
import { touchpointReaders } from '../../db/schema/touchpoints.ts';
import { JOB } from '../../jobs/names.ts';
import { type Agent, createTestApp, type TestApp } from '../../test/app.ts';
import { buildPartner, buildTask, buildTouchpoint, buildUnit } from '../../test/factories/index.ts';
import { remindDueTasks, universityToday } from './reminders.job.ts';

let t: TestApp;
let unit: string;
let assignee: Agent;
let setter: Agent;
let partner: string;
let today: string;
const day = (offset: number) => DateTime.fromISO(today).plus({ days: offset }).toISODate()!;

beforeAll(async () => {
  // Jobs run in this process, so the events reach the notices subscriber as in production.
  t = await createTestApp({}, { jobs: { work: true, queue: 'in-process' } });
  unit = (await buildUnit(t.db)).id;
  assignee = await t.signIn('staff', { unitId: unit });
  setter = await t.signIn('staff', { unitId: unit });
  partner = (await buildPartner(t.db, { name: 'Otley Brewing' })).id;
  today = await universityToday(t.db);
});
afterAll(() => t.close());

/** Runs the sweep, then waits for the events it recorded to be delivered. */
async function sweep() {
  const due = await remindDueTasks(t.db);
  await t.app.jobs.trigger(JOB.deliverEvents);
  await t.app.jobs.drain();
  return due;
}

const remindersOf = (userId: string) =>
  t.db
    .select()
    .from(notifications)
    .where(and(eq(notifications.userId, userId), eq(notifications.kind, 'task_due')));

describe('task reminders', () => {
  it('tells the assignee once when a task falls due, in words, and again for a new due date', async () => {
    const task = await buildTask(t.db, {
      assigneeId: assignee.user.id,
      createdById: setter.user.id,
      title: 'Confirm the open day',
      dueOn: day(0),
      partnerId: partner,
    });
    await buildTask(t.db, {
      assigneeId: assignee.user.id,
      title: 'Not yet',
      dueOn: day(1),
      partnerId: partner,
    });
    await buildTask(t.db, {
      assigneeId: assignee.user.id,
      title: 'Already done',
      dueOn: day(0),
      doneAt: new Date(),
      partnerId: partner,
    });
    expect(await sweep()).toBe(1);
    const [reminder, ...more] = await remindersOf(assignee.user.id);
    expect(more).toEqual([]);
    const words = DateTime.fromISO(today).setLocale('en-GB').toFormat('ccc d LLL yyyy');
    expect(reminder).toMatchObject({
      title: 'Task due: Confirm the open day',
      body: `Otley Brewing · Due ${words}.`,
      link: '/tasks?assigneeId=me&done=false',
    });
    // Another sweep (or a second worker) reminds nobody again, and the task's version is untouched.
    expect(await sweep()).toBe(0);
    expect(await remindersOf(assignee.user.id)).toHaveLength(1);
    const seen = (await t.call(assignee, 'GET', `/api/v1/tasks/${task.id}`)).json();
    expect(seen.version).toBe(1);

    // The history says it fell due; a new due date that has come brings a new reminder.
    const history = (await t.call(assignee, 'GET', `/api/v1/tasks/${task.id}/history`)).json();
    expect(history.items.length).toBeGreaterThan(0);
    const moved = await t.call(
      assignee,
      'PATCH',
      `/api/v1/tasks/${task.id}`,
      { dueOn: day(-1) },
      { 'if-match': '"v1"' },
    );
    expect(moved.statusCode).toBe(200);
    expect(await sweep()).toBe(1);
    expect(await remindersOf(assignee.user.id)).toHaveLength(2);
  });

  it('does not tell an assignee who can no longer read the task’s confidential touch point', async () => {
    const other = await t.signIn('staff', { unitId: unit });
    const tp = await buildTouchpoint(t.db, {
      partnerId: partner,
      unitId: unit,
      authorId: setter.user.id,
      visibility: 'confidential',
      readerIds: [other.user.id],
    });
    await buildTask(t.db, {
      assigneeId: other.user.id,
      createdById: setter.user.id,
      title: 'Quiet word with the director',
      dueOn: day(0),
      touchpointId: tp.id,
      partnerId: partner,
    });
    // Taken off the readers after the task was set.
    await t.db
      .delete(touchpointReaders)
      .where(and(eq(touchpointReaders.touchpointId, tp.id), eq(touchpointReaders.userId, other.user.id)));
    expect(await sweep()).toBe(1);
    expect(await remindersOf(other.user.id)).toEqual([]);
  });

  it('skips tasks that fell due more than a week ago (a fresh install does not flood anyone)', async () => {
    const late = await t.signIn('staff', { unitId: unit });
    await buildTask(t.db, {
      assigneeId: late.user.id,
      title: 'Ancient',
      dueOn: day(-30),
      partnerId: partner,
    });
    await buildTask(t.db, {
      assigneeId: late.user.id,
      title: 'Last week',
      dueOn: day(-6),
      partnerId: partner,
    });
    expect(await sweep()).toBe(1);
    expect((await remindersOf(late.user.id)).map((n) => n.title)).toEqual(['Task due: Last week']);
  });
});
