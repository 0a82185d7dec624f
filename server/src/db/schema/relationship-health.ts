import {
  boolean,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import type { HealthPart, HealthWeights } from '../../../../common/src/contracts/relationship-health.ts';
import { relationships } from './relationships.ts';
import { users } from './users.ts';

/** Whose view of the data a kept score is computed from (see the relationship-health README section). */
export const healthAudiences = ['institution', 'unit', 'all'] as const;

/** Versions of the rule that weighs the parts of a health score. A change adds a version; none is ever rewritten. */
export const healthRules = pgTable('health_rules', {
  version: integer('version').primaryKey(),
  weights: jsonb('weights').$type<HealthWeights>().notNull(),
  createdById: uuid('created_by_id').references(() => users.id, { onDelete: 'restrict' }),
  createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
});

/**
 * The current score of each relationship, kept for each audience: what everyone may read
 * (`institution`), that and the relationship's unit's own records (`unit`), and every record
 * (`all`, administrators). Kept current by the health subscriber, read by every screen.
 */
export const relationshipHealth = pgTable(
  'relationship_health',
  {
    relationshipId: uuid('relationship_id')
      .notNull()
      .references(() => relationships.id, { onDelete: 'cascade' }),
    audience: text('audience', { enum: healthAudiences }).notNull(),
    score: smallint('score'),
    parts: jsonb('parts').$type<HealthPart[]>().notNull(),
    ruleVersion: integer('rule_version').notNull(),
    /** Whether confidential records fed it: their named readers get a score computed for them. */
    hasConfidential: boolean('has_confidential').notNull().default(false),
    computedAt: timestamp('computed_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.relationshipId, t.audience] })],
);

/** One score a day per relationship and audience, for trends; written by the daily snapshot job. */
export const relationshipHealthSnapshots = pgTable(
  'relationship_health_snapshots',
  {
    relationshipId: uuid('relationship_id')
      .notNull()
      .references(() => relationships.id, { onDelete: 'cascade' }),
    audience: text('audience', { enum: healthAudiences }).notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    score: smallint('score'),
    ruleVersion: integer('rule_version').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.relationshipId, t.audience, t.day] }),
    index('relationship_health_snapshots_day_idx').on(t.day),
  ],
);
