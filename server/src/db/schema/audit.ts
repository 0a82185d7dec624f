import {
  bigserial,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { auditActions } from '../../../../common/src/labels/audit.ts';
import { units } from './units.ts';

/** Who changed what, when, before and after: written in the same transaction as the change. */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    entity: text('entity').notNull(),
    entityId: uuid('entity_id').notNull(),
    action: text('action', { enum: auditActions }).notNull(),
    actorUserId: uuid('actor_user_id'),
    actorTokenId: uuid('actor_token_id'),
    /** Set when a partner's contact made the change (the partner portal). */
    actorContactId: uuid('actor_contact_id'),
    requestId: text('request_id'),
    before: jsonb('before'),
    after: jsonb('after'),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('audit_log_entity_idx').on(t.entity, t.entityId, t.id)],
);

/**
 * How often a unit's staff opened records another unit recorded, per month: the "reads" side of
 * who shares (the institution's stage). A counter, bumped when a touch point of another unit is
 * opened or listed on a timeline page; it names no record.
 */
export const unitReads = pgTable(
  'unit_reads',
  {
    readerUnitId: uuid('reader_unit_id')
      .notNull()
      .references(() => units.id, { onDelete: 'cascade' }),
    ownerUnitId: uuid('owner_unit_id')
      .notNull()
      .references(() => units.id, { onDelete: 'cascade' }),
    /** The first day of the month (UTC). */
    month: date('month').notNull(),
    reads: integer('reads').notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.readerUnitId, t.ownerUnitId, t.month] }),
    index('unit_reads_month_idx').on(t.month),
  ],
);
