import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settings } from '../../db/schema/settings.ts';
import { type Agent, createTestApp, type TestApp } from '../../test/app.ts';
import { buildPartner } from '../../test/factories/index.ts';
import { forgetTargetSettings, WORKING_WEEK_KEY } from './calendar.ts';

let t: TestApp;
let admin: Agent;
let staff: Agent;

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.signIn('administrator');
  staff = await t.signIn('staff');
});
afterAll(() => t.close());

const mondayMorning = { timeZone: 'Europe/London', days: [1], start: '09:00', end: '10:00' };
const raise = async (kind: string, priority: string) =>
  t.call(staff, 'POST', '/api/v1/requests', {
    partnerId: (await buildPartner(t.db)).id,
    unitId: staff.user.unitId,
    kind,
    priority,
    title: `A ${priority} ${kind}`,
  });

describe('targets a working week cannot reach', () => {
  it('never make raising a request answer 500: a week stored before the check gives the request no due time', async () => {
    const [stored] = await t.db.select().from(settings).where(eq(settings.key, WORKING_WEEK_KEY));
    await t.db.update(settings).set({ value: mondayMorning }).where(eq(settings.key, WORKING_WEEK_KEY));
    forgetTargetSettings();
    const raised = await raise('enhancement', 'low');
    expect(raised.statusCode, raised.body).toBe(201);
    expect(raised.json().targets.resolution).toMatchObject({ dueAt: null, breached: false });
    expect(raised.json().targets.firstResponse.dueAt).not.toBeNull();
    await t.db.update(settings).set({ value: stored!.value }).where(eq(settings.key, WORKING_WEEK_KEY));
    forgetTargetSettings();
  });

  it('refuses a working week too short for the longest target, naming its fields, and keeps the old one', async () => {
    const refused = await t.call(admin, 'PUT', '/api/v1/working-week', mondayMorning);
    expect(refused.statusCode).toBe(400);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.json().errors.map((e: { field: string }) => e.field)).toEqual(['days', 'start', 'end']);
    expect(refused.json().errors[0].message).toMatch(/enhancement.*low.*three years/);
    expect((await t.call(staff, 'GET', '/api/v1/working-week')).json()).toMatchObject({
      days: [1, 2, 3, 4, 5],
      start: '09:00',
      end: '17:00',
    });
    expect((await raise('enhancement', 'low')).statusCode).toBe(201);
  });

  it('refuses a target the working week cannot reach, naming it', async () => {
    const narrow = { timeZone: 'Europe/London', days: [1, 2, 3, 4, 5], start: '09:00', end: '11:00' };
    expect((await t.call(admin, 'PUT', '/api/v1/working-week', narrow)).statusCode).toBe(200);
    const { items } = (await t.call(staff, 'GET', '/api/v1/service-levels')).json();
    const level = items.find(
      (l: { kind: string; priority: string }) => l.kind === 'incident' && l.priority === 'low',
    );
    const url = `/api/v1/service-levels/${level.id}`;
    // 10 working hours a week: about 1,570 in three years.
    const refused = await t.call(
      admin,
      'PATCH',
      url,
      { resolveHours: 5000 },
      { 'if-match': `"v${level.version}"` },
    );
    expect(refused.statusCode).toBe(400);
    expect(refused.json().errors).toEqual([
      { field: 'resolveHours', message: expect.stringMatching(/three years/) },
    ]);
    const reachable = await t.call(
      admin,
      'PATCH',
      url,
      { resolveHours: 1500 },
      { 'if-match': `"v${level.version}"` },
    );
    expect(reachable.statusCode).toBe(200);
    expect((await raise('incident', 'low')).json().targets.resolution.dueAt).not.toBeNull();
  });
});
