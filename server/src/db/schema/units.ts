import { type AnyPgColumn, index, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { id, versioned } from './columns.ts';

export const unitKinds = ['faculty', 'school', 'department', 'service', 'office'] as const;

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
