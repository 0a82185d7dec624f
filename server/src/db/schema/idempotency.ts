import { bigint, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/** The first answer to a POST with an Idempotency-Key, replayed for a repeat of the same key. */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    userId: uuid('user_id').notNull(),
    key: text('key').notNull(),
    method: text('method').notNull(),
    path: text('path').notNull(),
    requestHash: text('request_hash').notNull(),
    statusCode: integer('status_code'),
    body: jsonb('body'),
    headers: jsonb('headers'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    /** Which server process holds the claim (host:pid:boot id), for people reading the table. */
    owner: text('owner'),
    /** The request holding the claim: its audit entries say whether its write committed. */
    requestId: text('request_id'),
    /** The owner renews this while it runs; a claim with no answer past it was abandoned. */
    leaseUntil: timestamp('lease_until', { withTimezone: true }),
    /** The newest audit entry when the claim was taken: the request's own entries come after it. */
    auditAfter: bigint('audit_after', { mode: 'number' }),
  },
  (t) => [primaryKey({ columns: [t.userId, t.key] })],
);
