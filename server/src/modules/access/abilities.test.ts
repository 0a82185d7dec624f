import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, createTestApp, type TestApp } from '../../test/app.ts';
import { buildPartner, buildUnit } from '../../test/factories/index.ts';

/** Records whose policy is their role levels carry the caller's abilities, and they match what the server allows. */
let t: TestApp;
let viewer: Agent;
let staff: Agent;
let senior: Agent;
let admin: Agent;
let partnerId: string;
let unitId: string;

beforeAll(async () => {
  t = await createTestApp();
  unitId = (await buildUnit(t.db)).id;
  viewer = await t.signIn('viewer', { unitId });
  staff = await t.signIn('staff', { unitId });
  senior = await t.signIn('senior_manager', { unitId });
  admin = await t.signIn('administrator', { unitId });
  partnerId = (await buildPartner(t.db, { name: 'Abilities Partner' })).id;
});
afterAll(() => t.close());

const canOf = async (agent: Agent, url: string) => (await t.call(agent, 'GET', url)).json().can;

describe('abilities by role', () => {
  it('says what each role may do with a partner, in the record and once for a page of them', async () => {
    const url = `/api/v1/partners/${partnerId}`;
    expect(await canOf(viewer, url)).toEqual({ update: false, delete: false });
    expect(await canOf(staff, url)).toEqual({ update: true, delete: false });
    expect(await canOf(senior, url)).toEqual({ update: true, delete: true });
    const list = (await t.call(staff, 'GET', '/api/v1/partners?q=Abilities')).json();
    // A list says it once, for every item on the page.
    expect(list.can).toEqual({ update: true, delete: false });
    expect(list.items[0].can).toBeUndefined();
    // The server agrees: a viewer's change and a member of staff's delete are refused.
    expect((await t.call(viewer, 'PATCH', url, { name: 'X' }, { 'if-match': '"v1"' })).statusCode).toBe(403);
    expect((await t.call(staff, 'DELETE', url, undefined, { 'if-match': '"v1"' })).statusCode).toBe(403);
  });

  it('offers units only to administrators, and never deleting a user', async () => {
    expect(await canOf(staff, `/api/v1/units/${unitId}`)).toEqual({ update: false, delete: false });
    expect(await canOf(admin, `/api/v1/units/${unitId}`)).toEqual({ update: true, delete: true });
    expect(await canOf(admin, `/api/v1/users/${staff.user.id}`)).toEqual({ update: true, delete: false });
    expect(await canOf(staff, `/api/v1/users/${staff.user.id}`)).toEqual({ update: false, delete: false });
  });
});
