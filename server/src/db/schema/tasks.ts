import { sql } from 'drizzle-orm';
import { date, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { id, versioned } from './columns.ts';
import { partners } from './partners.ts';
import { relationships } from './relationships.ts';
import { touchpoints } from './touchpoints.ts';
import { users } from './users.ts';

/** A follow-up task, linked to a touch point, a partner or a relationship. */
export const tasks = pgTable(
  'tasks',
  {
    id: id(),
    title: text('title').notNull(),
    assigneeId: uuid('assignee_id')
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    createdById: uuid('created_by_id')
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    dueOn: date('due_on', { mode: 'string' }),
    doneAt: timestamp('done_at', { withTimezone: true, precision: 3 }),
    touchpointId: uuid('touchpoint_id').references(() => touchpoints.id, { onDelete: 'restrict' }),
    partnerId: uuid('partner_id').references(() => partners.id, { onDelete: 'restrict' }),
    relationshipId: uuid('relationship_id').references(() => relationships.id, { onDelete: 'restrict' }),
    /** The due date the assignee was last reminded of; a new due date gets a new reminder. */
    remindedOn: date('reminded_on', { mode: 'string' }),
    ...versioned(),
  },
  (t) => [
    index('tasks_assignee_open_idx').on(t.assigneeId, t.dueOn).where(sql`done_at is null`),
    index('tasks_partner_idx').on(t.partnerId),
    index('tasks_touchpoint_idx').on(t.touchpointId),
    index('tasks_relationship_idx').on(t.relationshipId),
    // The reminder sweep: open tasks not yet reminded of their due date.
    index('tasks_unreminded_idx')
      .on(t.dueOn)
      .where(sql`done_at is null and due_on is not null and reminded_on is distinct from due_on`),
  ],
);
