import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, createTestApp, type TestApp } from '../../test/app.ts';
import { buildUnit, partnerTypeId } from '../../test/factories/index.ts';

let t: TestApp;
let admin: Agent;
let owner: Agent;
let colleague: Agent;
let outsider: Agent;
let viewer: Agent;

beforeAll(async () => {
  t = await createTestApp();
  const unit = await buildUnit(t.db, { name: 'Careers Service' });
  admin = await t.signIn('administrator');
  owner = await t.signIn('staff', { unitId: unit.id });
  colleague = await t.signIn('relationship_manager', { unitId: unit.id });
  outsider = await t.signIn('staff');
  viewer = await t.signIn('viewer', { unitId: unit.id });
});
afterAll(() => t.close());

const save = (agent: Agent, body: Record<string, unknown>) =>
  t.call(agent, 'POST', '/api/v1/saved-views', body);
const visibleNames = async (agent: Agent) =>
  (await t.call(agent, 'GET', '/api/v1/saved-views?list=partners'))
    .json()
    .items.map((v: { name: string }) => v.name);

describe('saved views', () => {
  it('keeps the filters in canonical form, with the record’s history', async () => {
    const funder = await partnerTypeId(t.db, 'Funder');
    const response = await save(owner, {
      list: 'partners',
      name: 'Funders to review',
      query: `?sort=-updatedAt&status=active,dormant&typeId=${funder}&limit=20&cursor=abc`,
    });
    expect(response.statusCode).toBe(201);
    const view = response.json();
    expect(view).toMatchObject({
      list: 'partners',
      sharing: 'personal',
      unitId: null,
      ownerId: owner.user.id,
      query: `typeId=${funder}&status=active%2Cdormant&sort=-updatedAt`,
      can: { update: true, delete: true },
      version: 1,
    });
    expect(response.headers.etag).toBe('"v1"');
    const history = (await t.call(owner, 'GET', `/api/v1/saved-views/${view.id}/history`)).json();
    expect(history.items[0]).toMatchObject({ action: 'create', actorUserId: owner.user.id });
  });

  it('refuses filters the list does not take, naming the parameter, and saves nothing', async () => {
    const before = await visibleNames(owner);
    const status = await save(owner, { list: 'partners', name: 'Broken', query: 'status=closed' });
    expect(status.statusCode).toBe(400);
    expect(status.json().errors[0].field).toBe('query.status');
    const unknown = await save(owner, { list: 'partners', name: 'Broken', query: 'colour=red' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().errors[0]).toMatchObject({
      field: 'query.colour',
      message: 'is not a filter of the partners list',
    });
    const list = await save(owner, { list: 'widgets', name: 'Broken', query: '' });
    expect(list.statusCode).toBe(400);
    expect(list.json().errors[0].field).toBe('list');
    expect(await visibleNames(owner)).toEqual(before);
  });

  it('shows personal views to their owner, unit views to the unit, institution views to all', async () => {
    await save(owner, { list: 'partners', name: 'Mine only', query: 'tag=ktp' });
    await save(owner, { list: 'partners', name: 'For Careers', query: 'tag=placements', sharing: 'unit' });
    await save(owner, {
      list: 'partners',
      name: 'For everyone',
      query: 'isInternal=false',
      sharing: 'institution',
    });
    expect(await visibleNames(owner)).toEqual(
      expect.arrayContaining(['Mine only', 'For Careers', 'For everyone']),
    );
    const colleagues = await visibleNames(colleague);
    expect(colleagues).toEqual(expect.arrayContaining(['For Careers', 'For everyone']));
    expect(colleagues).not.toContain('Mine only');
    const outsiders = await visibleNames(outsider);
    expect(outsiders).toContain('For everyone');
    expect(outsiders).not.toContain('For Careers');
    expect(outsiders).not.toContain('Mine only');
    const admins = await visibleNames(admin);
    expect(admins).toEqual(expect.arrayContaining(['For Careers', 'For everyone']));
    expect(admins).not.toContain('Mine only');
    // Another list's views stay with that list.
    expect(
      (await t.call(owner, 'GET', '/api/v1/saved-views?list=partners'))
        .json()
        .items.every((v: { list: string }) => v.list === 'partners'),
    ).toBe(true);
  });

  it('lets only the owner or an administrator change or remove a view, with If-Match', async () => {
    const view = (
      await save(owner, { list: 'partners', name: 'Shared to change', query: '', sharing: 'institution' })
    ).json();
    const seen = (await t.call(colleague, 'GET', `/api/v1/saved-views/${view.id}`)).json();
    expect(seen.can).toEqual({ update: false, delete: false });
    const refused = await t.call(
      colleague,
      'PATCH',
      `/api/v1/saved-views/${view.id}`,
      { name: 'Hijacked' },
      {
        'if-match': '"v1"',
      },
    );
    expect(refused.statusCode).toBe(403);
    const hidden = await t.call(outsider, 'DELETE', `/api/v1/saved-views/${view.id}`, undefined, {
      'if-match': '"v1"',
    });
    expect(hidden.statusCode).toBe(403);
    const renamed = await t.call(
      owner,
      'PATCH',
      `/api/v1/saved-views/${view.id}`,
      { name: 'Renamed', query: 'status=dormant' },
      {
        'if-match': '"v1"',
      },
    );
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json()).toMatchObject({ name: 'Renamed', query: 'status=dormant', version: 2 });
    const stale = await t.call(
      admin,
      'PATCH',
      `/api/v1/saved-views/${view.id}`,
      { name: 'Late' },
      { 'if-match': '"v1"' },
    );
    expect(stale.statusCode).toBe(412);
    expect(
      (await t.call(admin, 'PATCH', `/api/v1/saved-views/${view.id}`, { name: 'Late' })).statusCode,
    ).toBe(428);
    const byAdmin = await t.call(admin, 'DELETE', `/api/v1/saved-views/${view.id}`, undefined, {
      'if-match': '"v2"',
    });
    expect(byAdmin.statusCode).toBe(204);
    expect((await t.call(owner, 'GET', `/api/v1/saved-views/${view.id}`)).statusCode).toBe(404);
  });

  it('hides another person’s personal view as not found, even from an administrator', async () => {
    const view = (await save(owner, { list: 'partners', name: 'Private', query: '' })).json();
    for (const agent of [colleague, admin]) {
      expect((await t.call(agent, 'GET', `/api/v1/saved-views/${view.id}`)).statusCode).toBe(404);
      const patch = await t.call(
        agent,
        'PATCH',
        `/api/v1/saved-views/${view.id}`,
        { name: 'x' },
        { 'if-match': '"v1"' },
      );
      expect(patch.statusCode).toBe(404);
    }
  });

  it('lets a viewer keep personal views but not share them; one name per list', async () => {
    expect((await save(viewer, { list: 'partners', name: 'Viewer view', query: '' })).statusCode).toBe(201);
    const shared = await save(viewer, {
      list: 'partners',
      name: 'Viewer shared',
      query: '',
      sharing: 'unit',
    });
    expect(shared.statusCode).toBe(403);
    const again = await save(viewer, { list: 'partners', name: 'Viewer view', query: 'tag=x' });
    expect(again.statusCode).toBe(409);
    expect(again.json().errors[0].field).toBe('name');
  });

  it('shares a unit view with your own unit only, unless you administer', async () => {
    const other = await buildUnit(t.db);
    const refused = await save(owner, {
      list: 'partners',
      name: 'Elsewhere',
      query: '',
      sharing: 'unit',
      unitId: other.id,
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().errors[0].field).toBe('unitId');
    const noUnit = await t.signIn('staff', { unitId: null });
    const lonely = await save(noUnit, { list: 'partners', name: 'Nobody', query: '', sharing: 'unit' });
    expect(lonely.statusCode).toBe(400);
    expect(lonely.json().errors[0].field).toBe('sharing');
    const byAdmin = await save(admin, {
      list: 'partners',
      name: 'For the other unit',
      query: '',
      sharing: 'unit',
      unitId: other.id,
    });
    expect(byAdmin.statusCode).toBe(201);
    expect(byAdmin.json()).toMatchObject({ unitId: other.id, unitName: other.name });
    const member = await t.signIn('staff', { unitId: other.id });
    expect(await visibleNames(member)).toContain('For the other unit');
  });
});
