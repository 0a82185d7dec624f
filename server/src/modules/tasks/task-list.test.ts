import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, createTestApp, type TestApp } from '../../test/app.ts';
import { buildPartner, buildTask, buildTouchpoint, buildUnit } from '../../test/factories/index.ts';
import { universityToday } from './reminders.job.ts';

let t: TestApp;
let unit: string;
let me: Agent;
let colleague: Agent;
let elsewhere: Agent;
let partner: string;
let other: string;
let today: string;
const day = (offset: number) => DateTime.fromISO(today).plus({ days: offset }).toISODate()!;

beforeAll(async () => {
  t = await createTestApp();
  unit = (await buildUnit(t.db, { name: 'Careers' })).id;
  me = await t.signIn('staff', { unitId: unit });
  colleague = await t.signIn('staff', { unitId: unit });
  elsewhere = await t.signIn('staff');
  partner = (await buildPartner(t.db, { name: 'Harrow Engineering' })).id;
  other = (await buildPartner(t.db, { name: 'Ilkley Mills' })).id;
  today = await universityToday(t.db);
});
afterAll(() => t.close());

type Item = { id: string; title: string };
const titles = async (agent: Agent, query: string) => {
  const res = await t.call(agent, 'GET', `/api/v1/tasks?${query}`);
  expect(res.statusCode).toBe(200);
  return res.json().items.map((i: Item) => i.title) as string[];
};

const total = async (agent: Agent, query: string) => {
  const res = await t.call(agent, 'GET', `/api/v1/tasks/count?${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().total as number;
};

describe('the task list', () => {
  beforeAll(async () => {
    const mine = me.user.id;
    await buildTask(t.db, { assigneeId: mine, title: 'Mine late', dueOn: day(-3), partnerId: partner });
    await buildTask(t.db, { assigneeId: mine, title: 'Mine today', dueOn: day(0), partnerId: partner });
    await buildTask(t.db, { assigneeId: mine, title: 'Mine undated', partnerId: other });
    await buildTask(t.db, {
      assigneeId: mine,
      title: 'Mine done late',
      dueOn: day(-5),
      doneAt: new Date(),
      partnerId: partner,
    });
    await buildTask(t.db, {
      assigneeId: colleague.user.id,
      title: 'Colleague soon',
      dueOn: day(2),
      partnerId: other,
    });
    await buildTask(t.db, {
      assigneeId: elsewhere.user.id,
      title: 'Elsewhere late',
      dueOn: day(-1),
      partnerId: partner,
    });
  });

  it('shows mine, soonest due first and undated last', async () => {
    expect(await titles(me, 'assigneeId=me&done=false')).toEqual(['Mine late', 'Mine today', 'Mine undated']);
    expect(await titles(me, 'assigneeId=me&done=false&sort=-due')).toEqual([
      'Mine undated',
      'Mine today',
      'Mine late',
    ]);
  });

  it("shows my unit's, whoever in it they are assigned to", async () => {
    expect(await titles(me, `unitId=${unit}&done=false`)).toEqual([
      'Mine late',
      'Mine today',
      'Colleague soon',
      'Mine undated',
    ]);
  });

  it('shows the overdue ones: open and due before today', async () => {
    expect(await titles(colleague, `overdue=true&partnerId=${partner}`)).toEqual([
      'Mine late',
      'Elsewhere late',
    ]);
    expect(await titles(colleague, `overdue=true&unitId=${unit}`)).toEqual(['Mine late']);
  });

  it("shows a partner's, and finds words in the title", async () => {
    expect(await titles(me, `partnerId=${other}`)).toEqual(['Colleague soon', 'Mine undated']);
    expect(await titles(me, 'q=DONE&assigneeId=me')).toEqual(['Mine done late']);
  });

  it('pages with a cursor through dated and undated tasks alike', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await t.call(
        me,
        'GET',
        `/api/v1/tasks?assigneeId=me&limit=1${cursor ? `&cursor=${cursor}` : ''}`,
      );
      const page = res.json();
      seen.push(...page.items.map((i: Item) => i.title));
      cursor = page.nextCursor;
    } while (cursor && seen.length < 10);
    expect(seen).toEqual(['Mine done late', 'Mine late', 'Mine today', 'Mine undated']);
  });

  it('refuses a filter it cannot read, naming it', async () => {
    for (const [query, field] of [
      ['overdue=soon', 'query.overdue'],
      ['assigneeId=someone', 'query.assigneeId'],
      ['sort=title', 'query.sort'],
      ['cursor=nonsense', 'cursor'],
    ]) {
      const res = await t.call(me, 'GET', `/api/v1/tasks?${query}`);
      expect(res.statusCode, query).toBe(400);
      expect(res.json().errors[0].field, query).toBe(field);
    }
  });

  it('keeps a task on a confidential touch point out of the list of anyone who cannot read it', async () => {
    const tp = await buildTouchpoint(t.db, {
      partnerId: other,
      unitId: unit,
      authorId: me.user.id,
      visibility: 'confidential',
    });
    await buildTask(t.db, {
      assigneeId: me.user.id,
      title: 'Secret call back',
      touchpointId: tp.id,
      partnerId: other,
    });
    expect(await titles(me, 'q=secret')).toEqual(['Secret call back']);
    expect(await titles(colleague, 'q=secret')).toEqual([]);
    expect(await titles(colleague, `partnerId=${other}&q=call`)).toEqual([]);
    // The total ("Select all N that match") counts under the same rule: never the hidden one.
    expect(await total(me, 'q=secret')).toBe(1);
    expect(await total(colleague, 'q=secret')).toBe(0);
  });

  it('counts every task the filters match, beyond the first page, as the list finds them', async () => {
    for (const query of [
      'assigneeId=me',
      'assigneeId=me&done=false',
      `unitId=${unit}&done=false`,
      `overdue=true&partnerId=${partner}`,
      `partnerId=${other}`,
    ]) {
      expect(await total(me, `${query}&limit=1`), query).toBe(
        (await titles(me, `${query}&limit=200`)).length,
      );
    }
    // Three of mine set up above, and the confidential call back I can read.
    expect(await total(me, 'assigneeId=me&done=false')).toBe(4);
    const res = await t.call(me, 'GET', '/api/v1/tasks/count?overdue=soon');
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].field).toBe('query.overdue');
    expect((await t.call(me, 'GET', '/api/v1/tasks/count?q=%00')).statusCode).not.toBe(500);
  });
});

describe('a task on its own', () => {
  it('is set for a partner, ticked off, edited, re-assigned and deleted', async () => {
    const created = await t.call(me, 'POST', '/api/v1/tasks', {
      title: '  Send the placement brochure ',
      partnerId: partner,
      dueOn: day(4),
    });
    expect(created.statusCode).toBe(201);
    const task = created.json();
    expect(task).toMatchObject({
      title: 'Send the placement brochure',
      assigneeId: me.user.id,
      partnerName: 'Harrow Engineering',
      touchpointId: null,
      done: false,
      can: { update: true, delete: true },
    });
    const patch = (version: number, body: unknown) =>
      t.call(me, 'PATCH', `/api/v1/tasks/${task.id}`, body, { 'if-match': `"v${version}"` });
    expect((await patch(1, { done: true })).json()).toMatchObject({ done: true, version: 2 });
    expect((await patch(2, { done: false, title: 'Send the brochure', dueOn: null })).json()).toMatchObject({
      done: false,
      doneAt: null,
      title: 'Send the brochure',
      dueOn: null,
      version: 3,
    });
    const moved = (await patch(3, { assigneeId: colleague.user.id })).json();
    expect(moved).toMatchObject({ assigneeId: colleague.user.id, version: 4 });
    // Whoever set it may still change it.
    expect(
      (await t.call(me, 'DELETE', `/api/v1/tasks/${task.id}`, undefined, { 'if-match': '"v4"' })).statusCode,
    ).toBe(204);
    expect((await t.call(colleague, 'GET', `/api/v1/tasks/${task.id}`)).statusCode).toBe(404);
  });

  it('refuses a task with no title, no link, a bad date or an unknown partner, and writes nothing', async () => {
    const before = (await t.call(me, 'GET', '/api/v1/tasks?assigneeId=me&limit=500')).json().items.length;
    const cases: [unknown, string][] = [
      [{ title: '   ', partnerId: partner }, 'title'],
      [{ title: 'Call' }, 'partnerId'],
      [{ title: 'Call', partnerId: partner, dueOn: '31/12/2026' }, 'dueOn'],
      [{ title: 'Call', partnerId: partner, assigneeId: 'nobody' }, 'assigneeId'],
    ];
    for (const [body, field] of cases) {
      const res = await t.call(me, 'POST', '/api/v1/tasks', body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    const unknown = await t.call(me, 'POST', '/api/v1/tasks', {
      title: 'Call',
      partnerId: '00000000-0000-4000-8000-000000000000',
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().errors).toEqual([
      { field: 'partnerId', message: 'does not name an existing record' },
    ]);
    expect((await t.call(me, 'GET', '/api/v1/tasks?assigneeId=me&limit=500')).json().items).toHaveLength(
      before,
    );
  });
});
