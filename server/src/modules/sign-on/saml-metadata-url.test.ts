import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client.ts';
import { type Agent, createTestApp, type TestApp } from '../../test/app.ts';
import { startTestSamlIdp } from '../../test/saml-idp.ts';

/**
 * A SAML identity provider configured from the address its metadata is published at, fetched
 * from a local HTTP server: bounded in time and size, with a clear message when it fails.
 */
const MAX_BYTES = 20_000;

let idp: Awaited<ReturnType<typeof startTestSamlIdp>>;
let t: TestApp;
let admin: Agent;
let staff: Agent;
let server: Server;
let origin = '';
const hanging = new Set<import('node:http').ServerResponse>();

beforeAll(async () => {
  idp = await startTestSamlIdp();
  server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://x').pathname;
    if (path === '/metadata.xml') {
      response.writeHead(200, { 'content-type': 'application/samlmetadata+xml' }).end(idp.metadata());
    } else if (path === '/moved') {
      response.writeHead(302, { location: '/metadata.xml' }).end();
    } else if (path === '/huge-declared') {
      response.writeHead(200, { 'content-length': String(MAX_BYTES * 3) });
      response.end('x'.repeat(MAX_BYTES * 3));
    } else if (path === '/huge-streamed') {
      // No Content-Length: the limit holds while the bytes stream in.
      response.writeHead(200, { 'content-type': 'application/xml' });
      for (let i = 0; i < 30; i++) response.write('<x>'.padEnd(1000, ' '));
      response.end();
    } else if (path === '/slow') {
      hanging.add(response);
    } else if (path === '/not-xml') {
      response.writeHead(200, { 'content-type': 'text/html' }).end('<html><body>Sign in</body></html>');
    } else {
      response.writeHead(404).end('not here');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  t = await createTestApp({
    RAPPORT_PUBLIC_URL: 'http://127.0.0.1:4106',
    RAPPORT_SAML_METADATA_TIMEOUT_SECONDS: '1',
    RAPPORT_SAML_METADATA_MAX_BYTES: String(MAX_BYTES),
  });
  admin = await t.signIn('administrator');
  staff = await t.signIn('staff');
});
afterAll(async () => {
  for (const response of hanging) response.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await t?.close();
  await idp?.close();
});

const providerCount = async () =>
  (await queryRows<{ n: number }>(t.db, sql`select count(*)::int as n from sign_on_providers`))[0]!.n;

const create = (body: Record<string, unknown>, agent = admin) =>
  t.call(agent, 'POST', '/api/v1/sign-on-providers/saml', { name: 'Northmoor (UK federation)', ...body });

describe('SAML identity provider metadata from its address', () => {
  it('reads the entity id, addresses and certificate from the metadata at the address (after a redirect)', async () => {
    const created = await create({ key: 'federation', metadataUrl: `${origin}/moved` });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({
      key: 'federation',
      protocol: 'saml',
      issuer: idp.entityId,
      saml: { ssoUrl: idp.ssoUrl, sloUrl: idp.sloUrl },
    });
    expect(created.json().saml.certificateFingerprints).toHaveLength(1);
    // A change can fetch it again.
    const changed = await t.call(
      admin,
      'PATCH',
      `/api/v1/sign-on-providers/${created.json().id}`,
      { metadataUrl: `${origin}/metadata.xml` },
      { 'if-match': created.headers.etag as string },
    );
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json().issuer).toBe(idp.entityId);
  });

  it('refuses, naming metadataUrl with what went wrong, and creates nothing', async () => {
    const before = await providerCount();
    const cases: [string, Record<string, unknown>, RegExp][] = [
      ['missing', { metadataUrl: `${origin}/gone` }, /answered HTTP 404/],
      ['declared too large', { metadataUrl: `${origin}/huge-declared` }, /larger than 20,000 bytes/],
      ['streamed too large', { metadataUrl: `${origin}/huge-streamed` }, /larger than 20,000 bytes/],
      ['too slow', { metadataUrl: `${origin}/slow` }, /no answer within 1 s/],
      [
        'not metadata',
        { metadataUrl: `${origin}/not-xml` },
        /describes no identity provider|not well-formed/,
      ],
      ['unreachable', { metadataUrl: 'http://127.0.0.1:1/metadata' }, /cannot be reached/],
      ['not https', { metadataUrl: 'http://idp.example.org/metadata' }, /https:\/\//],
      ['not an address', { metadataUrl: 'metadata.xml' }, /./],
      ['both', { metadataUrl: `${origin}/metadata.xml`, metadataXml: idp.metadata() }, /not both/],
    ];
    for (const [what, body, message] of cases) {
      const started = Date.now();
      const response = await create({ key: `refused-${what.replace(/\W+/g, '-')}`, ...body });
      expect(response.statusCode, `${what}: ${response.body}`).toBe(400);
      expect(response.headers['content-type']).toContain('application/problem+json');
      const errors = response.json().errors as { field: string; message: string }[];
      expect(
        errors.map((e) => e.field),
        what,
      ).toContain('metadataUrl');
      expect(errors.find((e) => e.field === 'metadataUrl')!.message, what).toMatch(message);
      // Bounded: the slow address is given up on after the timeout, not left to hang the request.
      expect(Date.now() - started, what).toBeLessThan(10_000);
    }
    expect(await providerCount()).toBe(before);
  });

  it('is for administrators only: nobody else makes Rapport fetch an address', async () => {
    const response = await create({ key: 'not-mine', metadataUrl: `${origin}/metadata.xml` }, staff);
    expect(response.statusCode).toBe(403);
  });
});
