import { pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { id, versioned } from './columns.ts';

/** A configurable group of partners (Employer, Funder, Academic School …). */
export const partnerTypes = pgTable(
  'partner_types',
  {
    id: id(),
    name: text('name').notNull(),
    description: text('description'),
    ...versioned(),
  },
  (t) => [uniqueIndex('partner_types_name_key').on(t.name)],
);
