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

/**
 * Takes whole batches of touch point events, writing a row per event in each. A batch that
 * holds the bad record's event is refused; taken one at a time, only that event is.
 */
let badRecord = '';
const batches: number[][] = [];
const oneByOne: DomainEvent[] = [];
const batcher: Subscriber = {
  name: 'test-batcher',
  events: ['touchpoint.created'],
  async handle(event, tx) {
    await tx.execute(sql`insert into batcher_writes values (${event.id}, 'one')`);
    if (event.entityId === badRecord) throw new Error('this touch point cannot be taken');
    oneByOne.push(event);
  },
  async handleBatch(events, tx) {
    batches.push(events.map((e) => e.id));
    for (const event of events)
      await tx.execute(sql`insert into batcher_writes values (${event.id}, 'batch')`);
    if (events.some((e) => e.entityId === badRecord)) throw new Error('a bad touch point in the batch');
  },
};

let t: TestApp;
let staff: Agent;
let admin: Agent;
let partnerTypeId: string;

beforeAll(async () => {
  t = await createTestApp({}, { subscribers: [recorder, flaky, batcher] });
  await t.db.execute(sql`create table batcher_writes (event_id bigint not null, via text not null)`);
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

  describe('a subscriber that takes whole batches', () => {
    const touchpoints = async (n: number) => {
      const partner = await buildPartner(t.db, { typeId: partnerTypeId });
      const ids: string[] = [];
      for (let i = 0; i < n; i++) {
        const res = await t.call(staff, 'POST', '/api/v1/touchpoints', {
          partnerId: partner.id,
          kind: 'call',
          subject: `Placement review ${i + 1}`,
        });
        expect(res.statusCode).toBe(201);
        ids.push(res.json().id);
      }
      return ids;
    };
    /** The touch points' creation events, oldest first. */
    const eventsOf = async (touchpointIds: string[]) =>
      (await recordedEvents())
        .filter((e) => e.name === 'touchpoint.created' && touchpointIds.includes(e.entity_id))
        .map((e) => ({ id: Number(e.id), entityId: e.entity_id }));
    const deliveries = (eventIds: number[]) =>
      queryRows<{
        event_id: number;
        attempts: number;
        delivered: boolean;
        last_error: string | null;
        wait: number;
      }>(
        t.db,
        sql`select event_id, attempts, delivered_at is not null as delivered, last_error,
                   extract(epoch from next_attempt_at - now())::float as wait
            from event_deliveries where subscriber = 'test-batcher'
            and event_id in (${sql.join(
              eventIds.map((id) => sql`${id}`),
              sql`, `,
            )}) order by event_id`,
      );
    const writes = (eventIds: number[]) =>
      queryRows<{ event_id: number; via: string }>(
        t.db,
        sql`select event_id, via from batcher_writes where event_id in (${sql.join(
          eventIds.map((id) => sql`${id}`),
          sql`, `,
        )}) order by event_id, via`,
      );
    const reset = async () => {
      await t.app.events.deliver();
      batches.length = 0;
      oneByOne.length = 0;
    };

    it('is called once for a claimed batch, and all its events are marked delivered together', async () => {
      await reset();
      const ids = await touchpoints(6);
      const events = await eventsOf(ids);
      expect(events).toHaveLength(6);

      expect((await t.app.events.deliver()).failed).toBe(0);
      expect(batches).toEqual([events.map((e) => e.id)]);
      expect(oneByOne).toEqual([]);
      const rows = await deliveries(events.map((e) => e.id));
      expect(rows.map((r) => [Number(r.event_id), r.delivered, r.attempts])).toEqual(
        events.map((e) => [e.id, true, 1]),
      );
      // What the batch wrote committed with the marks.
      expect((await writes(events.map((e) => e.id))).map((w) => w.via)).toEqual(Array(6).fill('batch'));
    });

    it('when the batch fails, delivers the events one at a time: only the bad one fails, and waits for its retry', async () => {
      await reset();
      const ids = await touchpoints(5);
      const events = await eventsOf(ids);
      const eventIds = events.map((e) => e.id);
      badRecord = ids[2]!;
      const bad = events.find((e) => e.entityId === badRecord)!.id;

      const first = await t.app.events.deliver();
      expect(first.failed).toBe(1);
      expect(batches).toEqual([eventIds]);
      expect(oneByOne.map((e) => e.id)).toEqual(eventIds.filter((id) => id !== bad));
      const rows = await deliveries(eventIds);
      for (const row of rows) {
        if (Number(row.event_id) === bad) {
          expect(row).toMatchObject({ delivered: false, attempts: 1 });
          expect(row.last_error).toContain('this touch point cannot be taken');
          expect(row.wait).toBeGreaterThan(5);
        } else expect(row).toMatchObject({ delivered: true, attempts: 1, last_error: null });
      }
      // The refused batch's writes rolled back, and so did the bad event's own attempt.
      expect((await writes(eventIds)).map((w) => [Number(w.event_id), w.via])).toEqual(
        eventIds.filter((id) => id !== bad).map((id) => [id, 'one']),
      );

      // Its retry, once due, delivers it.
      badRecord = '';
      await t.db.execute(
        sql`update event_deliveries set next_attempt_at = now() where subscriber = 'test-batcher' and delivered_at is null`,
      );
      expect((await t.app.events.deliver()).failed).toBe(0);
      expect((await deliveries([bad]))[0]).toMatchObject({ delivered: true, attempts: 2 });
      expect(oneByOne.map((e) => e.id)).toContain(bad);
    });
  });
});
