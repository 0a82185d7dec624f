import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessions } from '../../db/schema/access.ts';
import { type Agent, createTestApp, TEST_PASSWORD, type TestApp } from '../../test/app.ts';
import { buildUser } from '../../test/factories/index.ts';
import { SIGN_IN_LIMITS } from './auth.service.ts';

let t: TestApp;
let staff: Agent;

beforeAll(async () => {
  t = await createTestApp({
    RAPPORT_SESSION_IDLE_MINUTES: '30',
    RAPPORT_SESSION_MAX_HOURS: '8',
    RAPPORT_TRUST_PROXY: '1',
  });
  staff = await t.signIn('staff');
});
afterAll(() => t.close());

const login = (email: string, password: string, ip = '203.0.113.7') =>
  t.call(null, 'POST', '/api/v1/auth/login', { email, password }, { 'x-forwarded-for': ip });

describe('signing in', () => {
  it('sets an HttpOnly, SameSite=Lax session cookie and answers with abilities and a CSRF token', async () => {
    const response = await login(staff.user.email, TEST_PASSWORD);
    expect(response.statusCode).toBe(200);
    const cookie = response.cookies.find((c) => c.name === 'rapport_session')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Lax');
    expect(response.json()).toMatchObject({
      user: { email: staff.user.email, role: 'staff' },
      abilities: { editSharedRecord: true, manageUsers: false },
    });
    expect(response.json().csrfToken).toMatch(/^[\w-]{40,}$/);
  });

  it('answers a wrong password and an unknown e-mail identically', async () => {
    const wrong = await login(staff.user.email, 'not the password', '198.51.100.1');
    const unknown = await login('nobody@northmoor.ac.uk', 'not the password', '198.51.100.1');
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    const strip = (b: Record<string, unknown>) => ({ ...b, requestId: undefined });
    expect(strip(unknown.json())).toEqual(strip(wrong.json()));
  });

  it('refuses a cookie write without the CSRF token, writing nothing; bearer needs none', async () => {
    const noToken = await t.call(
      null,
      'POST',
      '/api/v1/contacts',
      { name: 'CSRF Victim' },
      { cookie: staff.headers.cookie! },
    );
    expect(noToken.statusCode).toBe(403);
    const wrongToken = await t.call(
      null,
      'POST',
      '/api/v1/contacts',
      { name: 'CSRF Victim' },
      {
        cookie: staff.headers.cookie!,
        'x-csrf-token': 'x'.repeat(43),
      },
    );
    expect(wrongToken.statusCode).toBe(403);
    expect((await t.call(staff, 'GET', '/api/v1/contacts?q=CSRF%20Victim')).json().items).toHaveLength(0);
    const token = (await t.call(staff, 'POST', '/api/v1/tokens', { name: 'script' })).json().token;
    const bearer = await t.call(
      null,
      'POST',
      '/api/v1/contacts',
      { name: 'Made By Script' },
      { authorization: `Bearer ${token}` },
    );
    expect(bearer.statusCode).toBe(201);
  });

  it('rate-limits failed sign-ins per account, even with the right password afterwards', async () => {
    const user = await buildUser(t.db, { role: 'staff', password: TEST_PASSWORD });
    for (let i = 0; i < SIGN_IN_LIMITS.perAccount; i++) {
      expect((await login(user.email, 'guess', `192.0.2.${i + 1}`)).statusCode).toBe(401);
    }
    const blocked = await login(user.email, TEST_PASSWORD, '192.0.2.200');
    expect(blocked.statusCode).toBe(429);
    expect(blocked.headers['retry-after']).toBe(String(SIGN_IN_LIMITS.windowMinutes * 60));
  });

  it('rate-limits failed sign-ins per address across accounts', async () => {
    const ip = '192.0.2.250';
    for (let i = 0; i < SIGN_IN_LIMITS.perAddress; i++) {
      await login(`someone-${i}@northmoor.ac.uk`, 'guess', ip);
    }
    expect((await login(staff.user.email, TEST_PASSWORD, ip)).statusCode).toBe(429);
    expect((await login(staff.user.email, TEST_PASSWORD, '192.0.2.251')).statusCode).toBe(200);
  });

  it('ends sessions on logout, after idle time, and at the absolute limit', async () => {
    const a = await t.signIn('staff');
    expect((await t.call(a, 'POST', '/api/v1/auth/logout')).statusCode).toBe(204);
    expect((await t.call(a, 'GET', '/api/v1/auth/session')).statusCode).toBe(401);

    const idle = await t.signIn('staff');
    await t.db
      .update(sessions)
      .set({ lastSeenAt: sql`now() - interval '31 minutes'` })
      .where(eq(sessions.userId, idle.user.id));
    expect((await t.call(idle, 'GET', '/api/v1/auth/session')).statusCode).toBe(401);

    const old = await t.signIn('staff');
    await t.db
      .update(sessions)
      .set({ expiresAt: sql`now() - interval '1 second'` })
      .where(eq(sessions.userId, old.user.id));
    expect((await t.call(old, 'GET', '/api/v1/auth/session')).statusCode).toBe(401);

    const active = await t.signIn('staff');
    await t.db
      .update(sessions)
      .set({ lastSeenAt: sql`now() - interval '29 minutes'` })
      .where(eq(sessions.userId, active.user.id));
    expect((await t.call(active, 'GET', '/api/v1/auth/session')).statusCode).toBe(200);
  });

  it('answers 401 to anonymous calls and lets the health check through', async () => {
    expect((await t.call(null, 'GET', '/api/v1/partners')).statusCode).toBe(401);
    const health = await t.call(null, 'GET', '/api/v1/health');
    expect(health.statusCode).toBe(200);
    expect(health.json()).toMatchObject({ status: 'ok', database: { reachable: true } });
  });
});
