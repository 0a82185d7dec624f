import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../config.ts';
import { sessions, signInFailures } from '../../db/schema/access.ts';
import { type Agent, createTestApp, TEST_PASSWORD, type TestApp } from '../../test/app.ts';
import { buildUser } from '../../test/factories/index.ts';
import { delayAfter, SIGN_IN_LIMITS, signInDelay } from './sign-in-limits.ts';

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

// One trusted hop: the proxy appends the address it saw, so the last X-Forwarded-For entry is the client.
const login = (email: string, password: string, ip = '203.0.113.7') =>
  t.call(null, 'POST', '/api/v1/auth/login', { email, password }, { 'x-forwarded-for': ip });

const timed = async <T>(work: () => Promise<T>) => {
  const started = performance.now();
  const result = await work();
  return { result, ms: performance.now() - started };
};

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

  it('stops a guesser at one account from one address, but the right password from elsewhere still gets in', async () => {
    const user = await buildUser(t.db, { role: 'staff', password: TEST_PASSWORD });
    for (let i = 0; i < SIGN_IN_LIMITS.perPair; i++) {
      expect((await login(user.email, 'guess', '192.0.2.10')).statusCode).toBe(401);
    }
    const blocked = await login(user.email, TEST_PASSWORD, '192.0.2.10');
    expect(blocked.statusCode).toBe(429);
    expect(blocked.headers['retry-after']).toBe(String(SIGN_IN_LIMITS.windowMinutes * 60));
    // The account has had ten failures: the owner, elsewhere, waits a second and is let in.
    const elsewhere = await timed(() => login(user.email, TEST_PASSWORD, '192.0.2.11'));
    expect(elsewhere.result.statusCode).toBe(200);
    expect(elsewhere.ms).toBeGreaterThanOrEqual(SIGN_IN_LIMITS.firstDelayMs - 50);
    // Someone else behind the guesser's address is not held up at all.
    expect((await login(staff.user.email, TEST_PASSWORD, '192.0.2.10')).statusCode).toBe(200);
  });

  it("never locks an address out: many accounts' failures from one address only slow it", async () => {
    const ip = '192.0.2.250';
    for (let i = 0; i < 30; i++) {
      expect((await login(`someone-${i}@northmoor.ac.uk`, 'guess', ip)).statusCode).toBe(401);
    }
    const quick = await timed(() => login(staff.user.email, TEST_PASSWORD, ip));
    expect(quick.result.statusCode).toBe(200);
    expect(quick.ms).toBeLessThan(SIGN_IN_LIMITS.firstDelayMs);
    const ceiling = SIGN_IN_LIMITS.addressDelay.after;
    await t.db
      .insert(signInFailures)
      .values(Array.from({ length: ceiling }, (_, i) => ({ email: `bot-${i}@example.org`, ipAddress: ip })));
    const slowed = await timed(() => login(staff.user.email, TEST_PASSWORD, ip));
    expect(slowed.result.statusCode).toBe(200);
    expect(slowed.ms).toBeGreaterThanOrEqual(SIGN_IN_LIMITS.firstDelayMs - 50);
  });

  it('believes only the trusted hop of X-Forwarded-For, so a forged entry does not dodge the limit', async () => {
    const user = await buildUser(t.db, { role: 'staff', password: TEST_PASSWORD });
    const real = '203.0.113.50';
    for (let i = 0; i < SIGN_IN_LIMITS.perPair; i++) {
      const forged = `198.51.100.${i + 1}, ${real}`;
      expect((await login(user.email, 'guess', forged)).statusCode).toBe(401);
    }
    expect((await login(user.email, TEST_PASSWORD, `198.51.100.99, ${real}`)).statusCode).toBe(429);
    const recorded = await t.db
      .select({ ipAddress: signInFailures.ipAddress })
      .from(signInFailures)
      .where(eq(signInFailures.email, user.email));
    expect(new Set(recorded.map((r) => r.ipAddress))).toEqual(new Set([real]));
    const other = await buildUser(t.db, { role: 'staff', password: TEST_PASSWORD });
    expect((await login(other.email, TEST_PASSWORD, `198.51.100.7, ${real}`)).statusCode).toBe(200);
    const stored = await t.db
      .select({ ipAddress: sessions.ipAddress })
      .from(sessions)
      .where(eq(sessions.userId, other.id));
    expect(stored).toEqual([{ ipAddress: real }]);
  });

  it('counts wrong current passwords on password change as failed sign-ins', async () => {
    const me = await t.signIn('staff');
    const change = (currentPassword: string) =>
      t.call(
        me,
        'POST',
        '/api/v1/auth/password',
        { currentPassword, newPassword: 'quarry lantern obvious meadow' },
        { 'x-forwarded-for': '192.0.2.77' },
      );
    for (let i = 0; i < SIGN_IN_LIMITS.perPair; i++) {
      const wrong = await change('guess');
      expect(wrong.statusCode).toBe(400);
      expect(wrong.json().errors[0].field).toBe('currentPassword');
    }
    const blocked = await change(TEST_PASSWORD);
    expect(blocked.statusCode).toBe(429);
    expect((await login(me.user.email, TEST_PASSWORD, '192.0.2.77')).statusCode).toBe(429);
    expect((await login(me.user.email, TEST_PASSWORD, '192.0.2.78')).statusCode).toBe(200);
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

  it('says whether the caller is signed in without a 401, for the sign-in page', async () => {
    const anonymous = await t.call(null, 'GET', '/api/v1/auth/status');
    expect(anonymous.statusCode).toBe(200);
    expect(anonymous.json()).toEqual({ signedIn: false });
    const me = await t.signIn('viewer');
    expect((await t.call(me, 'GET', '/api/v1/auth/status')).json()).toEqual({ signedIn: true });
    expect((await t.call(me, 'POST', '/api/v1/auth/logout')).statusCode).toBe(204);
    expect((await t.call(me, 'GET', '/api/v1/auth/status')).json()).toEqual({ signedIn: false });
  });

  it('answers 401 to anonymous calls and lets the health check through', async () => {
    expect((await t.call(null, 'GET', '/api/v1/partners')).statusCode).toBe(401);
    const health = await t.call(null, 'GET', '/api/v1/health');
    expect(health.statusCode).toBe(200);
    expect(health.json()).toMatchObject({ status: 'ok', database: { reachable: true } });
  });
});

describe('sign-in limits', () => {
  it('delay nothing before the threshold, then double up to the ceiling', () => {
    const account = SIGN_IN_LIMITS.accountDelay;
    expect(delayAfter(account.after - 1, account)).toBe(0);
    expect(delayAfter(account.after, account)).toBe(1_000);
    expect(delayAfter(account.after + 2, account)).toBe(4_000);
    expect(delayAfter(account.after + 50, account)).toBe(SIGN_IN_LIMITS.maxDelayMs);
    const address = SIGN_IN_LIMITS.addressDelay;
    expect(delayAfter(address.after + address.every - 1, address)).toBe(1_000);
    expect(delayAfter(address.after + address.every, address)).toBe(2_000);
    expect(signInDelay({ byEmail: 0, byAddress: address.after - 1 })).toBe(0);
    expect(signInDelay({ byEmail: account.after + 1, byAddress: address.after })).toBe(2_000);
  });
});

describe('RAPPORT_TRUST_PROXY', () => {
  const trust = (value?: string) =>
    loadConfig(value === undefined ? {} : { RAPPORT_TRUST_PROXY: value }).trustProxy;

  it('is off when unset or 0, a hop count when a number, else a list of proxies', () => {
    expect(trust()).toBe(false);
    expect(trust('0')).toBe(false);
    expect(trust('2')).toBe(2);
    expect(trust('10.0.0.5, 10.1.0.0/16,loopback,2001:db8::/32')).toEqual([
      '10.0.0.5',
      '10.1.0.0/16',
      'loopback',
      '2001:db8::/32',
    ]);
  });

  it('refuses "true" (it would trust every hop) and malformed addresses, naming the variable', () => {
    for (const value of ['true', 'yes', '10.0.0.0/33', 'proxy.example.org', '10.0.0.5,,10.0.0.6']) {
      expect(() => trust(value)).toThrow(ConfigError);
      expect(() => trust(value)).toThrow(/RAPPORT_TRUST_PROXY: give the number of reverse proxies/);
    }
  });
});
