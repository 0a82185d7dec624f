import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.ts';
import { loadConfig } from '../../config.ts';
import { openDatabase } from '../../db/client.ts';
import { createTestApp, type TestApp } from '../../test/app.ts';

/**
 * Two instances on one PostgreSQL database (only PostgreSQL admits two): a sign-out through one
 * reaches the other's cached look-up through the notification the sessions trigger sends.
 */
let t: TestApp;
let other: Awaited<ReturnType<typeof buildApp>>;
let closeSecond: () => Promise<void>;

beforeAll(async () => {
  t = await createTestApp();
  const second = await openDatabase({ driver: 'postgres', url: t.database.url! });
  other = await buildApp({
    config: loadConfig({ RAPPORT_DEMO: '0', LOG_LEVEL: 'silent' }),
    database: second,
  });
  await other.ready();
  closeSecond = async () => {
    await other.close();
    await second.close();
  };
});
afterAll(async () => {
  await closeSecond();
  await t.close();
});

describe('the cached session look-up on several instances', () => {
  it('ends a session signed out on another instance of the same database', async () => {
    const agent = await t.signIn('staff');
    const onOther = (method: 'GET' | 'POST', url: string) =>
      other.inject({ method, url, headers: agent.headers });
    expect((await t.call(agent, 'GET', '/api/v1/auth/session')).statusCode).toBe(200);
    expect((await onOther('GET', '/api/v1/auth/session')).statusCode).toBe(200);
    expect(t.app.authCache.size).toBeGreaterThan(0);
    expect((await onOther('POST', '/api/v1/auth/logout')).statusCode).toBe(204);
    // The first instance hears it in commit order; settle() waits for that, not for a time.
    await t.app.authCache.settle();
    expect((await t.call(agent, 'GET', '/api/v1/auth/session')).statusCode).toBe(401);
    expect((await onOther('GET', '/api/v1/auth/session')).statusCode).toBe(401);
  });
});
