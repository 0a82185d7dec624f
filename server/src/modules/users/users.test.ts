import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../config.ts';
import { type Agent, createTestApp, TEST_PASSWORD, type TestApp } from '../../test/app.ts';
import { csvRows, xlsxRows } from '../../test/exports.ts';
import { buildUnit, buildUser } from '../../test/factories/index.ts';
import { ensureBootstrapAdministrator } from './bootstrap.ts';

let t: TestApp;
let admin: Agent;
let staff: Agent;

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.signIn('administrator');
  staff = await t.signIn('staff');
});
afterAll(() => t.close());

const login = (email: string, password: string) =>
  t.call(null, 'POST', '/api/v1/auth/login', { email, password });

describe('users', () => {
  it('exports the directory the filters narrow, for administrators only, never a password', async () => {
    const unit = await buildUnit(t.db, { name: 'Export Unit' });
    for (const name of ['Zed Export', 'Ann Export'])
      await buildUser(t.db, { name, unitId: unit.id, role: 'staff' });
    await buildUser(t.db, { name: 'Viewer Export', unitId: unit.id, role: 'viewer' });
    const filters = `unitId=${unit.id}&role=staff&active=true`;
    const csv = await t.call(admin, 'GET', `/api/v1/users/export?${filters}`);
    expect(csv.statusCode).toBe(200);
    const rows = csvRows(csv.body);
    expect(rows.map((r) => r.Name)).toEqual(['Ann Export', 'Zed Export']);
    expect(rows[0]).toMatchObject({ Unit: 'Export Unit', Role: 'staff', Active: 'Yes' });
    expect(csv.body).not.toMatch(/argon2|passwordHash/i);
    const xlsx = await xlsxRows(
      (await t.call(admin, 'GET', `/api/v1/users/export?${filters}&format=xlsx`)).rawPayload,
    );
    expect(xlsx.map((r) => r.Name)).toEqual(['Ann Export', 'Zed Export']);
    expect((await t.call(staff, 'GET', `/api/v1/users/export?${filters}`)).statusCode).toBe(403);
    const bad = await t.call(admin, 'GET', '/api/v1/users/export?role=dean');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('query.role');
  });

  it('lets administrators create a user who can then sign in; never shows the password', async () => {
    const unit = await buildUnit(t.db, { name: 'Research Office' });
    const created = await t.call(admin, 'POST', '/api/v1/users', {
      email: 'New.Starter@Northmoor.ac.uk',
      name: 'New Starter',
      role: 'relationship_manager',
      unitId: unit.id,
      password: 'a long enough password',
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({
      email: 'new.starter@northmoor.ac.uk',
      unitName: 'Research Office',
      active: true,
      hasPassword: true,
    });
    expect(created.body).not.toContain('password_hash');
    expect(created.body).not.toContain('argon2');
    expect((await login('new.starter@northmoor.ac.uk', 'a long enough password')).statusCode).toBe(200);
    const history = (await t.call(admin, 'GET', `/api/v1/users/${created.json().id}/history`)).body;
    expect(history).not.toContain('argon2');
  });

  it('refuses a common or guessable password, naming the field and writing nothing', async () => {
    for (const password of ['password1234', 'qwertyuiop123', 'Northmoor2026!']) {
      const weak = await t.call(admin, 'POST', '/api/v1/users', {
        email: 'common.person@northmoor.ac.uk',
        name: 'Common Person',
        role: 'staff',
        password,
      });
      expect(weak.statusCode).toBe(400);
      expect(weak.json().errors).toEqual([
        { field: 'password', message: expect.stringMatching(/too easy to guess/) },
      ]);
    }
    const listed = await t.call(admin, 'GET', '/api/v1/users?q=common.person');
    expect(listed.json().items).toHaveLength(0);
  });

  it('refuses short passwords and duplicate e-mails, writing nothing', async () => {
    const short = await t.call(admin, 'POST', '/api/v1/users', {
      email: 'x@northmoor.ac.uk',
      name: 'X',
      role: 'staff',
      password: 'short',
    });
    expect(short.statusCode).toBe(400);
    expect(short.json().errors[0].field).toBe('password');
    const dup = await t.call(admin, 'POST', '/api/v1/users', {
      email: staff.user.email.toUpperCase(),
      name: 'Dup',
      role: 'staff',
    });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().errors[0].field).toBe('email');
    const list = (await t.call(staff, 'GET', '/api/v1/users?q=x@northmoor')).json();
    expect(list.items).toHaveLength(0);
  });

  it('is a directory everyone reads, written only by administrators', async () => {
    const list = await t.call(staff, 'GET', `/api/v1/users?role=administrator`);
    expect(list.statusCode).toBe(200);
    expect(list.json().items.map((u: { id: string }) => u.id)).toContain(admin.user.id);
    expect(
      (await t.call(staff, 'POST', '/api/v1/users', { email: 'y@northmoor.ac.uk', name: 'Y', role: 'staff' }))
        .statusCode,
    ).toBe(403);
    const patch = await t.call(
      staff,
      'PATCH',
      `/api/v1/users/${staff.user.id}`,
      { role: 'administrator' },
      { 'if-match': '"v1"' },
    );
    expect(patch.statusCode).toBe(403);
    expect((await t.call(admin, 'DELETE', `/api/v1/users/${staff.user.id}`)).statusCode).toBe(404);
  });

  it('changes role with If-Match and keeps the last administrator', async () => {
    const other = await t.signIn('staff');
    const current = await t.call(admin, 'GET', `/api/v1/users/${other.user.id}`);
    const changed = await t.call(
      admin,
      'PATCH',
      `/api/v1/users/${other.user.id}`,
      { role: 'viewer' },
      { 'if-match': current.headers.etag as string },
    );
    expect(changed.json().role).toBe('viewer');
    // The viewer's existing session now acts with the new role.
    expect((await t.call(other, 'POST', '/api/v1/contacts', { name: 'Not allowed' })).statusCode).toBe(403);
    const self = await t.call(admin, 'GET', `/api/v1/users/${admin.user.id}`);
    const demote = await t.call(
      admin,
      'PATCH',
      `/api/v1/users/${admin.user.id}`,
      { role: 'staff' },
      { 'if-match': self.headers.etag as string },
    );
    expect(demote.statusCode).toBe(400);
    expect(demote.json().errors[0].field).toBe('role');
  });

  it('deactivates: sessions end at once, sign-in is refused, history is kept; reactivates', async () => {
    const leaver = await t.signIn('staff');
    expect((await t.call(leaver, 'GET', '/api/v1/auth/session')).statusCode).toBe(200);
    const etag = (await t.call(admin, 'GET', `/api/v1/users/${leaver.user.id}`)).headers.etag as string;
    const off = await t.call(admin, 'POST', `/api/v1/users/${leaver.user.id}/deactivate`, undefined, {
      'if-match': etag,
    });
    expect(off.statusCode).toBe(200);
    expect(off.json().active).toBe(false);
    expect((await t.call(leaver, 'GET', '/api/v1/auth/session')).statusCode).toBe(401);
    expect((await login(leaver.user.email, TEST_PASSWORD)).statusCode).toBe(401);
    const on = await t.call(admin, 'POST', `/api/v1/users/${leaver.user.id}/reactivate`, undefined, {
      'if-match': off.headers.etag as string,
    });
    expect(on.json().active).toBe(true);
    expect((await login(leaver.user.email, TEST_PASSWORD)).statusCode).toBe(200);
    const selfOff = await t.call(admin, 'POST', `/api/v1/users/${admin.user.id}/deactivate`, undefined, {
      'if-match': '"v1"',
    });
    expect(selfOff.statusCode).toBe(409);
  });

  it('changes my own password with the current one, ending my other sessions', async () => {
    const me = await t.signIn('staff');
    const other = await login(me.user.email, TEST_PASSWORD);
    const otherCookie = `rapport_session=${other.cookies.find((c) => c.name === 'rapport_session')!.value}`;
    const wrong = await t.call(me, 'POST', '/api/v1/auth/password', {
      currentPassword: 'nope',
      newPassword: 'my new long password',
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().errors[0].field).toBe('currentPassword');
    const ok = await t.call(me, 'POST', '/api/v1/auth/password', {
      currentPassword: TEST_PASSWORD,
      newPassword: 'my new long password',
    });
    expect(ok.statusCode).toBe(204);
    expect((await t.call(me, 'GET', '/api/v1/auth/session')).statusCode).toBe(200);
    expect(
      (await t.call(null, 'GET', '/api/v1/auth/session', undefined, { cookie: otherCookie })).statusCode,
    ).toBe(401);
    expect((await login(me.user.email, 'my new long password')).statusCode).toBe(200);
  });

  it('refuses a guessable new password, keeping the old one', async () => {
    const me = await t.signIn('staff');
    const weak = await t.call(me, 'POST', '/api/v1/auth/password', {
      currentPassword: TEST_PASSWORD,
      newPassword: 'password12345',
    });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().errors[0]).toMatchObject({ field: 'newPassword', message: /too easy to guess/ });
    expect((await login(me.user.email, TEST_PASSWORD)).statusCode).toBe(200);
    expect((await login(me.user.email, 'password12345')).statusCode).toBe(401);
  });

  it('revokes my API tokens on password change unless I say revokeTokens: false', async () => {
    const me = await t.signIn('staff');
    const newToken = async () =>
      (await t.call(me, 'POST', '/api/v1/tokens', { name: 'script' })).json().token as string;
    const asToken = (token: string) =>
      t.call(null, 'GET', '/api/v1/auth/session', undefined, { authorization: `Bearer ${token}` });
    const kept = await newToken();
    const keep = await t.call(me, 'POST', '/api/v1/auth/password', {
      currentPassword: TEST_PASSWORD,
      newPassword: 'lantern quarry meadow 7',
      revokeTokens: false,
    });
    expect(keep.statusCode).toBe(204);
    expect((await asToken(kept)).statusCode).toBe(200);
    const other = await newToken();
    const revoke = await t.call(me, 'POST', '/api/v1/auth/password', {
      currentPassword: 'lantern quarry meadow 7',
      newPassword: 'obvious harbour violet 9',
    });
    expect(revoke.statusCode).toBe(204);
    expect((await asToken(kept)).statusCode).toBe(401);
    expect((await asToken(other)).statusCode).toBe(401);
    expect((await t.call(me, 'GET', '/api/v1/auth/session')).statusCode).toBe(200);
  });

  it('refuses to start with a guessable RAPPORT_ADMIN_PASSWORD', () => {
    const weak = { RAPPORT_ADMIN_EMAIL: 'boot@northmoor.ac.uk', RAPPORT_ADMIN_PASSWORD: 'password12345' };
    expect(() => loadConfig(weak)).toThrow(ConfigError);
    expect(() => loadConfig(weak)).toThrow(/RAPPORT_ADMIN_PASSWORD: is too easy to guess/);
  });

  it('bootstraps the configured administrator only when none is active', async () => {
    const configured = loadConfig({
      RAPPORT_ADMIN_EMAIL: 'boot@northmoor.ac.uk',
      RAPPORT_ADMIN_PASSWORD: 'bootstrap password 1',
    });
    expect(await ensureBootstrapAdministrator(t.db, configured)).toBe('exists');
    const fresh = await createTestApp();
    try {
      expect(await ensureBootstrapAdministrator(fresh.db, loadConfig({}))).toBe('not-configured');
      expect(await ensureBootstrapAdministrator(fresh.db, configured)).toBe('created');
      expect(await ensureBootstrapAdministrator(fresh.db, configured)).toBe('exists');
      const response = await fresh.call(null, 'POST', '/api/v1/auth/login', {
        email: 'boot@northmoor.ac.uk',
        password: 'bootstrap password 1',
      });
      expect(response.json().user.role).toBe('administrator');
    } finally {
      await fresh.close();
    }
  });
});
