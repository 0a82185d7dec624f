import {
  type AnyPgColumn,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { unitKinds } from '../../../../common/src/labels/units.ts';
import { visibilities } from '../../../../common/src/labels/visibility.ts';
import { id, versioned } from './columns.ts';

export { unitKinds };

/** An organisational unit of the university; units form a tree. */
export const units = pgTable(
  'units',
  {
    id: id(),
    name: text('name').notNull(),
    code: text('code'),
    kind: text('kind', { enum: unitKinds }).notNull(),
    parentId: uuid('parent_id').references((): AnyPgColumn => units.id, { onDelete: 'restrict' }),
    description: text('description'),
    /**
     * Who sees what the unit records when the writer does not say: its touch points, typed in
     * or imported. A counselling service keeps its own to itself; most units share.
     */
    defaultVisibility: text('default_visibility', { enum: visibilities }).notNull().default('institution'),
    ...versioned(),
  },
  (t) => [index('units_parent_idx').on(t.parentId), uniqueIndex('units_code_key').on(t.code)],
);

/**
 * The unit tree as a closure table: one row for every unit and each of its ancestors (and
 * itself, at depth 0). "Which units are below mine" is then one indexed lookup, which the
 * audience rule needs on every read by a senior manager. A trigger rebuilds it whenever units
 * are added or one is moved (migration 0007), whichever path writes them.
 */
export const unitAncestry = pgTable(
  'unit_ancestry',
  {
    ancestorId: uuid('ancestor_id')
      .notNull()
      .references(() => units.id, { onDelete: 'cascade' }),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => units.id, { onDelete: 'cascade' }),
    depth: integer('depth').notNull(),
  },
  (t) => [primaryKey({ columns: [t.ancestorId, t.unitId] }), index('unit_ancestry_unit_idx').on(t.unitId)],
);
