import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessions } from '../../db/schema/access.ts';
import { users } from '../../db/schema/users.ts';
import { type Agent, createTestApp, type TestApp } from '../../test/app.ts';
import { hashSecret } from './secrets.ts';

/**
 * The cached session and token look-up: each way access ends or narrows takes effect on the
 * very next request, whether it was written through this instance, straight into the database
 * (another instance, a tool). A second instance on the same database: auth-cache.postgres.test.ts.
 */
let t: TestApp;
let admin: Agent;
const sessionIdOf = (agent: Agent) => hashSecret(agent.headers.cookie!.replace('rapport_session=', ''));
const me = (agent: Agent | { headers: Record<string, string> }) =>
  t.call(agent as Agent, 'GET', '/api/v1/auth/session');

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.signIn('administrator');
});
afterAll(() => t.close());

describe('the cached session look-up', () => {
  it('answers from the cache while nothing that matters changed', async () => {
    const agent = await t.signIn('staff');
    expect((await me(agent)).statusCode).toBe(200);
    expect(t.app.authCache.size).toBeGreaterThan(0);
    // A column no notification covers, changed behind the server's back: the cached token is
    // still the one in use, which shows the look-up came from the cache, not the database.
    await t.db
      .update(sessions)
      .set({ csrfToken: 'changed-behind-the-back' })
      .where(eq(sessions.id, sessionIdOf(agent)));
    const write = await t.call(agent, 'POST', '/api/v1/auth/logout');
    expect(write.statusCode).toBe(204);
  });

  it('ends a session at sign-out on the very next request', async () => {
    const agent = await t.signIn('staff');
    expect((await me(agent)).statusCode).toBe(200);
    expect((await t.call(agent, 'POST', '/api/v1/auth/logout')).statusCode).toBe(204);
    expect((await me(agent)).statusCode).toBe(401);
  });

  it('applies a role change at once', async () => {
    const agent = await t.signIn('relationship_manager');
    expect((await me(agent)).json().user.role).toBe('relationship_manager');
    const read = await t.call(admin, 'GET', `/api/v1/users/${agent.user.id}`);
    const changed = await t.call(
      admin,
      'PATCH',
      `/api/v1/users/${agent.user.id}`,
      { role: 'viewer' },
      {
        'if-match': read.headers.etag as string,
      },
    );
    expect(changed.statusCode).toBe(200);
    expect((await me(agent)).json().user.role).toBe('viewer');
    // A write the old role allowed is refused now.
    const refused = await t.call(agent, 'POST', '/api/v1/touchpoints', {
      partnerId: agent.user.id,
      kind: 'call',
      subject: 'x',
    });
    expect(refused.statusCode).toBe(403);
  });

  it('ends every session of a deactivated user at once', async () => {
    const agent = await t.signIn('staff');
    expect((await me(agent)).statusCode).toBe(200);
    const read = await t.call(admin, 'GET', `/api/v1/users/${agent.user.id}`);
    const done = await t.call(admin, 'POST', `/api/v1/users/${agent.user.id}/deactivate`, undefined, {
      'if-match': read.headers.etag as string,
    });
    expect(done.statusCode).toBe(200);
    expect((await me(agent)).statusCode).toBe(401);
  });

  it('refuses a revoked API token on the very next request', async () => {
    const owner = await t.signIn('staff');
    const created = await t.call(owner, 'POST', '/api/v1/tokens', { name: 'integration' });
    expect(created.statusCode).toBe(201);
    const bearer = { headers: { authorization: `Bearer ${created.json().token}` } } as unknown as Agent;
    expect((await t.call(bearer, 'GET', '/api/v1/partners?limit=1')).statusCode).toBe(200);
    expect((await t.call(bearer, 'GET', '/api/v1/partners?limit=1')).statusCode).toBe(200);
    expect((await t.call(owner, 'DELETE', `/api/v1/tokens/${created.json().id}`)).statusCode).toBe(204);
    expect((await t.call(bearer, 'GET', '/api/v1/partners?limit=1')).statusCode).toBe(401);
  });

  it('hears changes written straight into the database, as another instance or a tool would write them', async () => {
    const agent = await t.signIn('senior_manager');
    const other = await t.signIn('staff');
    expect((await me(agent)).statusCode).toBe(200);
    expect((await me(other)).statusCode).toBe(200);
    await t.db.delete(sessions).where(eq(sessions.id, sessionIdOf(agent)));
    await t.db.update(users).set({ role: 'viewer' }).where(eq(users.id, other.user.id));
    await t.app.authCache.settle(); // waits for the notifications, not for a time
    expect((await me(agent)).statusCode).toBe(401);
    expect((await me(other)).json().user.role).toBe('viewer');
    // The unit tree behind a senior manager's scope: any change empties the cache.
    const third = await t.signIn('staff');
    expect((await me(third)).statusCode).toBe(200);
    const before = t.app.authCache.size;
    expect(before).toBeGreaterThan(0);
    await t.db.execute(sql`delete from unit_ancestry where false`);
    await t.app.authCache.settle();
    expect(t.app.authCache.size).toBe(0);
  });
});
