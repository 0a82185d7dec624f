import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiTokens } from '../../db/schema/access.ts';
import { auditLog } from '../../db/schema/audit.ts';
import { type Agent, createTestApp, type TestApp } from '../../test/app.ts';

let t: TestApp;
let staff: Agent;
let admin: Agent;

beforeAll(async () => {
  t = await createTestApp();
  staff = await t.signIn('staff');
  admin = await t.signIn('administrator');
});
afterAll(() => t.close());

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('API tokens', () => {
  it('returns the token once, stores only its hash, and acts as its owner', async () => {
    const created = await t.call(staff, 'POST', '/api/v1/tokens', { name: 'Timetabling sync' });
    expect(created.statusCode).toBe(201);
    const { token, id } = created.json();
    expect(token).toMatch(/^rpt_/);
    const [stored] = await t.db.select().from(apiTokens).where(eq(apiTokens.id, id));
    expect(stored!.tokenHash).not.toContain(token);
    const list = await t.call(staff, 'GET', '/api/v1/tokens');
    expect(list.body).not.toContain(token);
    expect(list.json().items[0]).toMatchObject({ id, name: 'Timetabling sync', readOnly: false });

    const session = await t.call(null, 'GET', '/api/v1/auth/session', undefined, bearer(token));
    expect(session.json().user.id).toBe(staff.user.id);
    const contact = await t.call(null, 'POST', '/api/v1/contacts', { name: 'Via Token' }, bearer(token));
    expect(contact.statusCode).toBe(201);
    const [entry] = await t.db.select().from(auditLog).where(eq(auditLog.entityId, contact.json().id));
    expect(entry).toMatchObject({ actorUserId: staff.user.id, actorTokenId: id });
    const audit = await t.db.select().from(auditLog).where(eq(auditLog.entityId, id));
    expect(JSON.stringify(audit)).not.toContain(token);
    // Staff through a token still cannot do what staff cannot do.
    expect(
      (await t.call(null, 'POST', '/api/v1/units', { name: 'X', kind: 'office' }, bearer(token))).statusCode,
    ).toBe(403);
  });

  it('read-only tokens read but never write', async () => {
    const { token } = (
      await t.call(staff, 'POST', '/api/v1/tokens', { name: 'Reporting', readOnly: true })
    ).json();
    expect((await t.call(null, 'GET', '/api/v1/partners', undefined, bearer(token))).statusCode).toBe(200);
    const write = await t.call(null, 'POST', '/api/v1/contacts', { name: 'Nope' }, bearer(token));
    expect(write.statusCode).toBe(403);
    expect(write.json().code).toBe('read_only');
  });

  it('revocation and expiry take effect at once', async () => {
    const { token, id } = (await t.call(staff, 'POST', '/api/v1/tokens', { name: 'Short lived' })).json();
    expect((await t.call(null, 'GET', '/api/v1/partners', undefined, bearer(token))).statusCode).toBe(200);
    expect((await t.call(staff, 'DELETE', `/api/v1/tokens/${id}`)).statusCode).toBe(204);
    expect((await t.call(null, 'GET', '/api/v1/partners', undefined, bearer(token))).statusCode).toBe(401);

    const other = (await t.call(staff, 'POST', '/api/v1/tokens', { name: 'Expiring' })).json();
    await t.db
      .update(apiTokens)
      .set({ expiresAt: sql`now() - interval '1 minute'` })
      .where(eq(apiTokens.id, other.id));
    expect((await t.call(null, 'GET', '/api/v1/partners', undefined, bearer(other.token))).statusCode).toBe(
      401,
    );
    expect((await t.call(null, 'GET', '/api/v1/partners', undefined, bearer('rpt_made_up'))).statusCode).toBe(
      401,
    );
  });

  it("stops working when its owner is deactivated; others cannot revoke or list someone's tokens", async () => {
    const owner = await t.signIn('staff');
    const { token, id } = (await t.call(owner, 'POST', '/api/v1/tokens', { name: 'Owner token' })).json();
    expect((await t.call(staff, 'DELETE', `/api/v1/tokens/${id}`)).statusCode).toBe(404);
    expect((await t.call(staff, 'GET', `/api/v1/tokens?userId=${owner.user.id}`)).statusCode).toBe(403);
    expect((await t.call(admin, 'GET', `/api/v1/tokens?userId=${owner.user.id}`)).json().items).toHaveLength(
      1,
    );
    const etag = (await t.call(admin, 'GET', `/api/v1/users/${owner.user.id}`)).headers.etag as string;
    await t.call(admin, 'POST', `/api/v1/users/${owner.user.id}/deactivate`, undefined, { 'if-match': etag });
    expect((await t.call(null, 'GET', '/api/v1/partners', undefined, bearer(token))).statusCode).toBe(401);
  });

  it('never stores a new token for idempotent replay', async () => {
    const response = await t.call(
      staff,
      'POST',
      '/api/v1/tokens',
      { name: 'Keyed' },
      { 'idempotency-key': 'token-1' },
    );
    expect(response.statusCode).toBe(400);
    expect(response.json().errors[0].field).toBe('Idempotency-Key');
    expect(
      (await t.call(staff, 'GET', '/api/v1/tokens')).json().items.map((x: { name: string }) => x.name),
    ).not.toContain('Keyed');
  });

  it('refuses an expiry in the past or beyond a year', async () => {
    const past = await t.call(staff, 'POST', '/api/v1/tokens', {
      name: 'Old',
      expiresAt: '2020-01-01T00:00:00Z',
    });
    expect(past.statusCode).toBe(400);
    expect(past.json().errors[0].field).toBe('expiresAt');
    const far = await t.call(staff, 'POST', '/api/v1/tokens', {
      name: 'Far',
      expiresAt: '2099-01-01T00:00:00Z',
    });
    expect(far.statusCode).toBe(400);
  });
});
