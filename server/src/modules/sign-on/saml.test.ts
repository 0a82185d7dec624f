import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { samlUsedIds, signOnAttempts, signOnProviders, signOnSessions } from '../../db/schema/sign-on.ts';
import { externalIdentities, users } from '../../db/schema/users.ts';
import { type Agent, createTestApp, type TestApp } from '../../test/app.ts';
import { buildUnit, buildUser } from '../../test/factories/index.ts';
import { type ResponseOptions, type SamlPerson, startTestSamlIdp } from '../../test/saml-idp.ts';

const PUBLIC_URL = 'http://127.0.0.1:4105';
const SECRET_KEY = 'a-saml-test-key-of-more-than-thirty-two-characters';
const sp = (key: string) => ({
  entityId: `${PUBLIC_URL}/api/v1/sign-on/${key}/saml/metadata`,
  acs: `${PUBLIC_URL}/api/v1/sign-on/${key}/saml/acs`,
});

let idp: Awaited<ReturnType<typeof startTestSamlIdp>>;
let t: TestApp;
let admin: Agent;
let itServices: { id: string };

const person = (id: string, extra: Record<string, string | string[]> = {}): SamlPerson => ({
  nameID: `persistent-${id}`,
  attributes: {
    'urn:oid:1.3.6.1.4.1.5923.1.1.1.6': `${id}@northmoor.ac.uk`,
    'urn:oid:0.9.2342.19200300.100.1.3': `${id}@northmoor.ac.uk`,
    'urn:oid:2.16.840.1.113730.3.1.241': `Person ${id}`,
    'urn:oid:1.3.6.1.4.1.5923.1.1.1.9': ['member@northmoor.ac.uk', 'staff@northmoor.ac.uk'],
    ...extra,
  },
});

beforeAll(async () => {
  idp = await startTestSamlIdp();
  t = await createTestApp({ RAPPORT_PUBLIC_URL: PUBLIC_URL, RAPPORT_SECRET_KEY: SECRET_KEY });
  admin = await t.signIn('administrator');
  itServices = await buildUnit(t.db, { name: 'IT Services' });
  const created = await t.call(admin, 'POST', '/api/v1/sign-on-providers/saml', {
    key: 'shibboleth',
    name: 'Northmoor (UK federation)',
    metadataXml: idp.metadata(),
    defaultRole: 'viewer',
    rules: [
      { claim: 'eduPersonScopedAffiliation', value: 'staff@northmoor.ac.uk', role: 'staff' },
      { claim: 'ou', value: 'IT Services', unitId: itServices.id },
    ],
  });
  expect(created.statusCode, created.body).toBe(201);
});
afterAll(async () => {
  await t?.close();
  await idp?.close();
});

const sessionCookieOf = (response: { cookies: { name: string; value: string }[] }) =>
  response.cookies.find((c) => c.name === 'rapport_session')?.value;
const userCount = async () => (await t.db.select({ n: sql<number>`count(*)::int` }).from(users))[0]!.n;

/** Rapport's start: the AuthnRequest id the identity provider must answer, and the browser's cookie. */
async function start(key = 'shibboleth') {
  const started = await t.call(null, 'GET', `/api/v1/sign-on/${key}/start`);
  expect(started.statusCode, started.body).toBe(302);
  const location = new URL(started.headers.location as string);
  const [attempt] = await t.db
    .select({ state: signOnAttempts.state })
    .from(signOnAttempts)
    .where(eq(signOnAttempts.providerKey, key))
    .orderBy(sql`expires_at desc`)
    .limit(1);
  const cookie = started.cookies.find((c) => c.name === 'rapport_sign_on')!.value;
  return { location, requestId: attempt!.state, cookie };
}

const post = (key: string, samlResponse: string) =>
  t.app.inject({
    method: 'POST',
    url: `/api/v1/sign-on/${key}/saml/acs`,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ SAMLResponse: samlResponse, RelayState: '' }).toString(),
  });
const complete = (key: string, cookie: string) =>
  t.call(null, 'GET', `/api/v1/sign-on/${key}/saml/complete`, undefined, {
    cookie: `rapport_sign_on=${cookie}`,
  });

/** A good response to `requestId`, changed by `change`. */
const goodResponse = (requestId: string, who: SamlPerson, change: Partial<ResponseOptions> = {}) =>
  idp.respond({
    inResponseTo: requestId,
    destination: sp('shibboleth').acs,
    audience: sp('shibboleth').entityId,
    person: who,
    ...change,
  });

describe('signing in through a SAML 2.0 identity provider', () => {
  it('publishes the service-provider metadata at a stable address', async () => {
    const response = await t.call(null, 'GET', '/api/v1/sign-on/shibboleth/saml/metadata');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/samlmetadata\+xml/);
    expect(response.body).toContain(`entityID="${sp('shibboleth').entityId}"`);
    expect(response.body).toContain(`Location="${sp('shibboleth').acs}"`);
    expect(response.body).toContain('urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST');
    expect(response.body).toContain('WantAssertionsSigned="true"');
    expect((await t.call(null, 'GET', '/api/v1/sign-on/nobody/saml/metadata')).statusCode).toBe(404);
  });

  it('sends the browser to the identity provider with a deflated AuthnRequest (HTTP-Redirect)', async () => {
    const { location, requestId } = await start();
    expect(location.origin + location.pathname).toBe(idp.ssoUrl);
    expect(location.searchParams.get('SAMLRequest')).toBeTruthy();
    expect(requestId).toMatch(/^_[0-9a-f]{40}$/);
  });

  it('creates the account from a signed assertion, maps its attributes by the rules, and opens a session in the browser that started', async () => {
    const before = await userCount();
    const { requestId, cookie } = await start();
    const who = person('ada', { 'urn:oid:2.5.4.11': 'IT Services' });
    const accepted = await post('shibboleth', goodResponse(requestId, who));
    expect(accepted.statusCode, accepted.body).toBe(303);
    expect(accepted.headers.location).toBe('/api/v1/sign-on/shibboleth/saml/complete');
    expect(await userCount()).toBe(before);
    // The response alone signs nobody in: another browser (no cookie, or a forged one) is refused.
    expect((await complete('shibboleth', 'forged')).headers.location).toBe('/sign-in?sign-on-error=expired');
    const done = await complete('shibboleth', cookie);
    expect(done.headers.location).toBe('/');
    const session = await t.call(null, 'GET', '/api/v1/auth/session', undefined, {
      cookie: `rapport_session=${sessionCookieOf(done)}`,
    });
    expect(session.json().user).toMatchObject({
      email: 'ada@northmoor.ac.uk',
      name: 'Person ada',
      role: 'staff',
      unitId: itServices.id,
    });
    const [identity] = await t.db
      .select()
      .from(externalIdentities)
      .where(eq(externalIdentities.subject, 'persistent-ada'));
    expect(identity?.provider).toBe('shibboleth');
    expect(await userCount()).toBe(before + 1);
    // Used once: the cookie again finds nothing.
    expect((await complete('shibboleth', cookie)).headers.location).toBe('/sign-in?sign-on-error=expired');
  });

  it('refuses every bad response with a clear reason, never a 500, creating nothing', async () => {
    const before = await userCount();
    const who = person('mallory');
    const cases: [string, (requestId: string) => string, string][] = [
      ['unsigned', (id) => goodResponse(id, who, { sign: 'none' }), 'untrusted'],
      ['signed by another key', (id) => goodResponse(id, who, { impostor: true }), 'untrusted'],
      [
        'signed by another key, whole response',
        (id) => goodResponse(id, who, { sign: 'response', impostor: true }),
        'untrusted',
      ],
      [
        'from another issuer',
        (id) => goodResponse(id, who, { issuer: 'https://evil.example/idp' }),
        'untrusted',
      ],
      [
        'for another audience',
        (id) => goodResponse(id, who, { audience: 'https://other.example/sp' }),
        'misdirected',
      ],
      [
        'to another destination',
        (id) => goodResponse(id, who, { destination: 'https://other.example/acs' }),
        'misdirected',
      ],
      [
        'expired',
        (id) =>
          goodResponse(id, who, {
            issuedAt: new Date(Date.now() - 20 * 60_000),
            notOnOrAfter: new Date(Date.now() - 15 * 60_000),
          }),
        'stale',
      ],
      ['answering another request', () => goodResponse('_a-request-we-never-sent', who), 'expired'],
      ['unsolicited', () => goodResponse('', who, { inResponseTo: null }), 'failed'],
      ['not XML', () => Buffer.from('<<<not xml').toString('base64'), 'failed'],
      ['not base64', () => '%%%%', 'failed'],
      [
        'with a DOCTYPE',
        () => Buffer.from('<!DOCTYPE x [<!ENTITY a "b">]><x/>').toString('base64'),
        'failed',
      ],
      [
        'refused by the identity provider',
        (id) =>
          goodResponse(id, who, { status: 'urn:oasis:names:tc:SAML:2.0:status:Responder', sign: 'none' }),
        'refused',
      ],
      [
        'signature wrapping: a forged assertion beside the signed one',
        (id) => {
          const signed = idp.responseXml({
            inResponseTo: id,
            destination: sp('shibboleth').acs,
            audience: sp('shibboleth').entityId,
            person: person('innocent'),
          });
          // The signed assertion is hidden in an Extensions element; a forged, unsigned one takes its place.
          const assertion = signed.match(/<saml:Assertion[\s\S]*<\/saml:Assertion>/)![0];
          const forged = assertion
            .replace(/<ds:Signature[\s\S]*<\/ds:Signature>/, '')
            .replace(/persistent-innocent/g, 'persistent-admin')
            .replace(/ID="[^"]+"/, 'ID="_forged"');
          const wrapped = signed.replace(
            assertion,
            `<samlp:Extensions>${assertion}</samlp:Extensions>${forged}`,
          );
          return Buffer.from(wrapped).toString('base64');
        },
        'untrusted',
      ],
      [
        'signature wrapping: two assertions',
        (id) => {
          const signed = idp.responseXml({
            inResponseTo: id,
            destination: sp('shibboleth').acs,
            audience: sp('shibboleth').entityId,
            person: person('innocent'),
          });
          const assertion = signed.match(/<saml:Assertion[\s\S]*<\/saml:Assertion>/)![0];
          const forged = assertion.replace(/persistent-innocent/g, 'persistent-admin');
          return Buffer.from(signed.replace(assertion, `${forged}${assertion}`)).toString('base64');
        },
        'untrusted',
      ],
    ];
    for (const [what, make, reason] of cases) {
      const { requestId, cookie } = await start();
      const refused = await post('shibboleth', make(requestId));
      expect(refused.statusCode, `${what}: ${refused.body}`).toBe(303);
      expect(refused.headers.location, what).toBe(`/sign-in?sign-on-error=${reason}`);
      expect((await complete('shibboleth', cookie)).headers.location, what).toBe(
        '/sign-in?sign-on-error=expired',
      );
    }
    expect(await userCount()).toBe(before);
    const oversized = await post('shibboleth', 'A'.repeat(500_000));
    expect(oversized.statusCode).toBe(400);
    const nul = await post('shibboleth', 'abc\u0000');
    expect(nul.statusCode).toBe(400);
    expect(nul.json().errors[0].field).toBe('SAMLResponse');
  });

  it('accepts a response id once: a replayed response is refused, even for a new sign-in', async () => {
    const who = person('replay');
    const first = await start();
    const response = goodResponse(first.requestId, who);
    expect((await post('shibboleth', response)).headers.location).toBe(
      '/api/v1/sign-on/shibboleth/saml/complete',
    );
    expect((await post('shibboleth', response)).headers.location).toBe('/sign-in?sign-on-error=replayed');
    expect(sessionCookieOf(await complete('shibboleth', first.cookie))).toBeTruthy();
    expect((await post('shibboleth', response)).headers.location).toBe('/sign-in?sign-on-error=replayed');
    // The same assertion under a new response id, answering a new request, is refused too.
    const second = await start();
    const xml = Buffer.from(response, 'base64')
      .toString('utf8')
      .replace(/(<samlp:Response[^>]*?ID=")[^"]+/, '$1_a-new-response-id')
      .replace(/(<samlp:Response[^>]*?InResponseTo=")[^"]+/, `$1${second.requestId}`);
    const reused = await post('shibboleth', Buffer.from(xml).toString('base64'));
    expect(reused.headers.location).toBe('/sign-in?sign-on-error=replayed');
    expect((await t.db.select().from(samlUsedIds)).length).toBeGreaterThanOrEqual(2);

    // Posted twice at once: one wins.
    const third = await start();
    const twice = goodResponse(third.requestId, who);
    const both = await Promise.all([post('shibboleth', twice), post('shibboleth', twice)]);
    expect(both.map((r) => r.headers.location).sort()).toEqual([
      '/api/v1/sign-on/shibboleth/saml/complete',
      '/sign-in?sign-on-error=replayed',
    ]);
  });

  it('refuses a deactivated user, and links an existing account only when the provider allows it', async () => {
    const leaver = person('leaver');
    let attempt = await start();
    await post('shibboleth', goodResponse(attempt.requestId, leaver));
    expect(sessionCookieOf(await complete('shibboleth', attempt.cookie))).toBeTruthy();
    await t.db
      .update(users)
      .set({ deactivatedAt: new Date() })
      .where(eq(users.email, 'leaver@northmoor.ac.uk'));
    attempt = await start();
    await post('shibboleth', goodResponse(attempt.requestId, leaver));
    const refused = await complete('shibboleth', attempt.cookie);
    expect(refused.headers.location).toBe('/sign-in?sign-on-error=deactivated');
    expect(sessionCookieOf(refused) ?? '').toBe('');

    await buildUser(t.db, { email: 'existing@northmoor.ac.uk', role: 'senior_manager' });
    attempt = await start();
    await post('shibboleth', goodResponse(attempt.requestId, person('existing')));
    expect((await complete('shibboleth', attempt.cookie)).headers.location).toBe(
      '/sign-in?sign-on-error=not_linked',
    );
  });

  it('signs out at the identity provider too, with the NameID and session index kept sealed', async () => {
    const { requestId, cookie } = await start();
    await post(
      'shibboleth',
      goodResponse(requestId, person('logout'), { sessionIndex: '_session-of-logout' }),
    );
    const signedIn = await complete('shibboleth', cookie);
    const sessionCookie = `rapport_session=${sessionCookieOf(signedIn)}`;
    const session = (
      await t.call(null, 'GET', '/api/v1/auth/session', undefined, { cookie: sessionCookie })
    ).json();
    const stored = await t.db
      .select()
      .from(signOnSessions)
      .where(eq(signOnSessions.providerKey, 'shibboleth'));
    expect(stored.length).toBeGreaterThan(0);
    for (const row of stored) {
      expect(row.logoutHintEncrypted).toMatch(/^v1\./);
      expect(row.logoutHintEncrypted).not.toContain('persistent-');
    }
    const out = await t.call(null, 'POST', '/api/v1/sign-on/logout', undefined, {
      cookie: sessionCookie,
      'x-csrf-token': session.csrfToken,
    });
    expect(out.statusCode, out.body).toBe(200);
    const end = new URL(out.json().endSessionUrl);
    expect(end.origin + end.pathname).toBe(idp.sloUrl);
    expect(end.searchParams.get('SAMLRequest')).toBeTruthy();
    const back = await t.call(null, 'GET', '/api/v1/sign-on/shibboleth/saml/logout?SAMLResponse=abc');
    expect(back.headers.location).toBe('/sign-in');
  });
});

describe('administering SAML providers', () => {
  it('shows the addresses to give the identity provider, and certificates by fingerprint', async () => {
    const listed = (await t.call(admin, 'GET', '/api/v1/sign-on-providers')).json();
    const saml = listed.items.find((p: { key: string }) => p.key === 'shibboleth');
    expect(saml).toMatchObject({
      protocol: 'saml',
      issuer: idp.entityId,
      clientId: null,
      saml: {
        ssoUrl: idp.ssoUrl,
        sloUrl: idp.sloUrl,
        serviceEntityId: sp('shibboleth').entityId,
        acsUrl: sp('shibboleth').acs,
        certificateFingerprints: [expect.stringMatching(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/)],
      },
    });
    const options = (await t.call(null, 'GET', '/api/v1/sign-on/options')).json();
    expect(options.providers).toContainEqual({
      key: 'shibboleth',
      name: 'Northmoor (UK federation)',
      protocol: 'saml',
    });
  });

  it('takes entity id, address and certificate one by one, and changes them', async () => {
    const created = await t.call(admin, 'POST', '/api/v1/sign-on-providers/saml', {
      key: 'entra-saml',
      name: 'Microsoft (SAML)',
      entityId: 'https://sts.windows.net/tenant/',
      ssoUrl: 'https://login.microsoftonline.com/tenant/saml2',
      certificate: idp.certificate,
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json().saml.sloUrl).toBeNull();
    const changed = await t.call(
      admin,
      'PATCH',
      `/api/v1/sign-on-providers/${created.json().id}`,
      { certificate: idp.impostorCertificate, sloUrl: 'https://login.microsoftonline.com/tenant/saml2' },
      { 'if-match': created.headers.etag as string },
    );
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json().saml.certificateFingerprints).not.toEqual(
      created.json().saml.certificateFingerprints,
    );
    expect(changed.json().saml.sloUrl).toBe('https://login.microsoftonline.com/tenant/saml2');
    const wrongKind = await t.call(
      admin,
      'PATCH',
      `/api/v1/sign-on-providers/${created.json().id}`,
      { clientId: 'x' },
      { 'if-match': changed.headers.etag as string },
    );
    expect(wrongKind.statusCode).toBe(400);
    expect(wrongKind.json().errors[0].field).toBe('clientId');
  });

  it('refuses bad input naming the field, storing nothing', async () => {
    const count = async () => (await t.db.select().from(signOnProviders)).length;
    const before = await count();
    const base = { key: 'bad-one', name: 'Bad' };
    const cases: [Record<string, unknown>, string][] = [
      [{ metadataXml: 'not xml <' }, 'metadataXml'],
      [{ metadataXml: '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>' }, 'metadataXml'],
      [
        {
          metadataXml: idp
            .metadata()
            .replace(/HTTP-Redirect" Location="[^"]+\/sso"/, 'HTTP-Artifact" Location="x"'),
        },
        'metadataXml',
      ],
      [
        {
          metadataXml: idp
            .metadata()
            .replace(/<ds:X509Certificate>[^<]+/, '<ds:X509Certificate>bm90IGEgY2VydA=='),
        },
        'metadataXml',
      ],
      [
        {
          metadataXml: idp
            .metadata()
            .replace(/http:\/\/127\.0\.0\.1:\d+\/sso"/, 'http://idp.example.ac.uk/sso"'),
        },
        'metadataXml',
      ],
      [{ entityId: 'x', ssoUrl: 'https://idp.example.ac.uk/sso' }, 'certificate'],
      [
        { entityId: 'x', ssoUrl: 'https://idp.example.ac.uk/sso', certificate: 'not a certificate' },
        'certificate',
      ],
      [{ entityId: 'x', certificate: idp.certificate }, 'ssoUrl'],
      [{ entityId: 'x', ssoUrl: 'http://idp.example.ac.uk/sso', certificate: idp.certificate }, 'ssoUrl'],
      [{ metadataXml: idp.metadata(), key: 'shibboleth' }, 'key'],
      [{ metadataXml: 'x'.repeat(600_000) }, 'metadataXml'],
    ];
    for (const [change, field] of cases) {
      const response = await t.call(admin, 'POST', '/api/v1/sign-on-providers/saml', { ...base, ...change });
      expect(response.statusCode, `${JSON.stringify(change).slice(0, 200)}: ${response.body}`).toBe(400);
      expect(response.json().errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    expect(await count()).toBe(before);
    const manager = await t.signIn('senior_manager');
    const forbidden = await t.call(manager, 'POST', '/api/v1/sign-on-providers/saml', {
      ...base,
      metadataXml: idp.metadata(),
    });
    expect(forbidden.statusCode).toBe(403);
    expect(await count()).toBe(before);
  });
});
