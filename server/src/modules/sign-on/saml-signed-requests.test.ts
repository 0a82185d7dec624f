import { createVerify, X509Certificate } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { generate } from 'selfsigned';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../config.ts';
import { type Agent, createTestApp, type TestApp } from '../../test/app.ts';
import { startTestSamlIdp } from '../../test/saml-idp.ts';

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
  t = await createTestApp({
    RAPPORT_PUBLIC_URL: PUBLIC_URL,
    RAPPORT_SAML_SP_KEY_FILE: files.key,
    RAPPORT_SAML_SP_CERTIFICATE_FILE: files.certificate,
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
  const signed = ['SAMLRequest', 'RelayState', 'SigAlg']
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
