import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { planChannels, planDirections } from '../../../../common/src/labels/communication-plans.ts';
import { id, versioned } from './columns.ts';
import { contacts } from './contacts.ts';
import { partnerTypes } from './partner-types.ts';
import { relationships } from './relationships.ts';
import { users } from './users.ts';

/** The levels at which people talk to each other (configurable: "Director", "Operational"). */
export const communicationLevels = pgTable(
  'communication_levels',
  {
    id: id(),
    name: text('name').notNull(),
    rank: integer('rank').notNull().default(100),
    ...versioned(),
  },
  (t) => [uniqueIndex('communication_levels_name_key').on(sql`lower(${t.name})`)],
);

/**
 * One planned flow of communication: a partner type's default (partner_type_id) or a
 * relationship's own item (relationship_id), which may override one default (replaces_item_id).
 */
export const communicationPlanItems = pgTable(
  'communication_plan_items',
  {
    id: id(),
    partnerTypeId: uuid('partner_type_id').references(() => partnerTypes.id, { onDelete: 'cascade' }),
    relationshipId: uuid('relationship_id').references(() => relationships.id, { onDelete: 'cascade' }),
    replacesItemId: uuid('replaces_item_id'),
    purpose: text('purpose').notNull(),
    channel: text('channel', { enum: planChannels }).notNull(),
    direction: text('direction', { enum: planDirections }).notNull(),
    frequencyDays: integer('frequency_days').notNull(),
    ownerId: uuid('owner_id').references(() => users.id, { onDelete: 'restrict' }),
    ...versioned(),
  },
  (t) => [
    check(
      'communication_plan_items_one_owner',
      sql`(${t.partnerTypeId} is null) <> (${t.relationshipId} is null)`,
    ),
    check('communication_plan_items_frequency', sql`${t.frequencyDays} between 1 and 366`),
    index('communication_plan_items_type_idx').on(t.partnerTypeId),
    index('communication_plan_items_relationship_idx').on(t.relationshipId),
  ],
);

/** The levels a plan item connects. */
export const communicationPlanItemLevels = pgTable(
  'communication_plan_item_levels',
  {
    itemId: uuid('item_id')
      .notNull()
      .references(() => communicationPlanItems.id, { onDelete: 'cascade' }),
    levelId: uuid('level_id')
      .notNull()
      .references(() => communicationLevels.id, { onDelete: 'restrict' }),
  },
  (t) => [
    primaryKey({ columns: [t.itemId, t.levelId] }),
    index('communication_plan_item_levels_level_idx').on(t.levelId),
  ],
);

/** Who talks to whom at a level, for one relationship: a member of staff and a partner's contact. */
export const peerPairs = pgTable(
  'peer_pairs',
  {
    id: id(),
    relationshipId: uuid('relationship_id')
      .notNull()
      .references(() => relationships.id, { onDelete: 'cascade' }),
    levelId: uuid('level_id')
      .notNull()
      .references(() => communicationLevels.id, { onDelete: 'restrict' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    contactId: uuid('contact_id')
      .notNull()
      .references(() => contacts.id, { onDelete: 'restrict' }),
    cadenceDays: integer('cadence_days').notNull(),
    ...versioned(),
  },
  (t) => [
    uniqueIndex('peer_pairs_key').on(t.relationshipId, t.levelId, t.userId, t.contactId),
    index('peer_pairs_user_idx').on(t.userId),
    index('peer_pairs_contact_idx').on(t.contactId),
    check('peer_pairs_cadence', sql`${t.cadenceDays} between 1 and 366`),
  ],
);
