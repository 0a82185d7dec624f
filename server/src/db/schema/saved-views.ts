import { sql } from 'drizzle-orm';
import { check, index, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { savedViewSharings } from '../../../../common/src/lists/catalogue.ts';
import { id, versioned } from './columns.ts';
import { units } from './units.ts';
import { users } from './users.ts';

/**
 * A named set of filters and a sort for one list (the query string the list takes), kept for
 * its owner, or shared with a unit or the whole institution.
 */
export const savedViews = pgTable(
  'saved_views',
  {
    id: id(),
    /** The list's name, e.g. "partners" (common/src/lists/catalogue.ts). */
    list: text('list').notNull(),
    name: text('name').notNull(),
    /** The filters and sort as a canonical query string, without paging. */
    query: text('query').notNull().default(''),
    sharing: text('sharing', { enum: savedViewSharings }).notNull().default('personal'),
    ownerId: uuid('owner_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** The unit a 'unit' view is shared with; null otherwise. */
    unitId: uuid('unit_id').references(() => units.id, { onDelete: 'cascade' }),
    ...versioned(),
  },
  (t) => [
    uniqueIndex('saved_views_owner_list_name_key').on(t.ownerId, t.list, t.name),
    index('saved_views_list_unit_idx').on(t.list, t.unitId),
    index('saved_views_list_sharing_idx').on(t.list, t.sharing),
    check('saved_views_unit_sharing', sql`(${t.sharing} = 'unit') = (${t.unitId} is not null)`),
  ],
);
