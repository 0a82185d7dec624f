import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, createTestApp, type TestApp } from '../../test/app.ts';
import { buildPartner } from '../../test/factories/index.ts';

let t: TestApp;
let admin: Agent;
let staff: Agent;

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.signIn('administrator');
  staff = await t.signIn('staff');
});
afterAll(() => t.close());

describe('service levels, working week and holidays', () => {
  it('has a target for every kind × priority, which administrators change with If-Match', async () => {
    const { items } = (await t.call(staff, 'GET', '/api/v1/service-levels')).json();
    expect(items).toHaveLength(24);
    const complaint = items.find(
      (l: { kind: string; priority: string }) => l.kind === 'complaint' && l.priority === 'normal',
    );
    expect(complaint).toMatchObject({ firstResponseHours: 8, resolveHours: 120 });
    const url = `/api/v1/service-levels/${complaint.id}`;
    expect((await t.call(staff, 'PATCH', url, { resolveHours: 10 }, { 'if-match': '"v1"' })).statusCode).toBe(
      403,
    );
    const inverted = await t.call(admin, 'PATCH', url, { firstResponseHours: 200 }, { 'if-match': '"v1"' });
    expect(inverted.statusCode).toBe(400);
    expect(inverted.json().errors[0].field).toBe('firstResponseHours');
    const changed = await t.call(
      admin,
      'PATCH',
      url,
      { firstResponseHours: 2, resolveHours: 16 },
      { 'if-match': '"v1"' },
    );
    expect(changed.json()).toMatchObject({ firstResponseHours: 2, resolveHours: 16, version: 2 });
    expect((await t.call(admin, 'PATCH', url, { resolveHours: 17 }, { 'if-match': '"v1"' })).statusCode).toBe(
      412,
    );
    // New requests take the new target.
    const r = (
      await t.call(admin, 'POST', '/api/v1/requests', {
        partnerId: (await buildPartner(t.db)).id,
        unitId: staff.user.unitId,
        kind: 'complaint',
        title: 'Parking',
      })
    ).json();
    expect(r.targets.resolution.hours).toBe(16);
  });

  it('validates and stores the working week', async () => {
    const bad = await t.call(admin, 'PUT', '/api/v1/working-week', {
      timeZone: 'Mars/Olympus',
      days: [1, 1, 8],
      start: '17:00',
      end: '09:00',
    });
    expect(bad.statusCode).toBe(400);
    expect(
      bad
        .json()
        .errors.map((e: { field: string }) => e.field)
        .sort(),
    ).toEqual(['days', 'days.2', 'end', 'timeZone']);
    const backwards = await t.call(admin, 'PUT', '/api/v1/working-week', {
      timeZone: 'Europe/London',
      days: [1],
      start: '17:00',
      end: '09:00',
    });
    expect(backwards.json().errors[0].field).toBe('end');
    expect(
      (
        await t.call(staff, 'PUT', '/api/v1/working-week', {
          timeZone: 'Europe/London',
          days: [1],
          start: '09:00',
          end: '17:00',
        })
      ).statusCode,
    ).toBe(403);
    const ok = await t.call(admin, 'PUT', '/api/v1/working-week', {
      timeZone: 'Europe/Dublin',
      days: [5, 1, 2, 3, 4],
      start: '08:30',
      end: '16:30',
    });
    expect(ok.json()).toEqual({
      timeZone: 'Europe/Dublin',
      days: [1, 2, 3, 4, 5],
      start: '08:30',
      end: '16:30',
    });
    expect((await t.call(staff, 'GET', '/api/v1/working-week')).json().start).toBe('08:30');
  });

  it('keeps a holiday list by year, refusing duplicates', async () => {
    expect(
      (await t.call(admin, 'POST', '/api/v1/holidays', { day: '2026-12-25', name: 'Christmas Day' }))
        .statusCode,
    ).toBe(201);
    await t.call(admin, 'POST', '/api/v1/holidays', { day: '2027-01-01', name: "New Year's Day" });
    const dup = await t.call(admin, 'POST', '/api/v1/holidays', { day: '2026-12-25', name: 'Again' });
    expect(dup.statusCode).toBe(409);
    expect(
      (await t.call(admin, 'POST', '/api/v1/holidays', { day: '25/12/2026', name: 'x' })).json().errors[0]
        .field,
    ).toBe('day');
    expect((await t.call(staff, 'GET', '/api/v1/holidays?year=2026')).json().items).toEqual([
      { day: '2026-12-25', name: 'Christmas Day' },
    ]);
    expect((await t.call(admin, 'DELETE', '/api/v1/holidays/2027-01-01')).statusCode).toBe(204);
    expect((await t.call(admin, 'DELETE', '/api/v1/holidays/2027-01-01')).statusCode).toBe(404);
  });

  it('stores the attention rules the senior view uses', async () => {
    const rules = (await t.call(staff, 'GET', '/api/v1/attention-rules')).json();
    const bad = await t.call(admin, 'PUT', '/api/v1/attention-rules', { ...rules, approachingFraction: 1.5 });
    expect(bad.json().errors[0].field).toBe('approachingFraction');
    const set = await t.call(admin, 'PUT', '/api/v1/attention-rules', { ...rules, disputeOpenDays: 7 });
    expect(set.json().disputeOpenDays).toBe(7);
  });
});
