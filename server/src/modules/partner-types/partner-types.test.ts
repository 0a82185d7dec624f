import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, createTestApp, type TestApp } from '../../test/app.ts';
import { buildPartner } from '../../test/factories/index.ts';

let t: TestApp;
let admin: Agent;
let staff: Agent;

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.signIn('administrator');
  staff = await t.signIn('staff');
});
afterAll(() => t.close());

describe('partner types', () => {
  it('lists the ten default types', async () => {
    const response = await t.call(staff, 'GET', '/api/v1/partner-types?limit=100');
    const names = response.json().items.map((i: { name: string }) => i.name);
    expect(names).toEqual(
      expect.arrayContaining(['Academic School', 'Employer', 'Funder', 'International partner', 'Supplier']),
    );
    expect(names).toHaveLength(10);
  });

  it('creates, renames with If-Match and keeps history', async () => {
    const created = await t.call(admin, 'POST', '/api/v1/partner-types', { name: 'Professional body' });
    expect(created.statusCode).toBe(201);
    const id = created.json().id;
    const renamed = await t.call(
      admin,
      'PATCH',
      `/api/v1/partner-types/${id}`,
      { description: 'Chartered institutes and accrediting bodies' },
      { 'if-match': created.headers.etag as string },
    );
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json().version).toBe(2);
    const history = (await t.call(staff, 'GET', `/api/v1/partner-types/${id}/history`)).json();
    expect(history.items.map((e: { action: string }) => e.action)).toEqual(['update', 'create']);
  });

  it('refuses a duplicate name with a conflict on the field', async () => {
    const response = await t.call(admin, 'POST', '/api/v1/partner-types', { name: 'Employer' });
    expect(response.statusCode).toBe(409);
    expect(response.json().errors).toEqual([{ field: 'name', message: 'is already taken' }]);
  });

  it('refuses to delete a type partners use, and lets only administrators write', async () => {
    const type = (await t.call(admin, 'POST', '/api/v1/partner-types', { name: 'Learned society' })).json();
    await buildPartner(t.db, { typeId: type.id });
    const refused = await t.call(admin, 'DELETE', `/api/v1/partner-types/${type.id}`, undefined, {
      'if-match': '"v1"',
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe('in_use');
    expect((await t.call(staff, 'POST', '/api/v1/partner-types', { name: 'Sneaky' })).statusCode).toBe(403);
  });
});
