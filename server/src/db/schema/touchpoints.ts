import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  index,
  integer,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { touchpointKinds } from '../../../../common/src/labels/touchpoints.ts';
import { visibilities } from '../../../../common/src/labels/visibility.ts';
import { id, versioned } from './columns.ts';
import { contacts } from './contacts.ts';
import { partners } from './partners.ts';
import { relationships } from './relationships.ts';
import { tsvector } from './search.ts';
import { units } from './units.ts';
import { users } from './users.ts';

export { touchpointKinds, visibilities };

/** Any interaction of any member of staff with a partner. */
export const touchpoints = pgTable(
  'touchpoints',
  {
    id: id(),
    partnerId: uuid('partner_id')
      .notNull()
      .references(() => partners.id, { onDelete: 'restrict' }),
    relationshipId: uuid('relationship_id').references(() => relationships.id, { onDelete: 'restrict' }),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => units.id, { onDelete: 'restrict' }),
    authorId: uuid('author_id')
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    kind: text('kind', { enum: touchpointKinds }).notNull(),
    isFormal: boolean('is_formal').notNull().default(false),
    occurredAt: timestamp('occurred_at', { withTimezone: true, precision: 3 }).notNull(),
    subject: text('subject').notNull(),
    notes: text('notes'),
    sentiment: smallint('sentiment'),
    visibility: text('visibility', { enum: visibilities }).notNull().default('institution'),
    search: tsvector('search').generatedAlwaysAs(
      sql`setweight(to_tsvector('english', coalesce(subject, '')), 'A') || setweight(to_tsvector('english', coalesce(notes, '')), 'B')`,
    ),
    ...versioned(),
  },
  (t) => [
    check('touchpoints_sentiment_range', sql`${t.sentiment} between -2 and 2`),
    // A partner's timeline, counts and last contact are read from touchpoint_partners; this one
    // serves the primary partner's foreign key (deleting a partner) and its merge.
    index('touchpoints_partner_unit_idx').on(t.partnerId, t.unitId, t.occurredAt.desc()),
    index('touchpoints_relationship_idx').on(t.relationshipId, t.occurredAt.desc()),
    index('touchpoints_author_idx').on(t.authorId, t.createdAt.desc()),
    index('touchpoints_unit_idx').on(t.unitId, t.occurredAt.desc()),
    index('touchpoints_search_idx').using('gin', t.search),
  ],
);

/** Members of staff who took part. */
export const touchpointStaff = pgTable(
  'touchpoint_staff',
  {
    touchpointId: uuid('touchpoint_id')
      .notNull()
      .references(() => touchpoints.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
  },
  (t) => [
    primaryKey({ columns: [t.touchpointId, t.userId] }),
    index('touchpoint_staff_user_idx').on(t.userId),
  ],
);

/** Partner contacts who took part. */
export const touchpointContacts = pgTable(
  'touchpoint_contacts',
  {
    touchpointId: uuid('touchpoint_id')
      .notNull()
      .references(() => touchpoints.id, { onDelete: 'cascade' }),
    contactId: uuid('contact_id')
      .notNull()
      .references(() => contacts.id, { onDelete: 'restrict' }),
  },
  (t) => [
    primaryKey({ columns: [t.touchpointId, t.contactId] }),
    index('touchpoint_contacts_contact_idx').on(t.contactId),
  ],
);

/** The named people who may see a confidential touch point (the author is always named). */
export const touchpointReaders = pgTable(
  'touchpoint_readers',
  {
    touchpointId: uuid('touchpoint_id')
      .notNull()
      .references(() => touchpoints.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
  },
  (t) => [
    primaryKey({ columns: [t.touchpointId, t.userId] }),
    index('touchpoint_readers_user_idx').on(t.userId),
  ],
);

/**
 * Every partner a touch point concerns, the primary one (touchpoints.partner_id) included: a
 * joint meeting or one roadshow for twelve Schools is on each partner's timeline and counted once
 * per partner. The time, unit, kind and visibility are copies of the touch point's, kept by the
 * database (triggers in migration 0013, so every insert path, bulk loads included, keeps them):
 * a partner's timeline pages, counts and last contact are then read from this table's indexes.
 */
export const touchpointPartners = pgTable(
  'touchpoint_partners',
  {
    touchpointId: uuid('touchpoint_id')
      .notNull()
      .references(() => touchpoints.id, { onDelete: 'cascade' }),
    partnerId: uuid('partner_id')
      .notNull()
      .references(() => partners.id, { onDelete: 'restrict' }),
    occurredAt: timestamp('occurred_at', { withTimezone: true, precision: 3 }).notNull(),
    unitId: uuid('unit_id').notNull(),
    kind: text('kind', { enum: touchpointKinds }).notNull(),
    visibility: text('visibility', { enum: visibilities }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.touchpointId, t.partnerId] }),
    // Unit, kind and visibility ride along after the sort key, so a partner's counts by unit and
    // kind (the overview's last twelve months) are read from the index alone, not the table.
    index('touchpoint_partners_timeline_idx').on(
      t.partnerId,
      t.occurredAt.desc(),
      t.touchpointId.desc(),
      t.unitId,
      t.kind,
      t.visibility,
    ),
    index('touchpoint_partners_unit_idx').on(t.partnerId, t.unitId, t.occurredAt.desc()),
    // The confidential rows of a partner's year, which the kept counts leave to be counted live
    // (each needs its named-reader check): a few, found without walking the year's other rows.
    index('touchpoint_partners_confidential_idx')
      .on(t.partnerId, t.occurredAt, t.unitId, t.kind, t.touchpointId)
      .where(sql`visibility = 'confidential'`),
  ],
);

/**
 * Kept counts: how many of a partner's touch points (touchpoint_partners rows, so a joint one
 * counts for each partner) each unit logged of each kind in each month (UTC), by visibility.
 * Confidential rows are not kept: who may count them depends on their named readers, so they
 * are counted live. Kept by statement triggers on touchpoint_partners (migration 0054) in the
 * writing transaction, so every path that writes touch points keeps them: the API, bulk
 * creates, corrections, deletes, partner merges, imports and erasure alike. A partner's
 * overview reads its full months from here and counts the partial ones live.
 */
export const touchpointCounts = pgTable(
  'touchpoint_counts',
  {
    partnerId: uuid('partner_id').notNull(),
    month: date('month', { mode: 'string' }).notNull(),
    unitId: uuid('unit_id').notNull(),
    kind: text('kind', { enum: touchpointKinds }).notNull(),
    visibility: text('visibility', { enum: visibilities }).notNull(),
    count: integer('count').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.partnerId, t.month, t.unitId, t.kind, t.visibility] }),
    check('touchpoint_counts_not_confidential', sql`${t.visibility} <> 'confidential'`),
    check('touchpoint_counts_not_negative', sql`${t.count} >= 0`),
  ],
);
