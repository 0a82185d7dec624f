import { date, index, integer, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { relationshipStages, relationshipStatuses } from '../../../../common/src/labels/relationships.ts';
import { id, versioned } from './columns.ts';
import { partners } from './partners.ts';
import { units } from './units.ts';
import { users } from './users.ts';

export { relationshipStages, relationshipStatuses };

/** The managed link between one unit (the provider) and one partner. */
export const relationships = pgTable(
  'relationships',
  {
    id: id(),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => units.id, { onDelete: 'restrict' }),
    partnerId: uuid('partner_id')
      .notNull()
      .references(() => partners.id, { onDelete: 'restrict' }),
    managerId: uuid('manager_id').references(() => users.id, { onDelete: 'restrict' }),
    stage: text('stage', { enum: relationshipStages }).notNull().default('getting_to_know'),
    status: text('status', { enum: relationshipStatuses }).notNull().default('active'),
    objectives: text('objectives'),
    cadenceDays: integer('cadence_days'),
    startDate: date('start_date', { mode: 'string' }),
    reviewDate: date('review_date', { mode: 'string' }),
    ...versioned(),
  },
  (t) => [
    uniqueIndex('relationships_unit_partner_key').on(t.unitId, t.partnerId),
    index('relationships_partner_idx').on(t.partnerId),
    index('relationships_manager_idx').on(t.managerId),
  ],
);

/** Deputies who stand in for a relationship's manager. */
export const relationshipDeputies = pgTable(
  'relationship_deputies',
  {
    relationshipId: uuid('relationship_id')
      .notNull()
      .references(() => relationships.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
  },
  (t) => [
    primaryKey({ columns: [t.relationshipId, t.userId] }),
    index('relationship_deputies_user_idx').on(t.userId),
  ],
);
