import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../db/client.ts';
import type { Subscriber } from '../modules/events/dispatcher.ts';
import { type Agent, createTestApp, type TestApp } from '../test/app.ts';
import { partnerTypeId as employerType } from '../test/factories/index.ts';
import { RETENTION, sweepExpired } from './housekeeping.ts';

/** A subscriber that wants every event, so each write leaves deliveries behind. */
const everything: Subscriber = { name: 'test-everything', events: 'all', handle: async () => {} };

let t: TestApp;
let staff: Agent;
let stale: Agent;
let typeId: string;

beforeAll(async () => {
  t = await createTestApp({}, { subscribers: [everything] });
  staff = await t.signIn('relationship_manager');
  stale = await t.signIn('staff');
  typeId = await employerType(t.db);
});
afterAll(() => t.close());

const count = async (table: string, where = 'true') =>
  (
    await queryRows<{ n: number }>(t.db, sql.raw(`select count(*)::int as n from ${table} where ${where}`))
  )[0]!.n;

describe('the nightly housekeeping sweep', () => {
  it('forgets expired sessions, old sign-in failures, day-old keys and month-old deliveries, and keeps everything still live', async () => {
    // Real traffic leaves a row in each table.
    for (const password of ['wrong-1', 'wrong-2']) {
      const failed = await t.call(null, 'POST', '/api/v1/auth/login', { email: staff.user.email, password });
      expect(failed.statusCode).toBe(401);
    }
    for (const key of ['old-key', 'new-key']) {
      const created = await t.call(
        staff,
        'POST',
        '/api/v1/partners',
        { name: `Housekeeping ${key}`, typeId },
        { 'idempotency-key': key },
      );
      expect(created.statusCode).toBe(201);
    }
    expect((await t.app.events.deliver()).failed).toBe(0);
    const events = await count('events');
    const deliveries = await count('event_deliveries');
    expect(deliveries).toBeGreaterThan(0);

    // Age one of each: the stale member of staff's session, one failure, one key, and every
    // delivery (one of them still undelivered, as if its subscriber had been failing for weeks).
    await t.db.execute(sql`update sessions set expires_at = now() - interval '1 minute'
      where user_id = ${stale.user.id}`);
    await t.db.execute(sql`update sign_in_failures set at = now() - make_interval(mins => ${RETENTION.signInFailuresMinutes + 1})
      where ctid = (select min(ctid) from sign_in_failures)`);
    await t.db.execute(
      sql`update idempotency_keys set created_at = now() - interval '25 hours' where key = 'old-key'`,
    );
    const old = sql`now() - make_interval(days => ${RETENTION.deliveredEventsDays + 1})`;
    await t.db.execute(sql`update events set dispatched_at = ${old}, at = ${old}`);
    await t.db.execute(sql`update event_deliveries set delivered_at = ${old}`);
    const [failing] = await queryRows<{ event_id: number; subscriber: string }>(
      t.db,
      sql`select event_id, subscriber from event_deliveries order by event_id desc limit 1`,
    );
    await t.db.execute(sql`update event_deliveries set delivered_at = null, last_error = 'down'
      where event_id = ${failing!.event_id} and subscriber = ${failing!.subscriber}`);

    // Sign-on attempts never finished at the provider: one past its ten minutes, one still open.
    for (const [id, minutes] of [
      ['abandoned', -1],
      ['under-way', 10],
    ] as const) {
      await t.db.execute(sql`insert into sign_on_attempts (id, provider_key, state, nonce, code_verifier, expires_at)
        values (${id}, 'entra', 's', 'n', 'v', now() + make_interval(mins => ${minutes}))`);
    }

    const swept = await sweepExpired(t.db);

    expect(swept).toEqual({
      sessions: 1,
      signInFailures: 1,
      idempotencyKeys: 1,
      deliveries: deliveries - 1,
      events: events - 1,
      accountLinks: 0,
      signOnAttempts: 1,
    });
    expect(await count('sign_on_attempts', `id = 'under-way'`)).toBe(1);
    expect(await count('sessions', `user_id = '${staff.user.id}'`)).toBe(1);
    expect(await count('sign_in_failures')).toBe(1);
    expect(await count('idempotency_keys', `key = 'new-key'`)).toBe(1);
    // The event still owed to a failing subscriber stays, with its delivery.
    expect(await count('event_deliveries')).toBe(1);
    expect(await count('events', `id = ${failing!.event_id}`)).toBe(1);
    // The signed-in member of staff is untouched, and the records themselves are all there.
    expect((await t.call(staff, 'GET', '/api/v1/auth/session')).statusCode).toBe(200);
    expect(await count('partners', `name like 'Housekeeping %'`)).toBe(2);

    // A second run has nothing left to do.
    expect(await sweepExpired(t.db)).toEqual({
      sessions: 0,
      signInFailures: 0,
      idempotencyKeys: 0,
      deliveries: 0,
      events: 0,
      accountLinks: 0,
      signOnAttempts: 0,
    });
  });
});
