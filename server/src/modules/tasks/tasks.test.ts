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
