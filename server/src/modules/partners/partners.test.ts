import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { relationships } from '../../db/schema/relationships.ts';
import { type Agent, createTestApp, type TestApp } from '../../test/app.ts';
import { buildPartner, buildUnit, partnerTypeId } from '../../test/factories/index.ts';

let t: TestApp;
let admin: Agent;
let senior: Agent;
let staff: Agent;
let viewer: Agent;
let employer: string;
let funder: string;

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.signIn('administrator');
  senior = await t.signIn('senior_manager');
  staff = await t.signIn('staff');
  viewer = await t.signIn('viewer');
  employer = await partnerTypeId(t.db, 'Employer');
  funder = await partnerTypeId(t.db, 'Funder');
});
afterAll(() => t.close());

const post = (agent: Agent, body: Record<string, unknown>, headers?: Record<string, string>) =>
  t.call(agent, 'POST', '/api/v1/partners', body, headers);
const names = (response: { json(): { items: { name: string }[] } }) =>
  response.json().items.map((p) => p.name);

describe('partners', () => {
  it('creates a partner with its type name, normalised tags, and history', async () => {
    const response = await post(staff, {
      name: 'Northmoor Engineering Ltd',
      typeId: employer,
      website: 'https://northmoor-engineering.example',
      city: 'Leeds',
      tags: ['Placements', 'placements ', 'KTP'],
    });
    expect(response.statusCode).toBe(201);
    const partner = response.json();
    expect(partner).toMatchObject({
      typeName: 'Employer',
      status: 'active',
      isInternal: false,
      tags: ['placements', 'ktp'],
    });
    const history = (await t.call(viewer, 'GET', `/api/v1/partners/${partner.id}/history`)).json();
    expect(history.items[0]).toMatchObject({ action: 'create', actorUserId: staff.user.id });
  });

  it('refuses invalid input field by field and writes nothing', async () => {
    const before = (await t.call(admin, 'GET', '/api/v1/partners?limit=500')).json().items.length;
    const response = await post(staff, { name: '  ', typeId: 'nope', website: 'ftp://x', status: 'gone' });
    expect(response.statusCode).toBe(400);
    const fields = response
      .json()
      .errors.map((e: { field: string }) => e.field)
      .sort();
    expect(fields).toEqual(['name', 'status', 'typeId', 'website']);
    const unknownType = await post(staff, {
      name: 'Ghost Ltd',
      typeId: '01890a5d-ac96-774b-bcce-b302099a8057',
    });
    expect(unknownType.statusCode).toBe(400);
    expect(unknownType.json().errors[0].field).toBe('typeId');
    const after = (await t.call(admin, 'GET', '/api/v1/partners?limit=500')).json().items.length;
    expect(after).toBe(before);
  });

  it('requires a unit for an internal partner, and only for one', async () => {
    const unit = await buildUnit(t.db, { kind: 'school', name: 'School of Computing' });
    const school = await partnerTypeId(t.db, 'Academic School');
    const missing = await post(staff, { name: 'School of Computing', typeId: school, isInternal: true });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().errors[0].field).toBe('unitId');
    const stray = await post(staff, { name: 'Acme', typeId: employer, unitId: unit.id });
    expect(stray.statusCode).toBe(400);
    const ok = await post(staff, {
      name: 'School of Computing',
      typeId: school,
      isInternal: true,
      unitId: unit.id,
    });
    expect(ok.statusCode).toBe(201);
  });

  it('keeps parent groups free of loops', async () => {
    const group = (await post(staff, { name: 'Pennine Holdings plc', typeId: employer })).json();
    const site = (
      await post(staff, { name: 'Pennine Holdings Bradford', typeId: employer, parentId: group.id })
    ).json();
    expect(site.parentName).toBe('Pennine Holdings plc');
    const loop = await t.call(
      staff,
      'PATCH',
      `/api/v1/partners/${group.id}`,
      { parentId: site.id },
      { 'if-match': '"v1"' },
    );
    expect(loop.statusCode).toBe(400);
    expect(loop.json().errors[0].field).toBe('parentId');
    const self = await t.call(
      staff,
      'PATCH',
      `/api/v1/partners/${group.id}`,
      { parentId: group.id },
      { 'if-match': '"v1"' },
    );
    expect(self.statusCode).toBe(400);
    const children = await t.call(viewer, 'GET', `/api/v1/partners?parentId=${group.id}`);
    expect(names(children)).toEqual(['Pennine Holdings Bradford']);
  });

  it('updates with If-Match and refuses stale or missing versions', async () => {
    const partner = (await post(staff, { name: 'Kirkby Grammar School', typeId: employer })).json();
    const moved = await t.call(
      staff,
      'PATCH',
      `/api/v1/partners/${partner.id}`,
      { status: 'dormant' },
      { 'if-match': '"v1"' },
    );
    expect(moved.statusCode).toBe(200);
    expect(moved.json()).toMatchObject({ status: 'dormant', version: 2, name: 'Kirkby Grammar School' });
    expect(
      (
        await t.call(
          staff,
          'PATCH',
          `/api/v1/partners/${partner.id}`,
          { status: 'active' },
          { 'if-match': '"v1"' },
        )
      ).statusCode,
    ).toBe(412);
    expect(
      (await t.call(staff, 'PATCH', `/api/v1/partners/${partner.id}`, { status: 'active' })).statusCode,
    ).toBe(428);
    const history = (await t.call(viewer, 'GET', `/api/v1/partners/${partner.id}/history`)).json();
    expect(history.items[0].before.status).toBe('active');
    expect(history.items[0].after.status).toBe('dormant');
  });

  it('filters by type, status, tag, internal flag and unit, and finds misspelt names', async () => {
    const unit = await buildUnit(t.db);
    const a = await buildPartner(t.db, { name: 'Filterable Trust', typeId: funder, tags: ['research'] });
    const b = await buildPartner(t.db, { name: 'Filterable Works', typeId: employer, status: 'archived' });
    await t.db.insert(relationships).values({ unitId: unit.id, partnerId: b.id });
    expect(names(await t.call(viewer, 'GET', `/api/v1/partners?q=Filterable&typeId=${funder}`))).toEqual([
      a.name,
    ]);
    expect(names(await t.call(viewer, 'GET', '/api/v1/partners?q=Filterable&status=archived'))).toEqual([
      b.name,
    ]);
    expect(names(await t.call(viewer, 'GET', '/api/v1/partners?q=Filterable&status=active,dormant'))).toEqual(
      [a.name],
    );
    expect(names(await t.call(viewer, 'GET', '/api/v1/partners?q=Filterable&tag=Research'))).toEqual([
      a.name,
    ]);
    expect(names(await t.call(viewer, 'GET', `/api/v1/partners?unitId=${unit.id}`))).toEqual([b.name]);
    expect(names(await t.call(viewer, 'GET', '/api/v1/partners?q=Filterable&isInternal=true'))).toEqual([]);
    const bad = await t.call(viewer, 'GET', '/api/v1/partners?status=closed');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toMatch(/^query\.status/);
    const fuzzy = await t.call(
      viewer,
      'GET',
      `/api/v1/partners?q=${encodeURIComponent('Northmore Enginering')}`,
    );
    expect(names(fuzzy)).toContain('Northmoor Engineering Ltd');
  });

  it('pages through every sort without gaps or repeats', async () => {
    const tag = `paging${Date.now()}`;
    for (let i = 0; i < 7; i++)
      await buildPartner(t.db, { name: `Paging ${String.fromCharCode(71 - i)}`, tags: [tag] });
    for (const sort of ['name', '-name', 'createdAt', '-createdAt', 'updatedAt', '-updatedAt']) {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const query: string = `/api/v1/partners?tag=${tag}&limit=3&sort=${sort}${cursor ? `&cursor=${cursor}` : ''}`;
        const page = (await t.call(viewer, 'GET', query)).json();
        seen.push(...page.items.map((p: { name: string }) => p.name));
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen, sort).toHaveLength(7);
      expect(new Set(seen).size).toBe(7);
      if (sort === 'name') expect(seen[0]).toBe('Paging A');
      if (sort === '-name') expect(seen[0]).toBe('Paging G');
      if (sort === 'createdAt') expect(seen[0]).toBe('Paging G');
    }
  });

  it('replays an idempotent create', async () => {
    const headers = { 'idempotency-key': 'partner-create-1' };
    const first = await post(staff, { name: 'Idempotent Ltd', typeId: employer }, headers);
    const second = await post(staff, { name: 'Idempotent Ltd', typeId: employer }, headers);
    expect(second.json().id).toBe(first.json().id);
    expect(names(await t.call(viewer, 'GET', '/api/v1/partners?q=Idempotent'))).toEqual(['Idempotent Ltd']);
  });

  it('lets senior managers delete an unused partner, refuses one in use, and staff not at all', async () => {
    const used = await buildPartner(t.db);
    await t.db.insert(relationships).values({ unitId: (await buildUnit(t.db)).id, partnerId: used.id });
    const refused = await t.call(senior, 'DELETE', `/api/v1/partners/${used.id}`, undefined, {
      'if-match': '"v1"',
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ code: 'in_use', referencedBy: 'relationships' });
    const unused = await buildPartner(t.db);
    expect(
      (await t.call(staff, 'DELETE', `/api/v1/partners/${unused.id}`, undefined, { 'if-match': '"v1"' }))
        .statusCode,
    ).toBe(403);
    expect(
      (await t.call(senior, 'DELETE', `/api/v1/partners/${unused.id}`, undefined, { 'if-match': '"v1"' }))
        .statusCode,
    ).toBe(204);
    expect((await t.call(viewer, 'GET', `/api/v1/partners/${unused.id}`)).statusCode).toBe(404);
    expect((await post(viewer, { name: 'Viewer Ltd', typeId: employer })).statusCode).toBe(403);
  });
});
