import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BulkStreamLine } from '../../../../common/src/contracts/bulk.ts';
import { auditLog } from '../../db/schema/audit.ts';
import { events } from '../../db/schema/events.ts';
import { partners } from '../../db/schema/partners.ts';
import { requests } from '../../db/schema/requests.ts';
import { type Agent, createTestApp, type TestApp } from '../../test/app.ts';
import {
  buildPartner,
  buildRelationship,
  buildTask,
  buildUnit,
  partnerTypeId,
} from '../../test/factories/index.ts';

let t: TestApp;
let unitA: string;
let unitB: string;
let staffA: Agent;
let colleagueA: Agent;
let staffB: Agent;
let managerA: Agent;
let viewer: Agent;
let partner: string;

beforeAll(async () => {
  t = await createTestApp();
  unitA = (await buildUnit(t.db, { name: 'Careers Service' })).id;
  unitB = (await buildUnit(t.db, { name: 'Estates' })).id;
  staffA = await t.signIn('staff', { unitId: unitA });
  colleagueA = await t.signIn('staff', { unitId: unitA });
  staffB = await t.signIn('staff', { unitId: unitB });
  managerA = await t.signIn('relationship_manager', { unitId: unitA });
  viewer = await t.signIn('viewer', { unitId: unitA });
  partner = (await buildPartner(t.db, { name: 'Harrow Engineering' })).id;
});
afterAll(() => t.close());

const bulk = (
  agent: Agent,
  resource: string,
  body: Record<string, unknown>,
  headers?: Record<string, string>,
) => t.call(agent, 'POST', `/api/v1/${resource}/bulk`, body, headers);

/** The audit entries of these records, as (entity id → count). */
async function auditCounts(entity: string, ids: string[]) {
  const rows = await t.db
    .select({ entityId: auditLog.entityId })
    .from(auditLog)
    .where(and(eq(auditLog.entity, entity), inArray(auditLog.entityId, ids)));
  const counts = new Map<string, number>(ids.map((id) => [id, 0]));
  for (const r of rows) counts.set(r.entityId, counts.get(r.entityId)! + 1);
  return counts;
}

async function partnerRows(ids: string[]) {
  const rows = await t.db.select().from(partners).where(inArray(partners.id, ids));
  return new Map(rows.map((r) => [r.id, r]));
}

const lines = (body: string) =>
  body
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as BulkStreamLine);

describe('bulk actions on partners', () => {
  it('adds tags to each partner, merging, one version, one audit entry and one event each', async () => {
    const tag = `placements-${Date.now()}`;
    const made = await Promise.all([
      buildPartner(t.db, { tags: [tag] }),
      buildPartner(t.db, { tags: ['ktp'] }),
      buildPartner(t.db),
    ]);
    const ids = made.map((p) => p.id);
    const response = await bulk(staffA, 'partners', { action: 'addTags', tags: [tag, 'Regional'], ids });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual({ count: 3, ids });
    const after = await partnerRows(ids);
    expect(after.get(ids[0]!)!.tags).toEqual([tag, 'regional']);
    expect(after.get(ids[1]!)!.tags).toEqual(['ktp', tag, 'regional']);
    expect(after.get(ids[2]!)!.tags).toEqual([tag, 'regional']);
    for (const p of made) expect(after.get(p.id)!.version).toBe(p.version + 1);
    const audits = await auditCounts('partner', ids);
    expect([...audits.values()]).toEqual([1, 1, 1]);
    const history = (await t.call(viewer, 'GET', `/api/v1/partners/${ids[1]}/history`)).json();
    expect(history.items[0]).toMatchObject({ action: 'update', actorUserId: staffA.user.id });
    expect(history.items[0].before.tags).toEqual(['ktp']);
    const published = await t.db
      .select({ name: events.name, entityId: events.entityId })
      .from(events)
      .where(inArray(events.entityId, ids));
    expect(published.map((e) => e.name)).toEqual(['partner.updated', 'partner.updated', 'partner.updated']);
  });

  it('removes tags, archives and sets the type', async () => {
    const funder = await partnerTypeId(t.db, 'Funder');
    const made = await Promise.all([buildPartner(t.db, { tags: ['old', 'keep'] }), buildPartner(t.db)]);
    const ids = made.map((p) => p.id);
    expect((await bulk(staffA, 'partners', { action: 'removeTags', tags: ['old'], ids })).statusCode).toBe(
      200,
    );
    expect(
      (await bulk(staffA, 'partners', { action: 'setStatus', status: 'archived', ids })).statusCode,
    ).toBe(200);
    expect((await bulk(staffA, 'partners', { action: 'setType', typeId: funder, ids })).statusCode).toBe(200);
    const after = await partnerRows(ids);
    expect(after.get(ids[0]!)).toMatchObject({ tags: ['keep'], status: 'archived', typeId: funder });
    expect(after.get(ids[1]!)).toMatchObject({ tags: [], status: 'archived', typeId: funder });
  });

  it('with one invalid row, names it and changes nothing', async () => {
    const made = await Promise.all([buildPartner(t.db), buildPartner(t.db)]);
    const ids = [made[0]!.id, made[1]!.id, '00000000-0000-4000-8000-000000000000'];
    const response = await bulk(staffA, 'partners', { action: 'addTags', tags: ['x'], ids });
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json().errors).toEqual([
      { field: 'ids[2]', message: 'does not name a partner you can see' },
    ]);
    expect(response.json().detail).toContain('Nothing was changed');
    const after = await partnerRows(ids);
    for (const p of made) expect(after.get(p.id)).toMatchObject({ version: p.version, tags: [] });
    expect([...(await auditCounts('partner', ids)).values()]).toEqual([0, 0, 0]);
  });

  it('refuses bad bodies field by field, and viewers', async () => {
    const p = await buildPartner(t.db);
    const cases: [Record<string, unknown>, string][] = [
      [{ action: 'addTags', tags: ['x'] }, 'ids'],
      [{ action: 'addTags', tags: ['x'], ids: [p.id], filter: {} }, 'ids'],
      [{ action: 'addTags', tags: ['x'], ids: [p.id, p.id] }, 'ids.1'],
      [{ action: 'addTags', tags: [], ids: [p.id] }, 'tags'],
      [{ action: 'setStatus', status: 'gone', ids: [p.id] }, 'status'],
      [{ action: 'explode', ids: [p.id] }, 'action'],
      [{ action: 'addTags', tags: ['x'], filter: { colour: 'red' } }, 'filter'],
      [{ action: 'addTags', tags: ['x'], filter: { status: 'lost' } }, 'filter.status.0'],
      [{ action: 'setType', typeId: '00000000-0000-4000-8000-000000000000', ids: [p.id] }, 'typeId'],
    ];
    for (const [body, field] of cases) {
      const response = await bulk(staffA, 'partners', body);
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
      const fields = response.json().errors.map((e: { field: string }) => e.field);
      expect(fields, JSON.stringify(body)).toContain(field);
    }
    expect((await bulk(viewer, 'partners', { action: 'addTags', tags: ['x'], ids: [p.id] })).statusCode).toBe(
      403,
    );
    expect((await partnerRows([p.id])).get(p.id)!.version).toBe(p.version);
  });

  it('selects every partner the filter matches, and only those', async () => {
    const marker = `cohort-${Date.now()}`;
    const inside = await Promise.all([
      buildPartner(t.db, { tags: [marker] }),
      buildPartner(t.db, { tags: [marker], status: 'dormant' }),
    ]);
    const outside = await buildPartner(t.db, { tags: [marker], status: 'archived' });
    const response = await bulk(staffA, 'partners', {
      action: 'addTags',
      tags: ['reviewed'],
      filter: { tag: marker, status: 'active,dormant' },
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().count).toBe(2);
    expect(new Set(response.json().ids)).toEqual(new Set(inside.map((p) => p.id)));
    const after = await partnerRows([...inside.map((p) => p.id), outside.id]);
    for (const p of inside) expect(after.get(p.id)!.tags).toEqual([marker, 'reviewed']);
    expect(after.get(outside.id)!.tags).toEqual([marker]);
  });

  it('streams progress lines and ends with what it did', async () => {
    const marker = `stream-${Date.now()}`;
    const made = [];
    for (let i = 0; i < 150; i++) made.push({ name: `Streamed ${i}`, tags: [marker] });
    const typeId = await partnerTypeId(t.db);
    await t.db.insert(partners).values(made.map((m) => ({ ...m, typeId })));
    const response = await bulk(
      staffA,
      'partners',
      { action: 'setStatus', status: 'dormant', filter: { tag: marker } },
      { accept: 'application/x-ndjson' },
    );
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('application/x-ndjson');
    const all = lines(response.body);
    const progress = all.filter((l) => l.type === 'progress');
    expect(progress.length).toBeGreaterThan(10);
    expect(progress.at(-1)).toEqual({ type: 'progress', done: 150, total: 150 });
    const dones = progress.map((l) => (l.type === 'progress' ? l.done : 0));
    expect(dones).toEqual([...dones].sort((a, b) => a - b));
    expect(all.at(-1)).toMatchObject({ type: 'done', count: 150 });
  });

  it('answers plain JSON with an Idempotency-Key, so a repeat replays the same answer', async () => {
    const p = await buildPartner(t.db);
    const headers = { accept: 'application/x-ndjson', 'idempotency-key': `bulk-${p.id}` };
    const body = { action: 'addTags', tags: ['once'], ids: [p.id] };
    const first = await bulk(staffA, 'partners', body, headers);
    const again = await bulk(staffA, 'partners', body, headers);
    expect(first.headers['content-type']).toContain('application/json');
    expect(first.json()).toEqual({ count: 1, ids: [p.id] });
    expect(again.json()).toEqual(first.json());
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect((await partnerRows([p.id])).get(p.id)!.version).toBe(p.version + 1);
  });

  it('streams the problem as its last line when a row is refused, and changes nothing', async () => {
    const p = await buildPartner(t.db);
    const response = await bulk(
      staffA,
      'partners',
      { action: 'addTags', tags: ['x'], ids: [p.id, '00000000-0000-4000-8000-000000000001'] },
      { accept: 'application/x-ndjson' },
    );
    const last = lines(response.body).at(-1)!;
    expect(last).toMatchObject({ type: 'error', problem: { status: 400, errors: [{ field: 'ids[1]' }] } });
    expect((await partnerRows([p.id])).get(p.id)).toMatchObject({ version: p.version, tags: [] });
  });

  it('loses no update when a single PATCH runs beside it', async () => {
    const p = await buildPartner(t.db, { name: 'Before', tags: [] });
    const [patched, bulked] = await Promise.all([
      t.call(
        staffB,
        'PATCH',
        `/api/v1/partners/${p.id}`,
        { name: 'Renamed' },
        { 'if-match': `"v${p.version}"` },
      ),
      bulk(staffA, 'partners', { action: 'addTags', tags: ['together'], ids: [p.id] }),
    ]);
    expect(bulked.statusCode).toBe(200);
    const after = (await partnerRows([p.id])).get(p.id)!;
    // The bulk action locks the row and applies its change to whatever it finds, so it never
    // overwrites the PATCH; the PATCH carries its version, so it never overwrites the bulk.
    expect(after.tags).toEqual(['together']);
    if (patched.statusCode === 200) {
      expect(after).toMatchObject({ name: 'Renamed', version: p.version + 2 });
    } else {
      expect(patched.statusCode).toBe(412);
      expect(after).toMatchObject({ name: 'Before', version: p.version + 1 });
    }
  });
});

describe('bulk triage of requests', () => {
  const raise = async (agent: Agent, body: Record<string, unknown> = {}) => {
    const response = await t.call(agent, 'POST', '/api/v1/requests', {
      partnerId: partner,
      kind: 'incident',
      title: 'Portal login fails',
      ...body,
    });
    expect(response.statusCode, response.body).toBe(201);
    return response.json() as { id: string; version: number };
  };
  const get = async (agent: Agent, id: string) =>
    (await t.call(agent, 'GET', `/api/v1/requests/${id}`)).json();

  it('sets owner, priority and status of each, each audited and moved along its lifecycle', async () => {
    const made = [await raise(staffA), await raise(staffA), await raise(colleagueA)];
    const ids = made.map((r) => r.id);
    const response = await bulk(staffA, 'requests', {
      action: 'triage',
      ids,
      ownerId: colleagueA.user.id,
      priority: 'high',
      status: 'triaged',
    });
    expect(response.statusCode, response.body).toBe(200);
    for (const id of ids) {
      expect(await get(staffA, id)).toMatchObject({
        ownerId: colleagueA.user.id,
        priority: 'high',
        status: 'triaged',
      });
      const activity = (await t.call(staffA, 'GET', `/api/v1/requests/${id}/activity`)).json();
      expect(activity.items.at(-1)).toMatchObject({
        type: 'transition',
        fromStatus: 'new',
        toStatus: 'triaged',
      });
    }
    // The change and the move: two entries per request, as a PATCH and a move would write.
    expect([...(await auditCounts('request', ids)).values()]).toEqual([3, 3, 3]);
  });

  it('with one request the caller may not work, answers 403 naming it and changes nothing', async () => {
    const mine = await raise(staffA);
    const theirs = await raise(staffB);
    const response = await bulk(staffA, 'requests', {
      action: 'triage',
      ids: [mine.id, theirs.id],
      priority: 'low',
    });
    expect(response.statusCode).toBe(403);
    expect(response.json().errors).toEqual([
      { field: 'ids[1]', message: expect.stringContaining('Only its owner') },
    ]);
    expect(response.json().recordId).toBe(theirs.id);
    expect(await get(staffA, mine.id)).toMatchObject({ priority: 'normal', version: mine.version });
  });

  it('with one request that cannot make the move, answers 400 naming it and changes nothing', async () => {
    const fresh = await raise(staffA);
    const closed = await raise(staffA);
    await t.db
      .update(requests)
      .set({ status: 'closed', resolution: 'Done' })
      .where(eq(requests.id, closed.id));
    const response = await bulk(staffA, 'requests', {
      action: 'triage',
      ids: [fresh.id, closed.id],
      status: 'triaged',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors[0].field).toBe('ids[1]');
    expect(response.json().errors[0].message).toContain('cannot move from closed');
    expect(await get(staffA, fresh.id)).toMatchObject({ status: 'new', version: fresh.version });
  });

  it('by filter, never touches or counts a confidential request the caller cannot see', async () => {
    const unit = (await buildUnit(t.db, { name: 'Library' })).id;
    const me = await t.signIn('staff', { unitId: unit });
    const colleague = await t.signIn('staff', { unitId: unit });
    const open = [await raise(me, { unitId: unit }), await raise(colleague, { unitId: unit })];
    const secret = await raise(colleague, { unitId: unit, visibility: 'confidential' });
    const response = await bulk(me, 'requests', {
      action: 'triage',
      filter: { unitId: unit, status: 'new' },
      priority: 'critical',
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().count).toBe(2);
    expect(new Set(response.json().ids)).toEqual(new Set(open.map((r) => r.id)));
    expect(await get(colleague, secret.id)).toMatchObject({ priority: 'normal', version: secret.version });
    expect((await auditCounts('request', [secret.id])).get(secret.id)).toBe(1);
    // Named by id, it reads as missing: refused, and nothing else changes either.
    const named = await bulk(me, 'requests', {
      action: 'triage',
      ids: [open[0]!.id, secret.id],
      priority: 'low',
    });
    expect(named.statusCode).toBe(400);
    expect(named.json().errors).toEqual([
      { field: 'ids[1]', message: 'does not name a request you can see' },
    ]);
    expect(await get(me, open[0]!.id)).toMatchObject({ priority: 'critical' });
    expect(await get(colleague, secret.id)).toMatchObject({ priority: 'normal', version: secret.version });
  });

  it('needs something to change', async () => {
    const r = await raise(staffA);
    const response = await bulk(staffA, 'requests', { action: 'triage', ids: [r.id] });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors[0].field).toBe('action');
  });
});

describe('bulk actions on relationships and tasks', () => {
  it("hands a departing manager's relationships to a successor, all or nothing", async () => {
    const departing = await t.signIn('relationship_manager', { unitId: unitA });
    const successor = await t.signIn('relationship_manager', { unitId: unitA });
    const ours = await Promise.all(
      [1, 2].map(async () =>
        buildRelationship(t.db, {
          unitId: unitA,
          partnerId: (await buildPartner(t.db)).id,
          managerId: departing.user.id,
        }),
      ),
    );
    const response = await bulk(managerA, 'relationships', {
      action: 'reassign',
      filter: { managerId: departing.user.id },
      managerId: successor.user.id,
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().count).toBe(2);
    for (const r of ours) {
      const after = (await t.call(viewer, 'GET', `/api/v1/relationships/${r.id}`)).json();
      expect(after).toMatchObject({ managerId: successor.user.id, version: r.version + 1 });
    }
    // One in another unit among them: refused by name, nothing moves.
    const elsewhere = await buildRelationship(t.db, {
      unitId: unitB,
      partnerId: (await buildPartner(t.db)).id,
      managerId: successor.user.id,
    });
    const refused = await bulk(managerA, 'relationships', {
      action: 'setStatus',
      status: 'paused',
      filter: { managerId: successor.user.id },
    });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().errors[0]).toMatchObject({ field: 'filter' });
    expect(refused.json().recordId).toBe(elsewhere.id);
    for (const r of ours)
      expect((await t.call(viewer, 'GET', `/api/v1/relationships/${r.id}`)).json().status).toBe('active');
    expect(
      (await bulk(staffA, 'relationships', { action: 'setStatus', status: 'paused', ids: [elsewhere.id] }))
        .statusCode,
    ).toBe(403);
  });

  it('re-assigns, re-dates and completes tasks; one of someone else’s refuses all', async () => {
    const made = await Promise.all([
      buildTask(t.db, { assigneeId: staffA.user.id }),
      buildTask(t.db, { assigneeId: staffA.user.id }),
    ]);
    const ids = made.map((x) => x.id);
    expect((await bulk(staffA, 'tasks', { action: 'setDue', dueOn: '2027-01-15', ids })).statusCode).toBe(
      200,
    );
    expect(
      (await bulk(staffA, 'tasks', { action: 'reassign', assigneeId: colleagueA.user.id, ids })).statusCode,
    ).toBe(200);
    const other = await buildTask(t.db, { assigneeId: staffB.user.id });
    const refused = await bulk(staffA, 'tasks', { action: 'complete', ids: [...ids, other.id] });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().errors[0].field).toBe('ids[2]');
    for (const id of ids) {
      const task = (await t.call(staffA, 'GET', `/api/v1/tasks/${id}`)).json();
      expect(task).toMatchObject({ dueOn: '2027-01-15', assigneeId: colleagueA.user.id, doneAt: null });
    }
    expect((await bulk(staffA, 'tasks', { action: 'complete', ids })).statusCode).toBe(200);
    for (const id of ids)
      expect((await t.call(staffA, 'GET', `/api/v1/tasks/${id}`)).json().doneAt).not.toBeNull();
    expect([...(await auditCounts('task', ids)).values()]).toEqual([3, 3]);
  });
});
