import { createVerify, X509Certificate } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { generate } from 'selfsigned';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../config.ts';
import { type Agent, createTestApp, type TestApp } from '../../test/app.ts';
import { type ResponseOptions, startTestSamlIdp } from '../../test/saml-idp.ts';

/**
 * Rapport's own SAML key pair, from configuration (files outside the repository: generated here),
 * signs every AuthnRequest (HTTP-Redirect binding, RSA-SHA256) and is published in its metadata.
 */
const PUBLIC_URL = 'http://127.0.0.1:4107';
let dir = '';
let files: { key: string; certificate: string; otherCertificate: string };
let certificate = '';
let idp: Awaited<ReturnType<typeof startTestSamlIdp>>;
let t: TestApp;
let admin: Agent;

const pair = async (name: string) => {
  const pems = await generate([{ name: 'commonName', value: name }], { keySize: 2048, algorithm: 'sha256' });
  return { privateKey: pems.private, certificate: pems.cert };
};

beforeAll(async () => {
  mkdirSync('test-output', { recursive: true });
  dir = mkdtempSync(path.join('test-output', 'saml-sp-'));
  const own = await pair('Rapport service provider (test)');
  const other = await pair('Someone else');
  certificate = own.certificate;
  files = {
    key: path.join(dir, 'sp.key'),
    certificate: path.join(dir, 'sp.crt'),
    otherCertificate: path.join(dir, 'other.crt'),
  };
  writeFileSync(files.key, own.privateKey, { mode: 0o600 });
  writeFileSync(files.certificate, own.certificate);
  writeFileSync(files.otherCertificate, other.certificate);
  idp = await startTestSamlIdp();
  writeFileSync(path.join(dir, 'idp-metadata.xml'), idp.metadata());
  writeFileSync(path.join(dir, 'idp.crt'), idp.certificate);
  t = await createTestApp({
    RAPPORT_PUBLIC_URL: PUBLIC_URL,
    RAPPORT_SAML_SP_KEY_FILE: files.key,
    RAPPORT_SAML_SP_CERTIFICATE_FILE: files.certificate,
    RAPPORT_SAML_PROVIDERS: JSON.stringify(environmentSaml()),
  });
  admin = await t.signIn('administrator');
  const created = await t.call(admin, 'POST', '/api/v1/sign-on-providers/saml', {
    key: 'federation',
    name: 'Northmoor (UK federation)',
    metadataXml: idp.metadata(),
  });
  expect(created.statusCode, created.body).toBe(201);
});
afterAll(async () => {
  await t?.close();
  await idp?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** SAML providers configured by environment: one by its metadata file, one by its values. */
const environmentSaml = () => [
  {
    key: 'federation-env',
    name: 'Northmoor (configured)',
    metadataFile: path.join(dir, 'idp-metadata.xml'),
    defaultRole: 'staff',
    defaultUnit: null,
    rules: [{ claim: 'mail', value: 'olga@northmoor.ac.uk', role: 'relationship_manager' }],
  },
  {
    key: 'entra-env',
    name: 'Northmoor Entra ID',
    entityId: idp.entityId,
    ssoUrl: idp.ssoUrl,
    certificateFile: path.join(dir, 'idp.crt'),
    enabled: false,
  },
];

/** The query string's parameters as they were sent (still URL-encoded), in order. */
const rawParameters = (location: string) =>
  new Map(
    new URL(location).search
      .slice(1)
      .split('&')
      .map((part) => part.split('=') as [string, string]),
  );

/** Checks a redirect binding's signature as an identity provider does: over the encoded octets. */
function verifies(parameters: Map<string, string>, pem: string) {
  const signed = ['SAMLRequest', 'SAMLResponse', 'RelayState', 'SigAlg']
    .filter((name) => parameters.has(name))
    .map((name) => `${name}=${parameters.get(name)}`)
    .join('&');
  return createVerify('RSA-SHA256')
    .update(signed)
    .verify(
      new X509Certificate(pem).publicKey,
      decodeURIComponent(parameters.get('Signature') ?? ''),
      'base64',
    );
}

const acs = `${PUBLIC_URL}/api/v1/sign-on/federation/saml/acs`;
const entityId = `${PUBLIC_URL}/api/v1/sign-on/federation/saml/metadata`;
const post = (samlResponse: string) =>
  t.app.inject({
    method: 'POST',
    url: '/api/v1/sign-on/federation/saml/acs',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ SAMLResponse: samlResponse, RelayState: '' }).toString(),
  });
const complete = (cookie: string) =>
  t.call(null, 'GET', '/api/v1/sign-on/federation/saml/complete', undefined, {
    cookie: `rapport_sign_on=${cookie}`,
  });
async function start() {
  const started = await t.call(null, 'GET', '/api/v1/sign-on/federation/start');
  expect(started.statusCode, started.body).toBe(302);
  const request = inflateRawSync(
    Buffer.from(new URL(started.headers.location as string).searchParams.get('SAMLRequest')!, 'base64'),
  ).toString('utf8');
  const requestId = /\bID="([^"]+)"/.exec(request)![1]!;
  const cookie = started.cookies.find((c) => c.name === 'rapport_sign_on')!.value;
  return { requestId, cookie };
}
const encryptedResponse = (requestId: string, id: string, extra: Partial<ResponseOptions> = {}) =>
  Buffer.from(
    idp.encrypt(
      idp.responseXml({
        inResponseTo: requestId,
        destination: acs,
        audience: entityId,
        person: {
          nameID: `persistent-${id}`,
          attributes: {
            'urn:oid:0.9.2342.19200300.100.1.3': `${id}@northmoor.ac.uk`,
            'urn:oid:2.16.840.1.113730.3.1.241': `Person ${id}`,
          },
        },
        ...extra,
      }),
      certificate,
    ),
  ).toString('base64');

describe('encrypted assertions', () => {
  it('accepts an assertion encrypted for Rapport and signed by the identity provider', async () => {
    const { requestId, cookie } = await start();
    const response = encryptedResponse(requestId, 'grace');
    expect(Buffer.from(response, 'base64').toString('utf8')).toContain('<saml:EncryptedAssertion>');
    expect(Buffer.from(response, 'base64').toString('utf8')).not.toContain('grace@northmoor.ac.uk');
    const accepted = await post(response);
    expect(accepted.statusCode, accepted.body).toBe(303);
    expect(accepted.headers.location).toBe('/api/v1/sign-on/federation/saml/complete');
    const done = await complete(cookie);
    expect(done.headers.location).toBe('/');
    const session = await t.call(null, 'GET', '/api/v1/auth/session', undefined, {
      cookie: `rapport_session=${done.cookies.find((c) => c.name === 'rapport_session')!.value}`,
    });
    expect(session.json().user).toMatchObject({ email: 'grace@northmoor.ac.uk', name: 'Person grace' });
  });

  it('refuses an encrypted assertion that is unsigned, signed by another key, or replayed', async () => {
    const cases: [string, (requestId: string) => string, string][] = [
      ['unsigned', (id) => encryptedResponse(id, 'eve', { sign: 'none' }), 'untrusted'],
      ['signed by another key', (id) => encryptedResponse(id, 'eve', { impostor: true }), 'untrusted'],
    ];
    for (const [what, make, reason] of cases) {
      const { requestId, cookie } = await start();
      const refused = await post(make(requestId));
      expect(refused.statusCode, `${what}: ${refused.body}`).toBe(303);
      expect(refused.headers.location, what).toBe(`/sign-in?sign-on-error=${reason}`);
      expect((await complete(cookie)).headers.location, what).toBe('/sign-in?sign-on-error=expired');
    }
    // An assertion id is used once, even when it is known only after decryption: the identity
    // provider's own signature on a second response naming the same assertion id does not help.
    const heidi = (requestId: string) =>
      Buffer.from(
        idp.encrypt(
          idp.responseXml({
            inResponseTo: requestId,
            destination: acs,
            audience: entityId,
            person: {
              nameID: 'persistent-heidi',
              attributes: { 'urn:oid:0.9.2342.19200300.100.1.3': 'heidi@northmoor.ac.uk' },
            },
            assertionId: '_assertion-used-once',
          }),
          certificate,
        ),
      ).toString('base64');
    const first = await start();
    expect((await post(heidi(first.requestId))).headers.location).toBe(
      '/api/v1/sign-on/federation/saml/complete',
    );
    const second = await start();
    const replayed = await post(heidi(second.requestId));
    expect(replayed.headers.location).toBe('/sign-in?sign-on-error=replayed');
    expect((await complete(second.cookie)).headers.location).toBe('/sign-in?sign-on-error=expired');
  });
});

describe('signed AuthnRequests', () => {
  it('signs the request it sends the browser with, so the identity provider can check it', async () => {
    const started = await t.call(null, 'GET', '/api/v1/sign-on/federation/start');
    expect(started.statusCode, started.body).toBe(302);
    const location = started.headers.location as string;
    expect(location.startsWith(`${idp.ssoUrl}?`)).toBe(true);
    const parameters = rawParameters(location);
    expect(decodeURIComponent(parameters.get('SigAlg')!)).toBe(
      'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
    );
    expect(verifies(parameters, certificate)).toBe(true);
    // The request itself is Rapport's, for this provider's ACS.
    const request = inflateRawSync(
      Buffer.from(decodeURIComponent(parameters.get('SAMLRequest')!), 'base64'),
    ).toString('utf8');
    expect(request).toContain(
      `AssertionConsumerServiceURL="${PUBLIC_URL}/api/v1/sign-on/federation/saml/acs"`,
    );
    // A request changed on the way no longer verifies.
    const tampered = new Map(parameters);
    tampered.set('RelayState', 'elsewhere');
    expect(verifies(tampered, certificate)).toBe(false);
  });

  it('publishes its signing certificate and that its requests are signed in its metadata', async () => {
    const metadata = await t.call(null, 'GET', '/api/v1/sign-on/federation/saml/metadata');
    expect(metadata.statusCode).toBe(200);
    expect(metadata.body).toMatch(/AuthnRequestsSigned="true"/);
    const bare = certificate.replace(/-----(BEGIN|END) CERTIFICATE-----|\s/g, '');
    expect(metadata.body.replace(/\s/g, '')).toContain(bare);
    expect(metadata.body).toMatch(/use="signing"/);
  });

  it('refuses a key pair that is incomplete, unreadable or mismatched at start, naming the variable', () => {
    const base = { RAPPORT_DEMO: '0' };
    expect(() => loadConfig({ ...base, RAPPORT_SAML_SP_KEY_FILE: files.key })).toThrow(
      /must be set together/,
    );
    expect(() =>
      loadConfig({
        ...base,
        RAPPORT_SAML_SP_KEY_FILE: path.join(dir, 'missing.key'),
        RAPPORT_SAML_SP_CERTIFICATE_FILE: files.certificate,
      }),
    ).toThrow(/RAPPORT_SAML_SP_KEY_FILE: cannot be read \(ENOENT\)/);
    expect(() =>
      loadConfig({
        ...base,
        RAPPORT_SAML_SP_KEY_FILE: files.certificate,
        RAPPORT_SAML_SP_CERTIFICATE_FILE: files.certificate,
      }),
    ).toThrow(/RAPPORT_SAML_SP_KEY_FILE: is not a PEM private key/);
    expect(() =>
      loadConfig({
        ...base,
        RAPPORT_SAML_SP_KEY_FILE: files.key,
        RAPPORT_SAML_SP_CERTIFICATE_FILE: files.otherCertificate,
      }),
    ).toThrow(ConfigError);
    const configured = loadConfig({
      ...base,
      RAPPORT_SAML_SP_KEY_FILE: files.key,
      RAPPORT_SAML_SP_CERTIFICATE_FILE: files.certificate,
    });
    expect(configured.samlServiceKey?.certificate).toBe(certificate);
  });
});

describe('single logout started at the identity provider', () => {
  /** Signs someone in through the provider and answers their session cookie. */
  async function signedIn(id: string, sessionIndex: string) {
    const { requestId, cookie } = await start();
    const response = Buffer.from(
      idp.responseXml({
        inResponseTo: requestId,
        destination: acs,
        audience: entityId,
        sessionIndex,
        person: {
          nameID: `persistent-${id}`,
          attributes: { 'urn:oid:0.9.2342.19200300.100.1.3': `${id}@northmoor.ac.uk` },
        },
      }),
    ).toString('base64');
    expect((await post(response)).statusCode).toBe(303);
    const done = await complete(cookie);
    return done.cookies.find((c) => c.name === 'rapport_session')!.value;
  }
  const sessionOf = (session: string) =>
    t.call(null, 'GET', '/api/v1/auth/session', undefined, { cookie: `rapport_session=${session}` });
  const logout = (query: string) => t.call(null, 'GET', `/api/v1/sign-on/federation/saml/logout?${query}`);
  const logoutUrl = `${PUBLIC_URL}/api/v1/sign-on/federation/saml/logout`;

  it("ends the session the identity provider's signed LogoutRequest names, and answers a LogoutResponse", async () => {
    const first = await signedIn('judy', 'session-judy-1');
    const second = await signedIn('judy', 'session-judy-2');
    const other = await signedIn('karl', 'session-karl-1');
    for (const s of [first, second, other]) expect((await sessionOf(s)).statusCode).toBe(200);

    const answered = await logout(
      idp.logoutRequestQuery({
        destination: logoutUrl,
        nameID: 'persistent-judy',
        sessionIndex: 'session-judy-1',
        id: '_logout-judy-1',
        relayState: 'back-to-idp',
      }),
    );
    expect(answered.statusCode, answered.body).toBe(302);
    const location = new URL(answered.headers.location as string);
    expect(location.origin + location.pathname).toBe(idp.sloUrl);
    expect(location.searchParams.get('RelayState')).toBe('back-to-idp');
    const logoutResponse = inflateRawSync(
      Buffer.from(location.searchParams.get('SAMLResponse')!, 'base64'),
    ).toString('utf8');
    expect(logoutResponse).toContain('InResponseTo="_logout-judy-1"');
    expect(logoutResponse).toContain('urn:oasis:names:tc:SAML:2.0:status:Success');
    // Rapport has a key: its LogoutResponse is signed too.
    expect(verifies(rawParameters(answered.headers.location as string), certificate)).toBe(true);

    expect((await sessionOf(first)).statusCode).toBe(401);
    expect((await sessionOf(second)).statusCode).toBe(200);
    expect((await sessionOf(other)).statusCode).toBe(200);
    // Without a session index, every session of the person ends.
    expect(
      (await logout(idp.logoutRequestQuery({ destination: logoutUrl, nameID: 'persistent-judy' })))
        .statusCode,
    ).toBe(302);
    expect((await sessionOf(second)).statusCode).toBe(401);
    expect((await sessionOf(other)).statusCode).toBe(200);
  });

  it('refuses a LogoutRequest that is unsigned, signed by another key or broken, and ends nothing', async () => {
    const session = await signedIn('lena', 'session-lena-1');
    const cases: [string, string, string][] = [
      [
        'unsigned',
        idp.logoutRequestQuery({ destination: logoutUrl, nameID: 'persistent-lena', sign: 'none' }),
        'untrusted',
      ],
      [
        'signed by another key',
        idp.logoutRequestQuery({ destination: logoutUrl, nameID: 'persistent-lena', sign: 'impostor' }),
        'untrusted',
      ],
      ['not a SAML message', 'SAMLRequest=bm90IGRlZmxhdGVk&SigAlg=x&Signature=eA%3D%3D', 'failed'],
    ];
    for (const [what, query, reason] of cases) {
      const refused = await logout(query);
      expect(refused.statusCode, `${what}: ${refused.body}`).toBe(302);
      expect(refused.headers.location, what).toBe(`/sign-in?sign-on-error=${reason}`);
    }
    expect((await sessionOf(session)).statusCode).toBe(200);
    // Without a SAMLRequest it is the return from Rapport's own single logout, as before.
    expect((await logout('')).headers.location).toBe('/sign-in');
  });
});

describe('SAML providers configured by environment', () => {
  it('signs in through a provider from RAPPORT_SAML_PROVIDERS, read from its metadata file, with its rules', async () => {
    const started = await t.call(null, 'GET', '/api/v1/sign-on/federation-env/start');
    expect(started.statusCode, started.body).toBe(302);
    const location = new URL(started.headers.location as string);
    expect(location.origin + location.pathname).toBe(idp.ssoUrl);
    const request = inflateRawSync(Buffer.from(location.searchParams.get('SAMLRequest')!, 'base64')).toString(
      'utf8',
    );
    const requestId = /\bID="([^"]+)"/.exec(request)![1]!;
    const cookie = started.cookies.find((c) => c.name === 'rapport_sign_on')!.value;
    const envAcs = `${PUBLIC_URL}/api/v1/sign-on/federation-env/saml/acs`;
    const response = idp.respond({
      inResponseTo: requestId,
      destination: envAcs,
      audience: `${PUBLIC_URL}/api/v1/sign-on/federation-env/saml/metadata`,
      person: {
        nameID: 'persistent-olga',
        attributes: { 'urn:oid:0.9.2342.19200300.100.1.3': 'olga@northmoor.ac.uk' },
      },
    });
    const accepted = await t.app.inject({
      method: 'POST',
      url: '/api/v1/sign-on/federation-env/saml/acs',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ SAMLResponse: response, RelayState: '' }).toString(),
    });
    expect(accepted.statusCode, accepted.body).toBe(303);
    const done = await t.call(null, 'GET', '/api/v1/sign-on/federation-env/saml/complete', undefined, {
      cookie: `rapport_sign_on=${cookie}`,
    });
    expect(done.headers.location).toBe('/');
    const session = await t.call(null, 'GET', '/api/v1/auth/session', undefined, {
      cookie: `rapport_session=${done.cookies.find((c) => c.name === 'rapport_session')!.value}`,
    });
    expect(session.json().user).toMatchObject({
      email: 'olga@northmoor.ac.uk',
      role: 'relationship_manager',
    });
    // Its service-provider metadata is published like a stored provider's.
    const metadata = await t.call(null, 'GET', '/api/v1/sign-on/federation-env/saml/metadata');
    expect(metadata.statusCode).toBe(200);
    expect(metadata.body).toContain(`Location="${envAcs}"`);
  });

  it('lists them for administrators as set by configuration; one switched off signs nobody in', async () => {
    const list = await t.call(admin, 'GET', '/api/v1/sign-on-providers');
    expect(list.statusCode, list.body).toBe(200);
    const environment = list.json().environment as {
      key: string;
      protocol: string;
      issuer: string;
      enabled: boolean;
    }[];
    expect(environment).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          key: 'federation-env',
          protocol: 'saml',
          issuer: idp.entityId,
          enabled: true,
        }),
        expect.objectContaining({ key: 'entra-env', protocol: 'saml', issuer: idp.entityId, enabled: false }),
      ]),
    );
    const off = await t.call(null, 'GET', '/api/v1/sign-on/entra-env/start');
    expect(off.headers.location).toMatch(/sign-on-error=unavailable/);
    // Its key cannot be taken by a stored provider.
    const taken = await t.call(admin, 'POST', '/api/v1/sign-on-providers/saml', {
      key: 'federation-env',
      name: 'Another',
      metadataXml: idp.metadata(),
    });
    expect(taken.statusCode).toBe(400);
    expect(taken.json().errors[0].field).toBe('key');
  });

  it('refuses a bad RAPPORT_SAML_PROVIDERS at start, naming the provider and what is wrong', () => {
    const base = { RAPPORT_DEMO: '0' };
    const load = (list: unknown) => () =>
      loadConfig({ ...base, RAPPORT_SAML_PROVIDERS: JSON.stringify(list) });
    expect(load([{ key: 'bad-one', name: 'X', metadataFile: path.join(dir, 'missing.xml') }])).toThrow(
      /the provider "bad-one" cannot read .*missing\.xml \(ENOENT\)/,
    );
    expect(load([{ key: 'bad-one', name: 'X', metadataFile: files.certificate }])).toThrow(
      /the provider "bad-one" has a metadataFile that is not well-formed XML/,
    );
    expect(load([{ key: 'bad-one', name: 'X', entityId: 'https://idp.example' }])).toThrow(
      /give metadataFile, or entityId, ssoUrl and certificateFile/,
    );
    expect(
      load([
        {
          key: 'bad-one',
          name: 'X',
          entityId: 'https://idp.example',
          ssoUrl: idp.ssoUrl,
          certificateFile: files.key,
        },
      ]),
    ).toThrow(/has a certificateFile that is not an X.509 certificate/);
    expect(
      load([{ key: 'bad-one', name: 'X', metadataFile: path.join(dir, 'idp-metadata.xml'), colour: 'red' }]),
    ).toThrow(ConfigError);
    expect(() => loadConfig({ ...base, RAPPORT_SAML_PROVIDERS: 'not json' })).toThrow(/must be a JSON array/);
    const configured = loadConfig({ ...base, RAPPORT_SAML_PROVIDERS: JSON.stringify(environmentSaml()) });
    expect(configured.samlProviders.map((p) => [p.key, p.saml.entityId])).toEqual([
      ['federation-env', idp.entityId],
      ['entra-env', idp.entityId],
    ]);
  });
});
