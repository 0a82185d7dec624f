import { sql } from 'drizzle-orm';
import {
  check,
  index,
  integer,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type { ChecklistItem } from '../../../../common/src/labels/assessments.ts';
import { id } from './columns.ts';
import { contacts } from './contacts.ts';
import { relationships } from './relationships.ts';
import { tasks } from './tasks.ts';
import { units } from './units.ts';
import { users } from './users.ts';

/**
 * One maturity assessment of a relationship on the relationship manager's checklist: the
 * assessor's side, and (when asked) the partner's key contact's side by a private single-use
 * link, whose token is shown once (or e-mailed to them, kept only until sent) and of which only the
 * hash is kept (as a survey's).
 */
export const assessments = pgTable(
  'assessments',
  {
    id: id(),
    relationshipId: uuid('relationship_id')
      .notNull()
      .references(() => relationships.id, { onDelete: 'cascade' }),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => units.id, { onDelete: 'restrict' }),
    assessedById: uuid('assessed_by_id')
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    /** The mean of the assessor's scores in hundredths (0–400), and the stage it gives. */
    meanScore: integer('mean_score').notNull(),
    stage: text('stage').notNull(),
    partnerContactId: uuid('partner_contact_id').references(() => contacts.id, { onDelete: 'restrict' }),
    partnerTokenHash: text('partner_token_hash'),
    partnerClosesAt: timestamp('partner_closes_at', { withTimezone: true, precision: 3 }),
    /** The partner's link while its e-mail waits to go (erased when sent or dropped); null otherwise. */
    partnerToken: text('partner_token'),
    /** When the link was e-mailed to the key contact. */
    partnerEmailedAt: timestamp('partner_emailed_at', { withTimezone: true, precision: 3 }),
    partnerAnsweredAt: timestamp('partner_answered_at', { withTimezone: true, precision: 3 }),
    partnerMeanScore: integer('partner_mean_score'),
    partnerStage: text('partner_stage'),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    index('assessments_relationship_idx').on(t.relationshipId, t.createdAt),
    uniqueIndex('assessments_partner_token_key').on(t.partnerTokenHash),
    index('assessments_unsent_idx').on(t.createdAt).where(sql`partner_token is not null`),
    check('assessments_mean_range', sql`${t.meanScore} between 0 and 400`),
  ],
);

/** One item of an assessment, scored by one side ('unit' or 'partner'). */
export const assessmentItems = pgTable(
  'assessment_items',
  {
    assessmentId: uuid('assessment_id')
      .notNull()
      .references(() => assessments.id, { onDelete: 'cascade' }),
    side: text('side', { enum: ['unit', 'partner'] }).notNull(),
    item: text('item').$type<ChecklistItem>().notNull(),
    score: smallint('score').notNull(),
    /** The assessor's evidence, or the partner's comment. */
    evidence: text('evidence'),
    action: text('action'),
    /** The task the improvement action became. */
    taskId: uuid('task_id').references(() => tasks.id, { onDelete: 'set null' }),
  },
  (t) => [
    primaryKey({ columns: [t.assessmentId, t.side, t.item] }),
    check('assessment_items_score_range', sql`${t.score} between 0 and 4`),
  ],
);
