import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, createTestApp, type TestApp } from '../test/app.ts';

let dist: string;
let t: TestApp;
let staff: Agent;

beforeAll(async () => {
  // A built web app as Vite writes it: index.html naming content-hashed assets.
  dist = mkdtempSync(path.join(tmpdir(), 'rapport-dist-'));
  mkdirSync(path.join(dist, 'assets'));
  writeFileSync(
    path.join(dist, 'index.html'),
    '<!doctype html><html><head><script type="module" src="/assets/index-Bx7Qd2.js"></script></head><body><div id="root"></div></body></html>',
  );
  writeFileSync(path.join(dist, 'assets', 'index-Bx7Qd2.js'), 'console.log("Rapport");');
  t = await createTestApp({}, { webDist: dist });
  staff = await t.signIn('staff');
});
afterAll(async () => {
  await t.close();
  rmSync(dist, { recursive: true, force: true });
});

describe('caching', () => {
  it('revalidates index.html on every load, at / and on deep links', async () => {
    for (const url of ['/', '/partners/3f1e4b2a-0000-4000-8000-000000000000']) {
      const page = await t.call(null, 'GET', url);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('<div id="root">');
      expect(page.headers['cache-control']).toBe('no-cache');
    }
  });

  it('caches content-hashed assets for a year', async () => {
    const asset = await t.call(null, 'GET', '/assets/index-Bx7Qd2.js');
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('never lets a cache store API answers, but leaves health and the OpenAPI document alone', async () => {
    for (const url of ['/api/v1/partners', '/api/v1/auth/session', '/api/v1/users?limit=5']) {
      expect((await t.call(staff, 'GET', url)).headers['cache-control']).toBe('no-store');
    }
    expect((await t.call(null, 'GET', '/api/v1/partners')).headers['cache-control']).toBe('no-store');
    for (const url of ['/api/v1/health', '/api/v1/openapi.json']) {
      const answer = await t.call(null, 'GET', url);
      expect(answer.statusCode).toBe(200);
      expect(answer.headers['cache-control']).toBeUndefined();
    }
  });
});

describe('security headers', () => {
  it('sends a strict CSP, no framing, no sniffing and a same-origin referrer on pages and the API', async () => {
    for (const url of ['/', '/api/v1/health', '/api/docs/']) {
      const answer = await t.call(null, 'GET', url);
      expect(answer.statusCode, url).toBe(200);
      const csp = String(answer.headers['content-security-policy']);
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("img-src 'self' data:");
      expect(csp).not.toContain('upgrade-insecure-requests');
      expect(answer.headers['x-content-type-options']).toBe('nosniff');
      expect(answer.headers['x-frame-options']).toBe('DENY');
      expect(answer.headers['referrer-policy']).toBe('same-origin');
      expect(answer.headers['strict-transport-security']).toBeUndefined();
    }
  });

  it('adds HSTS and upgrades requests only when the public address is https', async () => {
    const secure = await createTestApp({ RAPPORT_PUBLIC_URL: 'https://rapport.northmoor.ac.uk' });
    try {
      const answer = await secure.call(null, 'GET', '/api/v1/health');
      expect(answer.headers['strict-transport-security']).toBe('max-age=31536000');
      expect(answer.headers['content-security-policy']).toContain('upgrade-insecure-requests');
    } finally {
      await secure.close();
    }
  });
});
