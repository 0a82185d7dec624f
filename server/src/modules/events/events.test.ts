import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DomainEvent, eventNames } from '../../../../common/src/events.ts';
import { queryRows } from '../../db/client.ts';
import { type Agent, createTestApp, type TestApp } from '../../test/app.ts';
import { buildPartner, buildUnit, partnerTypeId as employerType } from '../../test/factories/index.ts';
import type { Subscriber } from './dispatcher.ts';

/** A subscriber no service knows about: it only records what it is given. */
const received: DomainEvent[] = [];
const recorder: Subscriber = {
  name: 'test-recorder',
  events: 'all',
  async handle(event) {
    received.push(event);
  },
};

/** Fails every delivery of one record's events while that record's remote end is down. */
let flakyRecord = '';
let remoteDown = false;
const flakyDelivered: DomainEvent[] = [];
const flaky: Subscriber = {
  name: 'test-flaky',
  events: ['partner.created', 'partner.updated'],
  async handle(event, tx) {
    // Its writes roll back with the failed attempt: this row must never be seen.
    await tx.execute(sql`create temporary table if not exists flaky_writes (id bigint)`);
    await tx.execute(sql`insert into flaky_writes values (${event.id})`);
    if (event.entityId === flakyRecord && remoteDown) throw new Error('the remote end is down');
    flakyDelivered.push(event);
  },
};

let t: TestApp;
let staff: Agent;
let admin: Agent;
let partnerTypeId: string;

beforeAll(async () => {
  t = await createTestApp({}, { subscribers: [recorder, flaky] });
  const unit = await buildUnit(t.db);
  staff = await t.signIn('relationship_manager', { unitId: unit.id });
  admin = await t.signIn('administrator', { unitId: unit.id });
  partnerTypeId = await employerType(t.db);
});
afterAll(() => t.close());

const recordedEvents = () =>
  queryRows<{ id: number; name: string; entity_id: string; payload: DomainEvent['payload'] }>(
    t.db,
    sql`select id, name, entity_id, payload from events order by id`,
  );

describe('domain events', () => {
  it('records an event with the public form of the record in the same transaction as the change, and none for a refused write', async () => {
    const created = await t.call(staff, 'POST', '/api/v1/partners', {
      name: 'Harrow Engineering',
      typeId: partnerTypeId,
    });
    expect(created.statusCode).toBe(201);
    const partner = created.json();
    const changed = await t.call(
      staff,
      'PATCH',
      `/api/v1/partners/${partner.id}`,
      { name: 'Harrow Engineering Ltd' },
      { 'if-match': '"v1"' },
    );
    expect(changed.statusCode).toBe(200);
    const before = (await recordedEvents()).length;
    // A stale version and an invalid body change nothing, so they publish nothing.
    expect(
      (await t.call(staff, 'PATCH', `/api/v1/partners/${partner.id}`, { name: 'X' }, { 'if-match': '"v1"' }))
        .statusCode,
    ).toBe(412);
    expect(
      (await t.call(staff, 'POST', '/api/v1/partners', { name: '', typeId: partnerTypeId })).statusCode,
    ).toBe(400);
    const rows = await recordedEvents();
    expect(rows).toHaveLength(before);
    const mine = rows.filter((e) => e.entity_id === partner.id);
    expect(mine.map((e) => e.name)).toEqual(['partner.created', 'partner.updated']);
    expect(mine[0]!.payload).toMatchObject({
      before: null,
      after: { id: partner.id, name: 'Harrow Engineering', version: 1 },
    });
    expect(mine[1]!.payload).toMatchObject({
      before: { name: 'Harrow Engineering', version: 1 },
      after: { name: 'Harrow Engineering Ltd', version: 2 },
    });
    // The audit entry is written beside it, in the same shape.
    const history = (await t.call(staff, 'GET', `/api/v1/partners/${partner.id}/history`)).json();
    expect(history.items.map((h: { action: string }) => h.action)).toEqual(['update', 'create']);
  });

  it('delivers every kind of event to a new subscriber without a change to any service', async () => {
    const partner = await buildPartner(t.db, { typeId: partnerTypeId });
    const tp = await t.call(staff, 'POST', '/api/v1/touchpoints', {
      partnerId: partner.id,
      kind: 'call',
      subject: 'Placements for spring',
    });
    expect(tp.statusCode).toBe(201);
    const request = await t.call(staff, 'POST', '/api/v1/requests', {
      partnerId: partner.id,
      kind: 'incident',
      title: 'Portal login fails',
      priority: 'high',
    });
    expect(request.statusCode).toBe(201);
    const id = request.json().id;
    expect(
      (await t.call(staff, 'POST', `/api/v1/requests/${id}/transition`, { to: 'triaged' })).statusCode,
    ).toBe(200);
    expect(
      (
        await t.call(staff, 'POST', `/api/v1/requests/${id}/comments`, {
          body: 'Looking into it',
          isShareable: false,
        })
      ).statusCode,
    ).toBe(201);
    expect(
      (await t.call(admin, 'POST', '/api/v1/units', { name: 'Careers Service', kind: 'service' })).statusCode,
    ).toBe(201);

    expect((await t.app.events.deliver()).failed).toBe(0);
    const all = await recordedEvents();
    // Everything recorded reached the recorder, each exactly once, and each record's events in
    // the order they were recorded.
    const ids = (events: { id: number }[]) => events.map((e) => Number(e.id)).sort((a, b) => a - b);
    expect(ids(received)).toEqual(ids(all));
    for (const entityId of new Set(received.map((e) => e.entityId))) {
      const ofRecord = received.filter((e) => e.entityId === entityId).map((e) => e.id);
      expect(ofRecord).toEqual([...ofRecord].sort((a, b) => a - b));
    }
    const names = new Set(received.map((e) => e.name));
    for (const name of [
      'touchpoint.created',
      'request.created',
      'request.transitioned',
      'request.commented',
      'unit.created',
      'partner.created',
      'partner.updated',
    ])
      expect(names).toContain(name);
    for (const name of names) expect(eventNames).toContain(name);
    const comment = received.find((e) => e.name === 'request.commented')!;
    expect(comment.payload.detail).toMatchObject({ body: 'Looking into it', isShareable: false });
    expect(comment.actor).toEqual({ kind: 'user', userId: staff.user.id, tokenId: null });
    // A second run delivers nothing twice.
    const again = await t.app.events.deliver();
    expect(again.delivered).toBe(0);
    expect(ids(received)).toEqual(ids(all));
  });

  it('retries a failing subscriber with back-off, in order per record, without holding up other records or subscribers', async () => {
    const failing = (
      await t.call(staff, 'POST', '/api/v1/partners', { name: 'Failing Ltd', typeId: partnerTypeId })
    ).json();
    flakyRecord = failing.id;
    remoteDown = true;
    expect(
      (
        await t.call(
          staff,
          'PATCH',
          `/api/v1/partners/${failing.id}`,
          { name: 'Failing Group' },
          { 'if-match': '"v1"' },
        )
      ).statusCode,
    ).toBe(200);
    const fine = (
      await t.call(staff, 'POST', '/api/v1/partners', { name: 'Fine Ltd', typeId: partnerTypeId })
    ).json();

    const first = await t.app.events.deliver();
    expect(first.failed).toBe(1);
    const delivered = (entityId: string) =>
      flakyDelivered.filter((e) => e.entityId === entityId).map((e) => e.name);
    expect(delivered(fine.id)).toEqual(['partner.created']);
    // The failed record's later event waits behind its first one.
    expect(delivered(failing.id)).toEqual([]);
    expect(received.filter((e) => e.entityId === failing.id).map((e) => e.name)).toEqual([
      'partner.created',
      'partner.updated',
    ]);
    const [pending] = await queryRows<{ attempts: number; last_error: string; wait: number }>(
      t.db,
      sql`select attempts, last_error, extract(epoch from next_attempt_at - now())::float as wait
          from event_deliveries d join events e on e.id = d.event_id
          where d.subscriber = 'test-flaky' and e.entity_id = ${failing.id} and d.delivered_at is null order by d.event_id limit 1`,
    );
    expect(pending).toMatchObject({ attempts: 1 });
    expect(pending!.last_error).toContain('the remote end is down');
    expect(pending!.wait).toBeGreaterThan(5);
    // Not due yet: nothing happens.
    expect((await t.app.events.deliver()).delivered).toBe(0);

    // Once the remote end is back and the retry is due, both events arrive, in order.
    remoteDown = false;
    await t.db.execute(
      sql`update event_deliveries set next_attempt_at = now() where subscriber = 'test-flaky' and delivered_at is null`,
    );
    await t.app.events.deliver();
    expect(delivered(failing.id)).toEqual(['partner.created', 'partner.updated']);
    const rolledBack = await queryRows<{ id: number }>(
      t.db,
      sql`select count(*)::int as id from flaky_writes`,
    ).catch(() => [{ id: -1 }]);
    // The failed attempt's write rolled back with it: one row per successful delivery only.
    expect(rolledBack[0]!.id).toBe(flakyDelivered.length);
  });
});
