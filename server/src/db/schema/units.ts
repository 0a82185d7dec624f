import { type AnyPgColumn, index, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { unitKinds } from '../../../../common/src/contracts/units.ts';
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
    ...versioned(),
  },
  (t) => [index('units_parent_idx').on(t.parentId), uniqueIndex('units_code_key').on(t.code)],
);
