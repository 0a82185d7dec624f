import { sql } from 'drizzle-orm';
import { check, index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { mergeKinds } from '../../../../common/src/labels/merges.ts';
import { id } from './columns.ts';
import { users } from './users.ts';

export { mergeKinds };

/**
 * Two or more partners (or contacts) made one: the survivor, the records merged into it, and
 * everything the merge did, step by step, so an unmerge within the grace period reverses it
 * exactly. The merged records' rows are kept here (they are deleted from their table), so the
 * ids carry no foreign key: they name records that may, for a while, not exist.
 */
export const merges = pgTable(
  'merges',
  {
    id: id(),
    kind: text('kind', { enum: mergeKinds }).notNull(),
    survivorId: uuid('survivor_id').notNull(),
    mergedIds: uuid('merged_ids').array().notNull(),
    /** The survivor's columns before the merge, and the values the merge gave it. */
    survivorBefore: jsonb('survivor_before').notNull(),
    survivorAfter: jsonb('survivor_after').notNull(),
    /** The merged records' rows as they were, to be put back by an unmerge. */
    records: jsonb('records').notNull(),
    /** The steps, in order: rows moved from one record to another, rows dropped as duplicates. */
    steps: jsonb('steps').notNull(),
    mergedById: uuid('merged_by_id')
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    mergedAt: timestamp('merged_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    unmergedAt: timestamp('unmerged_at', { withTimezone: true, precision: 3 }),
    unmergedById: uuid('unmerged_by_id').references(() => users.id, { onDelete: 'restrict' }),
  },
  (t) => [
    index('merges_survivor_idx').on(t.survivorId, t.mergedAt.desc()),
    index('merges_merged_idx').using('gin', t.mergedIds),
  ],
);

/**
 * A pair someone said is not a duplicate: never proposed again. The pair is stored in id order
 * (first < second), so it is one row whichever way round it was dismissed.
 */
export const duplicateDismissals = pgTable(
  'duplicate_dismissals',
  {
    id: id(),
    kind: text('kind', { enum: mergeKinds }).notNull(),
    firstId: uuid('first_id').notNull(),
    secondId: uuid('second_id').notNull(),
    dismissedById: uuid('dismissed_by_id')
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    dismissedAt: timestamp('dismissed_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('duplicate_dismissals_pair_key').on(t.kind, t.firstId, t.secondId),
    index('duplicate_dismissals_second_idx').on(t.secondId),
    check('duplicate_dismissals_in_order', sql`${t.firstId} < ${t.secondId}`),
  ],
);
