import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { events } from '../../db/schema/events.ts';
import { requestChanges, requests } from '../../db/schema/requests.ts';
import { users } from '../../db/schema/users.ts';
import { type Agent, createTestApp, type TestApp } from '../../test/app.ts';
import {
  buildAffiliation,
  buildContact,
  buildPartner,
  buildRelationship,
  buildUnit,
} from '../../test/factories/index.ts';

/** Correcting a request after it is raised: every field, its targets, its timeline, and who may. */
let t: TestApp;
let unitA: string;
let staffA: Agent;
let colleagueA: Agent;
let staffB: Agent;
let viewer: Agent;
let partner: string;
let relationship: string;
let contact: { id: string; name: string };

beforeAll(async () => {
  t = await createTestApp();
  unitA = (await buildUnit(t.db, { name: 'IT Services' })).id;
  const unitB = (await buildUnit(t.db, { name: 'Estates' })).id;
  staffA = await t.signIn('staff', { unitId: unitA });
  colleagueA = await t.signIn('staff', { unitId: unitA });
  staffB = await t.signIn('staff', { unitId: unitB });
  viewer = await t.signIn('viewer', { unitId: unitA });
  partner = (await buildPartner(t.db, { name: 'School of Chemistry' })).id;
  relationship = (await buildRelationship(t.db, { unitId: unitA, partnerId: partner })).id;
  contact = await buildContact(t.db, { name: 'Dr Ada Lovelace' });
  await buildAffiliation(t.db, {
    contactId: contact.id,
    partnerId: partner,
    role: 'Local Computing Representative',
  });
});
afterAll(() => t.close());

// biome-ignore lint/suspicious/noExplicitAny: a JSON answer, checked by the assertions
type Req = { id: string; version: number } & Record<string, any>;
const raise = async (body: Record<string, unknown> = {}) => {
  const res = await t.call(staffA, 'POST', '/api/v1/requests', {
    partnerId: partner,
    kind: 'incident',
    title: 'Printers offline',
    ...body,
  });
  expect(res.statusCode).toBe(201);
  return res.json() as Req;
};
const edit = (agent: Agent, r: { id: string; version: number }, body: Record<string, unknown>) =>
  t.call(agent, 'PATCH', `/api/v1/requests/${r.id}`, body, { 'if-match': `"v${r.version}"` });
const timeline = async (id: string) =>
  (await t.call(staffA, 'GET', `/api/v1/requests/${id}/activity`)).json().items as {
    type: string;
    actorName: string | null;
    changes: { field: string; from: string | null; to: string | null }[] | null;
  }[];
const nameOf = async (agent: Agent) =>
  (await t.db.select({ name: users.name }).from(users).where(eq(users.id, agent.user.id)))[0]!.name;
const fieldsOf = (errors: { field: string }[]) => errors.map((e) => e.field).sort();

describe('correcting a request', () => {
  it('changes every editable field, and the timeline and the event say from what to what', async () => {
    const r = await raise({ description: 'All of floor 2' });
    const [me, colleague, other] = [await nameOf(staffA), await nameOf(colleagueA), await nameOf(staffB)];
    expect(r.can).toEqual({ update: true, delete: false, move: true, comment: true });
    const res = await edit(staffA, r, {
      title: 'Printers offline on floor 2',
      description: 'Floor 2 only, since Monday',
      ownerId: colleagueA.user.id,
      relationshipId: relationship,
      raisedByContactId: contact.id,
      visibility: 'unit',
      readerIds: [staffB.user.id],
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers.etag).toBe(`"v${r.version + 1}"`);
    expect(res.json()).toMatchObject({
      title: 'Printers offline on floor 2',
      description: 'Floor 2 only, since Monday',
      ownerId: colleagueA.user.id,
      ownerName: colleague,
      relationshipId: relationship,
      raisedByContactId: contact.id,
      raisedByUserId: null,
      raisedByName: 'Dr Ada Lovelace',
      visibility: 'unit',
    });
    expect(
      res
        .json()
        .readers.map((p: { id: string }) => p.id)
        .sort(),
    ).toEqual([staffA.user.id, colleagueA.user.id, staffB.user.id].sort());
    // Nothing about the targets changed, so no due date is in the timeline.
    const changed = (await timeline(r.id)).filter((i) => i.type === 'changed');
    expect(changed).toHaveLength(1);
    expect(changed[0]!.actorName).toBe(me);
    const byField = Object.fromEntries(changed[0]!.changes!.map((c) => [c.field, c]));
    expect(Object.keys(byField).sort()).toEqual(
      [
        'description',
        'ownerId',
        'raisedByContactId',
        'readerIds',
        'relationshipId',
        'title',
        'visibility',
      ].sort(),
    );
    expect(byField.title).toEqual({
      field: 'title',
      from: 'Printers offline',
      to: 'Printers offline on floor 2',
    });
    expect(byField.ownerId).toEqual({ field: 'ownerId', from: null, to: colleague });
    expect(byField.relationshipId).toEqual({ field: 'relationshipId', from: null, to: 'IT Services' });
    expect(byField.raisedByContactId?.to).toBe('Dr Ada Lovelace');
    expect(byField.visibility).toEqual({ field: 'visibility', from: 'institution', to: 'unit' });
    expect(byField.readerIds?.to).toContain(other);
    expect(byField.readerIds?.from).toBe(me);
    const [event] = await t.db
      .select()
      .from(events)
      .where(and(eq(events.entityId, r.id), eq(events.name, 'request.updated')));
    const detail = event!.payload.detail as { changes: { field: string }[] };
    expect(detail.changes.map((c) => c.field).sort()).toEqual(Object.keys(byField).sort());
    const history = (await t.call(staffA, 'GET', `/api/v1/requests/${r.id}/history`)).json();
    expect(history.items.length).toBeGreaterThanOrEqual(2);
    // The same values again change nothing, and add nothing to the timeline.
    const again = await edit(staffA, res.json(), {
      title: 'Printers offline on floor 2',
      visibility: 'unit',
    });
    expect(again.statusCode).toBe(200);
    expect((await timeline(r.id)).filter((i) => i.type === 'changed')).toHaveLength(1);
  });

  it('re-targets on a new priority or kind, and the timeline shows the due dates it recomputed', async () => {
    const r = await raise({ priority: 'normal' });
    const high = await edit(staffA, r, { priority: 'high' });
    expect(high.statusCode).toBe(200);
    const after = high.json();
    // An incident: normal is 8 h to respond, 60 to resolve; high is 4 and 24 (working hours).
    expect(after.targets.firstResponse.hours).toBe(4);
    expect(after.targets.resolution.hours).toBe(24);
    expect(Date.parse(after.targets.resolution.dueAt)).toBeLessThan(Date.parse(r.targets.resolution.dueAt));
    const [entry] = (await timeline(r.id)).filter((i) => i.type === 'changed');
    expect(entry!.changes).toEqual([
      { field: 'priority', from: 'normal', to: 'high' },
      { field: 'responseDueAt', from: r.targets.firstResponse.dueAt, to: after.targets.firstResponse.dueAt },
      { field: 'resolveDueAt', from: r.targets.resolution.dueAt, to: after.targets.resolution.dueAt },
    ]);
    // A complaint resolves in twice an incident's time: 48 working hours at high priority.
    const complaint = await edit(staffA, after, { kind: 'complaint' });
    expect(complaint.json()).toMatchObject({ kind: 'complaint' });
    expect(complaint.json().targets.resolution.hours).toBe(48);
    expect(Date.parse(complaint.json().targets.resolution.dueAt)).toBeGreaterThan(
      Date.parse(after.targets.resolution.dueAt),
    );
    const entries = (await timeline(r.id)).filter((i) => i.type === 'changed');
    expect(entries.at(-1)!.changes!.map((c) => c.field)).toEqual(['kind', 'resolveDueAt']);
  });

  it('corrects the resolution and satisfaction once resolved, without re-targeting a settled request', async () => {
    const r = await raise();
    for (const to of ['triaged', 'in_progress', 'resolved'])
      expect(
        (
          await t.call(staffA, 'POST', `/api/v1/requests/${r.id}/transition`, {
            to,
            resolution: 'Replaced the toner',
          })
        ).statusCode,
      ).toBe(200);
    const resolved = (await t.call(staffA, 'GET', `/api/v1/requests/${r.id}`)).json();
    const res = await edit(staffA, resolved, {
      resolution: 'Replaced the fuser',
      satisfaction: 4,
      priority: 'high',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ resolution: 'Replaced the fuser', satisfaction: 4, priority: 'high' });
    expect(res.json().targets.resolution.dueAt).toBe(resolved.targets.resolution.dueAt);
    const [entry] = (await timeline(r.id)).filter((i) => i.type === 'changed');
    expect(entry!.changes).toEqual([
      { field: 'priority', from: 'normal', to: 'high' },
      { field: 'resolution', from: 'Replaced the toner', to: 'Replaced the fuser' },
      { field: 'satisfaction', from: null, to: '4' },
    ]);
  });

  it('refuses bad input naming each field, and changes nothing', async () => {
    const r = await raise();
    const stranger = await buildContact(t.db, { name: 'Someone Elsewhere' });
    const otherPartner = (await buildPartner(t.db)).id;
    const foreign = (await buildRelationship(t.db, { unitId: unitA, partnerId: otherPartner })).id;
    const shape = await edit(staffA, r, { title: ' ', priority: 'urgent', kind: 'gripe', ownerId: 'nobody' });
    expect(shape.statusCode).toBe(400);
    expect(shape.headers['content-type']).toContain('application/problem+json');
    expect(fieldsOf(shape.json().errors)).toEqual(['kind', 'ownerId', 'priority', 'title']);
    const refs = await edit(staffA, r, {
      ownerId: viewer.user.id,
      raisedByContactId: stranger.id,
      relationshipId: foreign,
      readerIds: ['00000000-0000-4000-8000-000000000000'],
      priority: 'critical',
    });
    expect(refs.statusCode).toBe(400);
    expect(fieldsOf(refs.json().errors)).toEqual([
      'ownerId',
      'raisedByContactId',
      'readerIds',
      'relationshipId',
    ]);
    const [row] = await t.db.select().from(requests).where(eq(requests.id, r.id));
    expect(row).toMatchObject({
      version: r.version,
      priority: 'normal',
      ownerId: null,
      raisedByContactId: null,
    });
    expect(await t.db.$count(requestChanges, eq(requestChanges.requestId, r.id))).toBe(0);
  });

  it('refuses a stale version with 412 and one without If-Match with 428, changing nothing', async () => {
    const r = await raise();
    expect((await edit(staffA, r, { title: 'First' })).statusCode).toBe(200);
    const stale = await edit(colleagueA, r, { title: 'Second' });
    expect(stale.statusCode).toBe(412);
    const bare = await t.call(staffA, 'PATCH', `/api/v1/requests/${r.id}`, { title: 'Third' });
    expect(bare.statusCode).toBe(428);
    const now = (await t.call(staffA, 'GET', `/api/v1/requests/${r.id}`)).json();
    expect(now).toMatchObject({ title: 'First', version: r.version + 1 });
    expect((await timeline(r.id)).filter((i) => i.type === 'changed')).toHaveLength(1);
  });

  it('lets only those who may work it edit it (403), and tells the others so in `can`', async () => {
    const r = await raise();
    const seenByB = (await t.call(staffB, 'GET', `/api/v1/requests/${r.id}`)).json();
    expect(seenByB.can).toEqual({ update: false, delete: false, move: false, comment: true });
    const seenByViewer = (await t.call(viewer, 'GET', `/api/v1/requests/${r.id}`)).json();
    expect(seenByViewer.can).toEqual({ update: false, delete: false, move: false, comment: false });
    const listed = (await t.call(staffB, 'GET', `/api/v1/requests?partnerId=${partner}`)).json();
    expect(listed.items.find((i: { id: string }) => i.id === r.id).can.update).toBe(false);
    expect((await edit(staffB, r, { priority: 'critical' })).statusCode).toBe(403);
    expect((await edit(viewer, r, { priority: 'critical' })).statusCode).toBe(403);
    const [row] = await t.db.select().from(requests).where(eq(requests.id, r.id));
    expect(row).toMatchObject({ version: r.version, priority: 'normal' });
    // Its unit's staff may: a colleague corrects it.
    expect((await edit(colleagueA, r, { priority: 'critical' })).statusCode).toBe(200);
  });
});
