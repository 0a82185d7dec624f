import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client.ts';
import { type Agent, createTestApp, type TestApp } from '../../test/app.ts';

let t: TestApp;
let admin: Agent;
let staff: Agent;

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.signIn('administrator');
  staff = await t.signIn('staff');
});
afterAll(() => t.close());

const createUnit = (body: Record<string, unknown>, headers?: Record<string, string>) =>
  t.call(admin, 'POST', '/api/v1/units', body, headers);

describe('units', () => {
  it('creates, reads with an ETag, and records history', async () => {
    const created = await createUnit({ name: 'Faculty of Engineering', kind: 'faculty', code: 'ENG-T1' });
    expect(created.statusCode).toBe(201);
    const unit = created.json();
    expect(unit).toMatchObject({
      name: 'Faculty of Engineering',
      kind: 'faculty',
      version: 1,
      parentId: null,
    });
    expect(created.headers.location).toBe(`/api/v1/units/${unit.id}`);

    const read = await t.call(staff, 'GET', `/api/v1/units/${unit.id}`);
    expect(read.statusCode).toBe(200);
    expect(read.headers.etag).toBe('"v1"');

    const history = await t.call(staff, 'GET', `/api/v1/units/${unit.id}/history`);
    expect(history.json().items).toHaveLength(1);
    expect(history.json().items[0]).toMatchObject({
      action: 'create',
      actorUserId: admin.user.id,
      before: null,
    });
    expect(history.json().items[0].after.name).toBe('Faculty of Engineering');
  });

  it('refuses invalid input with problem+json naming each field, and writes nothing', async () => {
    const before = (await t.call(admin, 'GET', '/api/v1/units?limit=500')).json().items.length;
    const response = await createUnit({ name: '', kind: 'galaxy' });
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    const fields = response
      .json()
      .errors.map((e: { field: string }) => e.field)
      .sort();
    expect(fields).toEqual(['kind', 'name']);
    const after = (await t.call(admin, 'GET', '/api/v1/units?limit=500')).json().items.length;
    expect(after).toBe(before);
  });

  it('refuses a parent that does not exist', async () => {
    const response = await createUnit({
      name: 'Orphan',
      kind: 'school',
      parentId: '01890a5d-ac96-774b-bcce-b302099a8057',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors).toEqual([
      { field: 'parentId', message: 'does not name an existing unit' },
    ]);
  });

  it('updates with If-Match, refuses a stale version with 412 and a missing one with 428', async () => {
    const unit = (await createUnit({ name: 'Careers Service', kind: 'service' })).json();
    const updated = await t.call(
      admin,
      'PATCH',
      `/api/v1/units/${unit.id}`,
      { name: 'Careers and Employability' },
      { 'if-match': '"v1"' },
    );
    expect(updated.statusCode).toBe(200);
    expect(updated.json()).toMatchObject({ name: 'Careers and Employability', version: 2 });
    expect(updated.headers.etag).toBe('"v2"');

    const stale = await t.call(
      admin,
      'PATCH',
      `/api/v1/units/${unit.id}`,
      { name: 'Overwritten' },
      { 'if-match': '"v1"' },
    );
    expect(stale.statusCode).toBe(412);
    const missing = await t.call(admin, 'PATCH', `/api/v1/units/${unit.id}`, { name: 'Overwritten' });
    expect(missing.statusCode).toBe(428);
    const read = (await t.call(admin, 'GET', `/api/v1/units/${unit.id}`)).json();
    expect(read.name).toBe('Careers and Employability');

    const history = (await t.call(admin, 'GET', `/api/v1/units/${unit.id}/history`)).json();
    expect(history.items[0]).toMatchObject({ action: 'update' });
    expect(history.items[0].before.name).toBe('Careers Service');
    expect(history.items[0].after.name).toBe('Careers and Employability');
  });

  it('refuses to make a unit its own ancestor', async () => {
    const faculty = (await createUnit({ name: 'Faculty of Arts', kind: 'faculty' })).json();
    const school = (
      await createUnit({ name: 'School of History', kind: 'school', parentId: faculty.id })
    ).json();
    const loop = await t.call(
      admin,
      'PATCH',
      `/api/v1/units/${faculty.id}`,
      { parentId: school.id },
      { 'if-match': '"v1"' },
    );
    expect(loop.statusCode).toBe(400);
    expect(loop.json().errors[0].field).toBe('parentId');
  });

  it('refuses to delete a unit that others point to, and deletes an unused one', async () => {
    const faculty = (await createUnit({ name: 'Faculty of Science', kind: 'faculty' })).json();
    await createUnit({ name: 'School of Physics', kind: 'school', parentId: faculty.id });
    const refused = await t.call(admin, 'DELETE', `/api/v1/units/${faculty.id}`, undefined, {
      'if-match': '"v1"',
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ code: 'in_use', referencedBy: 'units' });
    expect((await t.call(admin, 'GET', `/api/v1/units/${faculty.id}`)).statusCode).toBe(200);

    const lonely = (await createUnit({ name: 'Print Office', kind: 'office' })).json();
    const deleted = await t.call(admin, 'DELETE', `/api/v1/units/${lonely.id}`, undefined, {
      'if-match': '"v1"',
    });
    expect(deleted.statusCode).toBe(204);
    expect((await t.call(admin, 'GET', `/api/v1/units/${lonely.id}`)).statusCode).toBe(404);
    const history = (await t.call(admin, 'GET', `/api/v1/units/${lonely.id}/history`)).statusCode;
    expect(history).toBe(404);
  });

  it('replays an idempotent POST and refuses the same key for another body', async () => {
    const headers = { 'idempotency-key': 'unit-key-1' };
    const first = await createUnit({ name: 'Research Office', kind: 'office' }, headers);
    const replay = await createUnit({ name: 'Research Office', kind: 'office' }, headers);
    expect(first.statusCode).toBe(201);
    expect(replay.statusCode).toBe(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.json().id).toBe(first.json().id);
    const list = (await t.call(admin, 'GET', '/api/v1/units?q=Research%20Office')).json();
    expect(list.items).toHaveLength(1);
    const other = await createUnit({ name: 'Another Office', kind: 'office' }, headers);
    expect(other.statusCode).toBe(422);
  });

  it('pages with a cursor, stable when rows are added between pages', async () => {
    const prefix = `Paged ${Date.now()}`;
    for (const n of [1, 2, 3, 4, 5]) await createUnit({ name: `${prefix} ${n}`, kind: 'department' });
    const q = encodeURIComponent(prefix);
    const first = (await t.call(staff, 'GET', `/api/v1/units?q=${q}&limit=2`)).json();
    expect(first.items.map((u: { name: string }) => u.name)).toEqual([`${prefix} 1`, `${prefix} 2`]);
    await createUnit({ name: `${prefix} 0`, kind: 'department' });
    const second = (
      await t.call(staff, 'GET', `/api/v1/units?q=${q}&limit=2&cursor=${first.nextCursor}`)
    ).json();
    expect(second.items.map((u: { name: string }) => u.name)).toEqual([`${prefix} 3`, `${prefix} 4`]);
    const third = (
      await t.call(staff, 'GET', `/api/v1/units?q=${q}&limit=2&cursor=${second.nextCursor}`)
    ).json();
    expect(third.items.map((u: { name: string }) => u.name)).toEqual([`${prefix} 5`]);
    expect(third.nextCursor).toBeNull();

    const desc = (await t.call(staff, 'GET', `/api/v1/units?q=${q}&limit=2&sort=-name`)).json();
    expect(desc.items[0].name).toBe(`${prefix} 5`);
    const badCursor = await t.call(
      staff,
      'GET',
      `/api/v1/units?q=${q}&cursor=${first.nextCursor}&sort=-name`,
    );
    expect(badCursor.statusCode).toBe(400);
    expect(badCursor.json().errors[0].field).toBe('cursor');
    const tooMany = await t.call(staff, 'GET', '/api/v1/units?limit=501');
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json().errors[0].field).toBe('query.limit');
  });

  it('lets only administrators change units', async () => {
    const response = await t.call(staff, 'POST', '/api/v1/units', { name: 'Shadow Unit', kind: 'office' });
    expect(response.statusCode).toBe(403);
    const anonymous = await t.call(null, 'GET', '/api/v1/units');
    expect(anonymous.statusCode).toBe(401);
  });
});

describe('the unit tree under concurrent writes', () => {
  it('adds units from many callers at once, and the tree holds each of them once, under its faculty', async () => {
    const faculty = (await createUnit({ name: 'Faculty of Concurrency', kind: 'faculty' })).json();
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        createUnit({ name: `School ${i} of Concurrency`, kind: 'school', parentId: faculty.id }),
      ),
    );
    expect(answers.map((a) => a.statusCode)).toEqual(Array(12).fill(201));
    const schools = answers.map((a) => a.json().id as string);
    const rows = await queryRows<{ ancestor_id: string; unit_id: string; depth: number }>(
      t.db,
      sql`select ancestor_id, unit_id, depth from unit_ancestry where unit_id = any(${sql.raw(`array[${schools.map((id) => `'${id}'`).join(',')}]::uuid[]`)})`,
    );
    for (const id of schools) {
      expect(rows.filter((r) => r.unit_id === id).sort((a, b) => a.depth - b.depth)).toEqual([
        { ancestor_id: id, unit_id: id, depth: 0 },
        { ancestor_id: faculty.id, unit_id: id, depth: 1 },
      ]);
    }
  });
});
