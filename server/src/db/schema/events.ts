import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import type { EventActor, EventPayload } from '../../../../common/src/events.ts';

/**
 * Domain events (common/src/events.ts names them), written in the same transaction as the
 * change they describe. `dispatched_at` is set once the dispatcher has fanned the event out to
 * every subscriber's deliveries; until then a partial index finds it.
 */
export const events = pgTable(
  'events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    name: text('name').notNull(),
    entity: text('entity').notNull(),
    entityId: uuid('entity_id').notNull(),
    actor: jsonb('actor').$type<EventActor>().notNull(),
    requestId: text('request_id'),
    payload: jsonb('payload').$type<EventPayload>().notNull(),
    at: timestamp('at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    dispatchedAt: timestamp('dispatched_at', { withTimezone: true, precision: 3 }),
  },
  (t) => [
    index('events_undispatched_idx').on(t.id).where(sql`dispatched_at is null`),
    index('events_entity_idx').on(t.entity, t.entityId, t.id),
  ],
);

/**
 * One event for one subscriber: what is still to deliver, what failed (and when to retry), and
 * what was delivered. Deliveries of one record's events run in event order for each subscriber.
 */
export const eventDeliveries = pgTable(
  'event_deliveries',
  {
    subscriber: text('subscriber').notNull(),
    eventId: bigint('event_id', { mode: 'number' })
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    /** `<entity>:<id>`: deliveries with the same key are delivered in order. */
    recordKey: text('record_key').notNull(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    lastError: text('last_error'),
    deliveredAt: timestamp('delivered_at', { withTimezone: true, precision: 3 }),
  },
  (t) => [
    primaryKey({ columns: [t.subscriber, t.eventId] }),
    index('event_deliveries_due_idx').on(t.subscriber, t.nextAttemptAt).where(sql`delivered_at is null`),
    index('event_deliveries_record_idx')
      .on(t.subscriber, t.recordKey, t.eventId)
      .where(sql`delivered_at is null`),
  ],
);
