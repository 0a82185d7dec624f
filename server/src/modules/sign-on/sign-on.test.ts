import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../config.ts';
import { accountLinks } from '../../db/schema/account-links.ts';
import { auditLog } from '../../db/schema/audit.ts';
import { signOnAttempts, signOnProviders, signOnSessions } from '../../db/schema/sign-on.ts';
import { externalIdentities, users } from '../../db/schema/users.ts';
import { type Agent, createTestApp, TEST_PASSWORD, type TestApp } from '../../test/app.ts';
import { buildUnit, buildUser } from '../../test/factories/index.ts';
import { startTestOidcProvider } from '../../test/oidc-provider.ts';
import { hashSecret } from '../auth/secrets.ts';
import { decryptSecret } from './secret-box.ts';

const PUBLIC_URL = 'http://127.0.0.1:4104';
const CLIENT = { clientId: 'rapport', clientSecret: 'the-client-secret-nobody-may-see' };
const SECRET_KEY = 'a-test-key-of-more-than-thirty-two-characters';
const callbackOf = (key: string) => `${PUBLIC_URL}/api/v1/sign-on/${key}/callback`;

let op: Awaited<ReturnType<typeof startTestOidcProvider>>;
let t: TestApp;
let admin: Agent;
let itServices: { id: string };
let careers: { id: string };

beforeAll(async () => {
  op = await startTestOidcProvider({
    ...CLIENT,
    redirectUris: [callbackOf('entra'), callbackOf('campus'), callbackOf('strict')],
    postLogoutRedirectUris: [`${PUBLIC_URL}/sign-in`],
  });
  t = await createTestApp({
    RAPPORT_PUBLIC_URL: PUBLIC_URL,
    RAPPORT_SECRET_KEY: SECRET_KEY,
    RAPPORT_SIGN_ON_PROVIDERS: JSON.stringify([
      {
        key: 'campus',
        name: 'Campus account',
        issuer: op.issuer,
        ...CLIENT,
        defaultRole: 'staff',
        rules: [
          { claim: 'department', value: 'Careers and Employability', unit: 'Careers and Employability' },
        ],
      },
    ]),
  });
  admin = await t.signIn('administrator');
  itServices = await buildUnit(t.db, { name: 'IT Services' });
  careers = await buildUnit(t.db, { name: 'Careers and Employability' });
  const created = await t.call(admin, 'POST', '/api/v1/sign-on-providers', {
    key: 'entra',
    name: 'Northmoor staff (Microsoft)',
    issuer: op.issuer,
    ...CLIENT,
    defaultRole: 'viewer',
    rules: [
      { claim: 'department', value: 'IT Services', unitId: itServices.id },
      { claim: 'groups', value: 'rapport-relationship-managers', role: 'relationship_manager' },
    ],
  });
  expect(created.statusCode, created.body).toBe(201);
});
afterAll(async () => {
  await t?.close();
  await op?.close();
});

/** The browser's round trip: Rapport's start, the provider's login as `sub`, back to the callback. */
async function signOn(key: string, sub: string | null, options: { returnTo?: string } = {}) {
  const query = options.returnTo ? `?returnTo=${encodeURIComponent(options.returnTo)}` : '';
  const start = await t.call(null, 'GET', `/api/v1/sign-on/${key}/start${query}`);
  expect(start.statusCode, start.body).toBe(302);
  const attempt = start.cookies.find((c) => c.name === 'rapport_sign_on')!;
  expect(attempt.httpOnly).toBe(true);
  op.signInAs(sub);
  const back = await op.authorize(start.headers.location as string, callbackOf(key));
  const finish = (url: URL = back, cookie = `rapport_sign_on=${attempt.value}`) =>
    t.call(null, 'GET', `${url.pathname}${url.search}`, undefined, cookie ? { cookie } : {});
  return { start, back, attempt: attempt.value, finish };
}

const sessionCookieOf = (response: { cookies: { name: string; value: string }[] }) =>
  response.cookies.find((c) => c.name === 'rapport_session')?.value;

const userCount = async () => (await t.db.select({ n: sql<number>`count(*)::int` }).from(users))[0]!.n;

describe('signing in through an OpenID Connect provider', () => {
  it('sends the browser to the provider with PKCE (S256), state and nonce, discovered from the issuer', async () => {
    const start = await t.call(null, 'GET', '/api/v1/sign-on/entra/start');
    const url = new URL(start.headers.location as string);
    expect(url.origin).toBe(op.issuer);
    expect(url.searchParams.get('client_id')).toBe('rapport');
    expect(url.searchParams.get('redirect_uri')).toBe(callbackOf('entra'));
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(url.searchParams.get('state')).toMatch(/^[\w-]{40,}$/);
    expect(url.searchParams.get('nonce')).toMatch(/^[\w-]{40,}$/);
    expect(url.searchParams.get('scope')).toBe('openid email profile');
  });

  it('creates the account at the first sign-in, with the unit and role its claims map to, and opens a session', async () => {
    op.addAccount({
      sub: 'entra-ada',
      email: 'Ada.Lovelace@northmoor.ac.uk',
      email_verified: true,
      name: 'Ada Lovelace',
      department: 'IT Services',
      groups: ['all-staff', 'rapport-relationship-managers'],
    });
    const before = await userCount();
    const { finish } = await signOn('entra', 'entra-ada', { returnTo: '/partners?type=employer' });
    const done = await finish();
    expect(done.statusCode).toBe(302);
    expect(done.headers.location).toBe('/partners?type=employer');
    expect(await userCount()).toBe(before + 1);
    const cookie = sessionCookieOf(done)!;
    const session = await t.call(null, 'GET', '/api/v1/auth/session', undefined, {
      cookie: `rapport_session=${cookie}`,
    });
    expect(session.statusCode).toBe(200);
    expect(session.json().user).toMatchObject({
      email: 'ada.lovelace@northmoor.ac.uk',
      name: 'Ada Lovelace',
      role: 'relationship_manager',
      unitId: itServices.id,
    });
    const [identity] = await t.db
      .select()
      .from(externalIdentities)
      .where(and(eq(externalIdentities.provider, 'entra'), eq(externalIdentities.subject, 'entra-ada')));
    expect(identity?.userId).toBe(session.json().user.id);
    const [created] = await t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, identity!.userId), eq(auditLog.action, 'create')));
    expect(created?.actorUserId).toBeNull();

    // The next sign-in finds the same account, whatever the claims say now.
    op.addAccount({ sub: 'entra-ada', email: 'ada.lovelace@northmoor.ac.uk', email_verified: true });
    const again = await (await signOn('entra', 'entra-ada')).finish();
    expect(again.headers.location).toBe('/');
    expect(await userCount()).toBe(before + 1);
  });

  it("gives the provider's default role and no unit when no rule matches, and rules configured by environment name units", async () => {
    op.addAccount({ sub: 'entra-visitor', email: 'visitor@northmoor.ac.uk', department: 'Estates' });
    const visitor = await (await signOn('entra', 'entra-visitor')).finish();
    const seen = await t.call(null, 'GET', '/api/v1/auth/session', undefined, {
      cookie: `rapport_session=${sessionCookieOf(visitor)}`,
    });
    expect(seen.json().user).toMatchObject({ role: 'viewer', unitId: null });

    op.addAccount({
      sub: 'campus-grace',
      email: 'grace@northmoor.ac.uk',
      department: 'careers and employability',
    });
    const grace = await (await signOn('campus', 'campus-grace')).finish();
    const graceSession = await t.call(null, 'GET', '/api/v1/auth/session', undefined, {
      cookie: `rapport_session=${sessionCookieOf(grace)}`,
    });
    expect(graceSession.json().user).toMatchObject({ role: 'staff', unitId: careers.id });
  });

  it('refuses a tampered state, a tampered nonce, another browser and a replayed callback, creating nothing', async () => {
    op.addAccount({ sub: 'entra-mallory', email: 'mallory@northmoor.ac.uk', email_verified: true });
    const before = await userCount();
    const expectRefused = async (response: Awaited<ReturnType<typeof t.call>>, reason: string) => {
      expect(response.statusCode).toBe(302);
      expect(response.headers.location).toBe(`/sign-in?sign-on-error=${reason}`);
      expect(sessionCookieOf(response) ?? '').toBe('');
    };

    const state = await signOn('entra', 'entra-mallory');
    const tampered = new URL(state.back);
    tampered.searchParams.set('state', `${tampered.searchParams.get('state')}x`);
    await expectRefused(await state.finish(tampered), 'failed');

    const nonce = await signOn('entra', 'entra-mallory');
    await t.db
      .update(signOnAttempts)
      .set({ nonce: 'a-nonce-the-provider-never-saw' })
      .where(eq(signOnAttempts.providerKey, 'entra'));
    await expectRefused(await nonce.finish(), 'failed');

    const otherBrowser = await signOn('entra', 'entra-mallory');
    await expectRefused(await otherBrowser.finish(otherBrowser.back, ''), 'expired');
    await expectRefused(await otherBrowser.finish(otherBrowser.back, 'rapport_sign_on=forged'), 'expired');

    const replay = await signOn('entra', 'entra-mallory');
    expect((await replay.finish()).statusCode).toBe(302);
    const after = await userCount();
    expect(after).toBe(before + 1);
    await expectRefused(await replay.finish(), 'expired');
    expect(await userCount()).toBe(after);
  });

  it('makes one account when the same person signs in for the first time in two tabs at once, and takes an attempt once', async () => {
    op.addAccount({ sub: 'entra-twin-tabs', email: 'twin.tabs@northmoor.ac.uk', name: 'Twin Tabs' });
    const before = await userCount();
    const first = await signOn('entra', 'entra-twin-tabs');
    const second = await signOn('entra', 'entra-twin-tabs');
    const [a, b, replayed] = await Promise.all([first.finish(), second.finish(), first.finish()]);
    expect(
      [a, b].map((r) => r.headers.location),
      b.body,
    ).toEqual(['/', '/']);
    expect(sessionCookieOf(a)).toBeTruthy();
    expect(sessionCookieOf(b)).toBeTruthy();
    expect(replayed.headers.location).toBe('/sign-in?sign-on-error=expired');
    expect(await userCount()).toBe(before + 1);
  });

  it('says so when the provider refuses or nobody signs in there', async () => {
    const { finish } = await signOn('entra', null);
    const refused = await finish();
    expect(refused.headers.location).toBe('/sign-in?sign-on-error=refused');
  });

  it('refuses a deactivated user, opening no session', async () => {
    op.addAccount({ sub: 'entra-leaver', email: 'leaver@northmoor.ac.uk', email_verified: true });
    const first = await (await signOn('entra', 'entra-leaver')).finish();
    expect(sessionCookieOf(first)).toBeTruthy();
    const [leaver] = await t.db.select().from(users).where(eq(users.email, 'leaver@northmoor.ac.uk'));
    const off = await t.call(admin, 'POST', `/api/v1/users/${leaver!.id}/deactivate`, undefined, {
      'if-match': `"v${leaver!.version}"`,
    });
    expect(off.statusCode, off.body).toBe(200);
    const again = await (await signOn('entra', 'entra-leaver')).finish();
    expect(again.headers.location).toBe('/sign-in?sign-on-error=deactivated');
    expect(sessionCookieOf(again) ?? '').toBe('');
  });

  it('links an existing account by e-mail only when the provider allows it and the address is verified', async () => {
    const local = await buildUser(t.db, {
      email: 'existing.manager@northmoor.ac.uk',
      role: 'senior_manager',
    });
    const before = await userCount();
    op.addAccount({ sub: 'entra-existing', email: 'existing.manager@northmoor.ac.uk', email_verified: true });
    const notAllowed = await (await signOn('entra', 'entra-existing')).finish();
    expect(notAllowed.headers.location).toBe('/sign-in?sign-on-error=not_linked');

    const listed = (await t.call(admin, 'GET', '/api/v1/sign-on-providers')).json();
    const entra = listed.items.find((p: { key: string }) => p.key === 'entra');
    const allow = await t.call(
      admin,
      'PATCH',
      `/api/v1/sign-on-providers/${entra.id}`,
      { linkByVerifiedEmail: true },
      { 'if-match': `"v${entra.version}"` },
    );
    expect(allow.statusCode, allow.body).toBe(200);
    op.addAccount({
      sub: 'entra-existing',
      email: 'existing.manager@northmoor.ac.uk',
      email_verified: false,
    });
    const unverified = await (await signOn('entra', 'entra-existing')).finish();
    expect(unverified.headers.location).toBe('/sign-in?sign-on-error=not_linked');
    expect(
      await t.db.select().from(externalIdentities).where(eq(externalIdentities.subject, 'entra-existing')),
    ).toHaveLength(0);

    op.addAccount({ sub: 'entra-existing', email: 'existing.manager@northmoor.ac.uk', email_verified: true });
    const linked = await (await signOn('entra', 'entra-existing')).finish();
    const session = await t.call(null, 'GET', '/api/v1/auth/session', undefined, {
      cookie: `rapport_session=${sessionCookieOf(linked)}`,
    });
    expect(session.json().user).toMatchObject({ id: local.id, role: 'senior_manager' });
    expect(await userCount()).toBe(before);
    const back = (await t.call(admin, 'GET', `/api/v1/sign-on-providers/${entra.id}`)).json();
    await t.call(
      admin,
      'PATCH',
      `/api/v1/sign-on-providers/${entra.id}`,
      { linkByVerifiedEmail: false },
      { 'if-match': `"v${back.version}"` },
    );
  });

  it('signs out at the provider too: single logout through its end-session endpoint', async () => {
    op.addAccount({ sub: 'entra-logout', email: 'logout@northmoor.ac.uk', email_verified: true });
    const signedIn = await (await signOn('entra', 'entra-logout')).finish();
    const cookie = `rapport_session=${sessionCookieOf(signedIn)}`;
    const session = (await t.call(null, 'GET', '/api/v1/auth/session', undefined, { cookie })).json();
    const [kept] = await t.db
      .select()
      .from(signOnSessions)
      .where(eq(signOnSessions.sessionId, hashSecret(sessionCookieOf(signedIn)!)));
    const sealed = kept!.logoutHintEncrypted!;
    const out = await t.call(null, 'POST', '/api/v1/sign-on/logout', undefined, {
      cookie,
      'x-csrf-token': session.csrfToken,
    });
    expect(out.statusCode, out.body).toBe(200);
    const end = new URL(out.json().endSessionUrl);
    expect(end.origin).toBe(op.issuer);
    expect(end.searchParams.get('post_logout_redirect_uri')).toBe(`${PUBLIC_URL}/sign-in`);
    const idToken = end.searchParams.get('id_token_hint')!;
    expect(idToken).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    expect((await t.call(null, 'GET', '/api/v1/auth/session', undefined, { cookie })).statusCode).toBe(401);
    // The ID token was kept sealed (AES-256-GCM under RAPPORT_SECRET_KEY), not in plain text.
    expect(sealed).toMatch(/^v1\./);
    for (const part of idToken.split('.')) expect(sealed).not.toContain(part);
    expect(decryptSecret(SECRET_KEY, sealed)).toContain(idToken);
    expect(decryptSecret('another-key-of-more-than-thirty-two-characters', sealed)).toBeNull();

    // A password session has nowhere else to sign out.
    const local = await t.signIn('staff');
    const plain = await t.call(local, 'POST', '/api/v1/sign-on/logout');
    expect(plain.json()).toEqual({ endSessionUrl: null });
  });

  it('answers an unknown, disabled or unreachable provider with a message, not an error', async () => {
    const unknown = await t.call(null, 'GET', '/api/v1/sign-on/nobody/start');
    expect(unknown.headers.location).toBe('/sign-in?sign-on-error=unavailable');
    const down = await t.call(admin, 'POST', '/api/v1/sign-on-providers', {
      key: 'down',
      name: 'Switched-off provider',
      issuer: 'http://127.0.0.1:9/',
      clientId: 'x',
    });
    expect(down.statusCode).toBe(201);
    const unreachable = await t.call(null, 'GET', '/api/v1/sign-on/down/start');
    expect(unreachable.headers.location).toBe('/sign-in?sign-on-error=failed');
    await t.call(
      admin,
      'PATCH',
      `/api/v1/sign-on-providers/${down.json().id}`,
      { enabled: false },
      { 'if-match': '"v1"' },
    );
    const disabled = await t.call(null, 'GET', '/api/v1/sign-on/down/start');
    expect(disabled.headers.location).toBe('/sign-in?sign-on-error=unavailable');
    const options = (await t.call(null, 'GET', '/api/v1/sign-on/options')).json();
    expect(options.providers.map((p: { key: string }) => p.key).sort()).toEqual(['campus', 'entra']);
    expect(options.passwords).toBe('everyone');
    const nul = await t.call(null, 'GET', '/api/v1/sign-on/entra/callback?code=%00&state=%00');
    expect(nul.statusCode).toBe(400);
    expect(sessionCookieOf(nul) ?? '').toBe('');
    const noAttempt = await t.call(
      null,
      'GET',
      `/api/v1/sign-on/entra/callback?code=${'c'.repeat(100)}&state=s`,
    );
    expect(noAttempt.headers.location).toBe('/sign-in?sign-on-error=expired');
    const hugeCode = await t.call(null, 'GET', `/api/v1/sign-on/entra/callback?code=${'c'.repeat(5000)}`);
    expect(hugeCode.statusCode).toBe(400);
  });
});

describe('administering providers', () => {
  it('keeps the client secret encrypted, never shows it, and never writes it to the audit log', async () => {
    const [row] = await t.db.select().from(signOnProviders).where(eq(signOnProviders.key, 'entra'));
    expect(row!.clientSecretEncrypted).toMatch(/^v1\./);
    expect(row!.clientSecretEncrypted).not.toContain(CLIENT.clientSecret);
    const listed = await t.call(admin, 'GET', '/api/v1/sign-on-providers');
    expect(listed.body).not.toContain(CLIENT.clientSecret);
    expect(listed.json().items.find((p: { key: string }) => p.key === 'entra').hasClientSecret).toBe(true);
    expect(listed.json().environment).toEqual([
      expect.objectContaining({ key: 'campus', hasClientSecret: true, redirectUri: callbackOf('campus') }),
    ]);
    const audit = await t.db
      .select({ after: auditLog.after })
      .from(auditLog)
      .where(eq(auditLog.entityId, row!.id));
    expect(JSON.stringify(audit)).not.toContain(CLIENT.clientSecret);
    expect(JSON.stringify(audit)).not.toContain(row!.clientSecretEncrypted);
  });

  it('refuses bad input naming the field, storing nothing', async () => {
    const count = async () => (await t.db.select().from(signOnProviders)).length;
    const before = await count();
    const cases: [Record<string, unknown>, string][] = [
      [{ key: 'Bad Key' }, 'key'],
      [{ key: 'campus' }, 'key'],
      [{ key: 'entra' }, 'key'],
      [{ issuer: 'http://idp.example.ac.uk' }, 'issuer'],
      [{ issuer: 'not a url' }, 'issuer'],
      [{ name: 'nul\u0000byte' }, 'name'],
      [{ scopes: 'email profile' }, 'scopes'],
      [{ rules: [{ claim: 'department', value: 'IT Services' }] }, 'rules.0.role'],
      [
        { rules: [{ claim: 'department', value: 'X', unitId: '00000000-0000-4000-8000-000000000000' }] },
        'rules.0.unitId',
      ],
      [{ defaultRole: 'owner' }, 'defaultRole'],
      [{ clientId: 'x'.repeat(10_000) }, 'clientId'],
    ];
    for (const [change, field] of cases) {
      const response = await t.call(admin, 'POST', '/api/v1/sign-on-providers', {
        key: 'new-one',
        name: 'New',
        issuer: 'https://login.example.ac.uk/v2.0',
        clientId: 'abc',
        ...change,
      });
      expect(response.statusCode, `${JSON.stringify(change)}: ${response.body}`).toBe(400);
      expect(response.json().errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    expect(await count()).toBe(before);
  });

  it('refuses to store a client secret without RAPPORT_SECRET_KEY', async () => {
    const keyless = await createTestApp();
    try {
      const keylessAdmin = await keyless.signIn('administrator');
      const response = await keyless.call(keylessAdmin, 'POST', '/api/v1/sign-on-providers', {
        key: 'entra',
        name: 'Microsoft',
        issuer: 'https://login.microsoftonline.com/tenant/v2.0',
        clientId: 'abc',
        clientSecret: 'secret',
      });
      expect(response.statusCode).toBe(400);
      expect(response.json().errors).toEqual([
        { field: 'clientSecret', message: expect.stringContaining('RAPPORT_SECRET_KEY') },
      ]);
      expect(await keyless.db.select().from(signOnProviders)).toHaveLength(0);
    } finally {
      await keyless.close();
    }
  });

  it('lets only administrators see or change providers and the password policy', async () => {
    const manager = await t.signIn('senior_manager');
    expect((await t.call(manager, 'GET', '/api/v1/sign-on-providers')).statusCode).toBe(403);
    expect((await t.call(manager, 'GET', '/api/v1/sign-in-policy')).statusCode).toBe(403);
    expect((await t.call(null, 'GET', '/api/v1/sign-on-providers')).statusCode).toBe(401);
  });

  it('reads providers from the environment, and names the variable when they are wrong', () => {
    const base = { RAPPORT_DEMO: '0' };
    expect(() => loadConfig({ ...base, RAPPORT_SIGN_ON_PROVIDERS: 'not json' })).toThrow(
      /RAPPORT_SIGN_ON_PROVIDERS: must be a JSON array/,
    );
    expect(() =>
      loadConfig({
        ...base,
        RAPPORT_SIGN_ON_PROVIDERS: JSON.stringify([
          { key: 'x', name: 'X', issuer: 'ftp://a', clientId: 'c' },
        ]),
      }),
    ).toThrow(ConfigError);
    expect(() => loadConfig({ ...base, RAPPORT_SECRET_KEY: 'short' })).toThrow(/RAPPORT_SECRET_KEY/);
    const config = loadConfig({
      ...base,
      RAPPORT_SIGN_ON_PROVIDERS: JSON.stringify([
        {
          key: 'entra',
          name: 'Microsoft',
          issuer: 'https://login.microsoftonline.com/t/v2.0',
          clientId: 'c',
        },
      ]),
    });
    expect(config.signOnProviders[0]).toMatchObject({
      key: 'entra',
      scopes: 'openid email profile',
      defaultRole: 'viewer',
    });
  });
});

describe('switching local passwords off (break-glass)', () => {
  it('leaves only the break-glass administrator a password, and a reset link', async () => {
    const breakGlass = await buildUser(t.db, { role: 'administrator', password: TEST_PASSWORD });
    const otherAdmin = await buildUser(t.db, { role: 'administrator', password: TEST_PASSWORD });
    const policy = await t.call(admin, 'GET', '/api/v1/sign-in-policy');
    expect(policy.json()).toMatchObject({ passwords: 'everyone', breakGlassUserId: null });

    const withoutBreakGlass = await t.call(
      admin,
      'PUT',
      '/api/v1/sign-in-policy',
      { passwords: 'break_glass_only', breakGlassUserId: null },
      { 'if-match': policy.headers.etag as string },
    );
    expect(withoutBreakGlass.statusCode).toBe(400);
    expect(withoutBreakGlass.json().errors[0].field).toBe('breakGlassUserId');
    const staffMember = await buildUser(t.db, { role: 'staff', password: TEST_PASSWORD });
    const notAdmin = await t.call(
      admin,
      'PUT',
      '/api/v1/sign-in-policy',
      { passwords: 'break_glass_only', breakGlassUserId: staffMember.id },
      { 'if-match': policy.headers.etag as string },
    );
    expect(notAdmin.json().errors[0]).toEqual({
      field: 'breakGlassUserId',
      message: 'must be an active administrator',
    });

    const off = await t.call(
      admin,
      'PUT',
      '/api/v1/sign-in-policy',
      { passwords: 'break_glass_only', breakGlassUserId: breakGlass.id },
      { 'if-match': policy.headers.etag as string },
    );
    expect(off.statusCode, off.body).toBe(200);
    const stale = await t.call(
      admin,
      'PUT',
      '/api/v1/sign-in-policy',
      { passwords: 'everyone', breakGlassUserId: null },
      { 'if-match': policy.headers.etag as string },
    );
    expect(stale.statusCode).toBe(412);

    try {
      const login = (email: string) =>
        t.call(null, 'POST', '/api/v1/auth/login', { email, password: TEST_PASSWORD });
      const refused = await login(otherAdmin.email);
      expect(refused.statusCode).toBe(401);
      expect(refused.json().detail).toMatch(/university account/);
      expect(sessionCookieOf(refused) ?? '').toBe('');
      expect((await login(staffMember.email)).statusCode).toBe(401);
      expect((await login(breakGlass.email)).statusCode).toBe(200);
      // "Forgot password?" issues a link to the break-glass administrator only (the same answer to both).
      for (const email of [otherAdmin.email, breakGlass.email]) {
        expect((await t.call(null, 'POST', '/api/v1/auth/forgot', { email })).statusCode).toBe(202);
      }
      const links = await t.db.select({ userId: accountLinks.userId }).from(accountLinks);
      expect(links.map((l) => l.userId)).toContain(breakGlass.id);
      expect(links.map((l) => l.userId)).not.toContain(otherAdmin.id);
      // A break-glass user who is no longer an administrator loses the password with the role.
      await t.db.update(users).set({ role: 'senior_manager' }).where(eq(users.id, breakGlass.id));
      expect((await login(breakGlass.email)).statusCode).toBe(401);
      expect((await t.call(null, 'GET', '/api/v1/sign-on/options')).json().passwords).toBe(
        'break_glass_only',
      );
      // Single sign-on is not affected.
      op.addAccount({ sub: 'entra-during-policy', email: 'sso.only@northmoor.ac.uk' });
      const viaProvider = await (await signOn('entra', 'entra-during-policy')).finish();
      expect(sessionCookieOf(viaProvider)).toBeTruthy();
    } finally {
      const now = await t.call(admin, 'GET', '/api/v1/sign-in-policy');
      await t.call(
        admin,
        'PUT',
        '/api/v1/sign-in-policy',
        { passwords: 'everyone', breakGlassUserId: null },
        { 'if-match': now.headers.etag as string },
      );
    }
  });
});
