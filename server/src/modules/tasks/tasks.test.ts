import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, createTestApp, type TestApp } from '../../test/app.ts';
import { buildPartner, buildTask, buildTouchpoint, buildUnit } from '../../test/factories/index.ts';

let t: TestApp;
let unitA: string;
let staffA: Agent;
let outsider: Agent;
let partner: string;

beforeAll(async () => {
  t = await createTestApp();
  unitA = (await buildUnit(t.db, { name: 'IT Services' })).id;
  staffA = await t.signIn('staff', { unitId: unitA });
  outsider = await t.signIn('staff');
  partner = (await buildPartner(t.db, { name: 'Calder Logistics' })).id;
});
afterAll(() => t.close());

/** A follow-up task on a touch point its author wrote: institution-wide or confidential. */
async function taskOnTouchpoint(visibility: 'institution' | 'confidential') {
  const tp = await buildTouchpoint(t.db, {
    partnerId: partner,
    unitId: unitA,
    authorId: staffA.user.id,
    visibility,
  });
  return buildTask(t.db, { assigneeId: staffA.user.id, touchpointId: tp.id, partnerId: partner });
}

describe('follow-up tasks on a touch point', () => {
  it('changes and deletes a task linked to a touch point (the visibility check runs in the transaction)', async () => {
    const task = await taskOnTouchpoint('institution');
    const changed = await t.call(
      staffA,
      'PATCH',
      `/api/v1/tasks/${task.id}`,
      { done: true },
      { 'if-match': '"v1"' },
    );
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({ id: task.id, done: true, version: 2 });
    const removed = await t.call(staffA, 'DELETE', `/api/v1/tasks/${task.id}`, undefined, {
      'if-match': '"v2"',
    });
    expect(removed.statusCode).toBe(204);
    expect((await t.call(staffA, 'GET', `/api/v1/tasks/${task.id}`)).statusCode).toBe(404);
  });

  it('answers 404 to someone who cannot read the confidential touch point, and changes nothing', async () => {
    const task = await taskOnTouchpoint('confidential');
    const patch = await t.call(
      outsider,
      'PATCH',
      `/api/v1/tasks/${task.id}`,
      { title: 'Mine now' },
      { 'if-match': '"v1"' },
    );
    expect(patch.statusCode).toBe(404);
    const remove = await t.call(outsider, 'DELETE', `/api/v1/tasks/${task.id}`, undefined, {
      'if-match': '"v1"',
    });
    expect(remove.statusCode).toBe(404);
    const seen = await t.call(staffA, 'GET', `/api/v1/tasks/${task.id}`);
    expect(seen.json()).toMatchObject({ title: 'Follow up', version: 1 });
  });
});

describe('who a follow-up on a confidential touch point can go to', () => {
  it('refuses a follow-up for someone who cannot read the touch point, and writes nothing', async () => {
    const before = (await t.call(staffA, 'GET', `/api/v1/partners/${partner}/timeline`)).json().items.length;
    const refused = await t.call(staffA, 'POST', '/api/v1/touchpoints', {
      partnerId: partner,
      kind: 'note',
      subject: 'Restructuring worries',
      visibility: 'confidential',
      followUp: { title: 'Call the director', assigneeId: outsider.user.id },
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().errors).toEqual([
      { field: 'followUp.assigneeId', message: expect.stringContaining('cannot see this touch point') },
    ]);
    expect((await t.call(staffA, 'GET', `/api/v1/partners/${partner}/timeline`)).json().items).toHaveLength(
      before,
    );
    expect(
      (await t.call(outsider, 'GET', `/api/v1/tasks?assigneeId=${outsider.user.id}`)).json().items,
    ).toEqual([]);

    // Named as a reader, the same person may have it, and can open their own task.
    const allowed = await t.call(staffA, 'POST', '/api/v1/touchpoints', {
      partnerId: partner,
      kind: 'note',
      subject: 'Restructuring worries',
      visibility: 'confidential',
      readerIds: [outsider.user.id],
      followUp: { title: 'Call the director', assigneeId: outsider.user.id },
    });
    expect(allowed.statusCode).toBe(201);
    const [task] = (await t.call(outsider, 'GET', `/api/v1/tasks?assigneeId=${outsider.user.id}`)).json()
      .items;
    expect((await t.call(outsider, 'GET', `/api/v1/tasks/${task.id}`)).statusCode).toBe(200);
  });

  it('refuses to hand an existing task to someone who cannot read its touch point', async () => {
    const task = await taskOnTouchpoint('confidential');
    const moved = await t.call(
      staffA,
      'PATCH',
      `/api/v1/tasks/${task.id}`,
      { assigneeId: outsider.user.id },
      { 'if-match': '"v1"' },
    );
    expect(moved.statusCode).toBe(400);
    expect(moved.json().errors[0].field).toBe('assigneeId');
    expect((await t.call(staffA, 'GET', `/api/v1/tasks/${task.id}`)).json()).toMatchObject({
      assigneeId: staffA.user.id,
      version: 1,
    });
  });
});

describe('what the caller may do with a touch point and its follow-up', () => {
  it('says so on each record, as the policies decide it, and the server agrees', async () => {
    const colleague = await t.signIn('staff', { unitId: unitA });
    const logged = await t.call(staffA, 'POST', '/api/v1/touchpoints', {
      partnerId: partner,
      kind: 'call',
      subject: 'Abilities check',
      followUp: { title: 'Send the brochure' },
    });
    expect(logged.statusCode).toBe(201);
    const tp = logged.json();
    expect(tp.can).toEqual({ update: true, delete: true });
    const seen = (await t.call(colleague, 'GET', `/api/v1/touchpoints/${tp.id}`)).json();
    expect(seen.can).toEqual({ update: false, delete: false });
    const timeline = (await t.call(colleague, 'GET', `/api/v1/partners/${partner}/timeline`)).json();
    expect(timeline.items.find((i: { id: string }) => i.id === tp.id).can).toEqual({
      update: false,
      delete: false,
    });
    expect(
      (
        await t.call(
          colleague,
          'PATCH',
          `/api/v1/touchpoints/${tp.id}`,
          { subject: 'Mine now' },
          { 'if-match': '"v1"' },
        )
      ).statusCode,
    ).toBe(403);

    const [task] = (await t.call(staffA, 'GET', `/api/v1/tasks?touchpointId=${tp.id}`)).json().items;
    expect(task.can).toEqual({ update: true, delete: true });
    expect((await t.call(colleague, 'GET', `/api/v1/tasks/${task.id}`)).json().can).toEqual({
      update: false,
      delete: false,
    });
    expect(
      (await t.call(colleague, 'PATCH', `/api/v1/tasks/${task.id}`, { done: true }, { 'if-match': '"v1"' }))
        .statusCode,
    ).toBe(403);
  });
});
