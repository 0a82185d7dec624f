import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, createTestApp, type TestApp } from '../test/app.ts';
import { buildPartner } from '../test/factories/index.ts';

let dist: string;
let t: TestApp;
let admin: Agent;
// A content-hashed asset as scripts/build-web.mjs leaves it: the file, and its .br and .gz copies.
const script = `export const names = ${JSON.stringify(Array.from({ length: 400 }, (_, i) => `partner ${i}`))};\n`;

beforeAll(async () => {
  dist = mkdtempSync(path.join(tmpdir(), 'rapport-dist-'));
  mkdirSync(path.join(dist, 'assets'));
  writeFileSync(path.join(dist, 'index.html'), '<!doctype html><div id="root"></div>');
  const asset = path.join(dist, 'assets', 'index-Cz8Qd2.js');
  writeFileSync(asset, script);
  writeFileSync(`${asset}.br`, zlib.brotliCompressSync(script));
  writeFileSync(`${asset}.gz`, zlib.gzipSync(script));
  t = await createTestApp({}, { webDist: dist });
  admin = await t.signIn('administrator');
});
afterAll(async () => {
  await t.close();
  rmSync(dist, { recursive: true, force: true });
});

describe('compression', () => {
  it('sends an asset compressed at build time, as the client accepts, still cached for a year', async () => {
    const br = await t.call(null, 'GET', '/assets/index-Cz8Qd2.js', undefined, {
      'accept-encoding': 'gzip, br',
    });
    expect(br.statusCode).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(br.headers.vary).toMatch(/accept-encoding/i);
    expect(zlib.brotliDecompressSync(br.rawPayload).toString()).toBe(script);

    const gzip = await t.call(null, 'GET', '/assets/index-Cz8Qd2.js', undefined, {
      'accept-encoding': 'gzip',
    });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(zlib.gunzipSync(gzip.rawPayload).toString()).toBe(script);

    const plain = await t.call(null, 'GET', '/assets/index-Cz8Qd2.js', undefined, {
      'accept-encoding': 'identity',
    });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(script);
  });

  it('compresses API answers of 1 KB or more, keeps them out of caches, and leaves small ones plain', async () => {
    for (let i = 0; i < 12; i++) await buildPartner(t.db, { name: `Compressible Partner ${i} Holdings` });
    const list = await t.call(admin, 'GET', '/api/v1/partners?limit=50', undefined, {
      'accept-encoding': 'br',
    });
    expect(list.statusCode).toBe(200);
    expect(list.headers['content-encoding']).toBe('br');
    expect(list.headers['cache-control']).toBe('no-store');
    const decoded = JSON.parse(zlib.brotliDecompressSync(list.rawPayload).toString());
    expect(decoded.items.length).toBeGreaterThanOrEqual(12);
    expect(list.rawPayload.length).toBeLessThan(Buffer.byteLength(JSON.stringify(decoded)));

    const docs = await t.call(null, 'GET', '/api/v1/openapi.json', undefined, { 'accept-encoding': 'gzip' });
    expect(docs.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(zlib.gunzipSync(docs.rawPayload).toString()).openapi).toMatch(/^3\./);

    const health = await t.call(null, 'GET', '/api/v1/health', undefined, { 'accept-encoding': 'br, gzip' });
    expect(health.statusCode).toBe(200);
    expect(health.headers['content-encoding']).toBeUndefined();
    expect(health.json().status).toBeDefined();
  });

  it('refuses a compressed request body as problem+json, changing nothing', async () => {
    const body = zlib.gzipSync(JSON.stringify({ name: 'Gzipped Partner Type' }));
    const answer = await t.app.inject({
      method: 'POST',
      url: '/api/v1/partner-types',
      headers: { ...admin.headers, 'content-type': 'application/json', 'content-encoding': 'gzip' },
      payload: body,
    });
    expect(answer.statusCode).toBeGreaterThanOrEqual(400);
    expect(answer.statusCode).toBeLessThan(500);
    expect(answer.headers['content-type']).toContain('application/problem+json');
    const types = await t.call(admin, 'GET', '/api/v1/partner-types');
    expect(JSON.stringify(types.json())).not.toContain('Gzipped Partner Type');
  });
});
