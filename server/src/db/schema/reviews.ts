import { sql } from 'drizzle-orm';
import { check, date, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { reviewStatuses } from '../../../../common/src/labels/reviews.ts';
import { agreements } from './agreements.ts';
import { id, versioned } from './columns.ts';
import { contacts } from './contacts.ts';
import { relationships } from './relationships.ts';
import { tasks } from './tasks.ts';
import { units } from './units.ts';
import { users } from './users.ts';

const day = (name: string) => date(name, { mode: 'string' });

/**
 * A review of a relationship, scheduled from its review date or a governing agreement's. The
 * agenda is not stored: it is built for each reader from the records they may see. `unit_id` is
 * the relationship's, copied so the senior view reads a unit's overdue reviews from one index.
 */
export const relationshipReviews = pgTable(
  'relationship_reviews',
  {
    id: id(),
    relationshipId: uuid('relationship_id')
      .notNull()
      .references(() => relationships.id, { onDelete: 'restrict' }),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => units.id, { onDelete: 'restrict' }),
    agreementId: uuid('agreement_id').references(() => agreements.id, { onDelete: 'restrict' }),
    status: text('status', { enum: reviewStatuses }).notNull().default('scheduled'),
    scheduledFor: day('scheduled_for').notNull(),
    heldOn: day('held_on'),
    minutes: text('minutes'),
    /** The date its manager was last reminded it is due for: one reminder per date. */
    remindedFor: day('reminded_for'),
    createdById: uuid('created_by_id')
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    ...versioned(),
  },
  (t) => [
    check('relationship_reviews_held', sql`(${t.status} = 'held') = (${t.heldOn} is not null)`),
    index('relationship_reviews_relationship_idx').on(t.relationshipId, t.scheduledFor),
    index('relationship_reviews_due_idx').on(t.scheduledFor).where(sql`status = 'scheduled'`),
    index('relationship_reviews_agreement_idx').on(t.agreementId),
  ],
);

/** An action agreed at a review, owned by a member of staff or a partner's contact; a task tracks it. */
export const reviewActions = pgTable(
  'review_actions',
  {
    id: id(),
    reviewId: uuid('review_id')
      .notNull()
      .references(() => relationshipReviews.id, { onDelete: 'cascade' }),
    description: text('description').notNull(),
    ownerUserId: uuid('owner_user_id').references(() => users.id, { onDelete: 'restrict' }),
    ownerContactId: uuid('owner_contact_id').references(() => contacts.id, { onDelete: 'restrict' }),
    dueOn: day('due_on').notNull(),
    taskId: uuid('task_id')
      .notNull()
      .references(() => tasks.id, { onDelete: 'restrict' }),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    check('review_actions_one_owner', sql`(${t.ownerUserId} is null) <> (${t.ownerContactId} is null)`),
    index('review_actions_review_idx').on(t.reviewId),
    index('review_actions_contact_idx').on(t.ownerContactId),
    index('review_actions_task_idx').on(t.taskId),
  ],
);
