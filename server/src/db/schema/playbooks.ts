import { sql } from 'drizzle-orm';
import { bigint, check, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { playbookRunReasons, playbookStepKinds } from '../../../../common/src/labels/playbooks.ts';
import { touchpointKinds } from '../../../../common/src/labels/touchpoints.ts';
import { id, versioned } from './columns.ts';
import { partnerTypes } from './partner-types.ts';
import { relationships } from './relationships.ts';
import { users } from './users.ts';

/** One step of a partner type's getting-to-know-you playbook, in order. */
export const playbookSteps = pgTable(
  'playbook_steps',
  {
    id: id(),
    partnerTypeId: uuid('partner_type_id')
      .notNull()
      .references(() => partnerTypes.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    title: text('title').notNull(),
    completesWhen: text('completes_when', { enum: playbookStepKinds }).notNull(),
    touchpointKind: text('touchpoint_kind', { enum: touchpointKinds }),
    ...versioned(),
  },
  (t) => [
    check(
      'playbook_steps_touchpoint_kind',
      sql`(${t.completesWhen} = 'touchpoint') = (${t.touchpointKind} is not null)`,
    ),
    index('playbook_steps_type_idx').on(t.partnerTypeId, t.position),
  ],
);

/**
 * A run of the playbook for one relationship, begun when it started or changed manager. The
 * steps are copied at the start, so later edits to the playbook leave runs under way alone.
 * `started_by_event` makes the start idempotent (a subscriber may see its event twice); it is
 * null only for runs loaded in bulk (the demo).
 */
export const playbookRuns = pgTable(
  'playbook_runs',
  {
    id: id(),
    relationshipId: uuid('relationship_id')
      .notNull()
      .references(() => relationships.id, { onDelete: 'cascade' }),
    managerId: uuid('manager_id').references(() => users.id, { onDelete: 'restrict' }),
    reason: text('reason', { enum: playbookRunReasons }).notNull(),
    startedByEvent: bigint('started_by_event', { mode: 'number' }).unique(),
    startedAt: timestamp('started_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    ...versioned(),
  },
  (t) => [index('playbook_runs_relationship_idx').on(t.relationshipId, t.startedAt)],
);

/** A run's copy of a step, and its tick by hand (who, when, the evidence) where it has one. */
export const playbookRunSteps = pgTable(
  'playbook_run_steps',
  {
    id: id(),
    runId: uuid('run_id')
      .notNull()
      .references(() => playbookRuns.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    title: text('title').notNull(),
    completesWhen: text('completes_when', { enum: playbookStepKinds }).notNull(),
    touchpointKind: text('touchpoint_kind', { enum: touchpointKinds }),
    tickedAt: timestamp('ticked_at', { withTimezone: true, precision: 3 }),
    tickedById: uuid('ticked_by_id').references(() => users.id, { onDelete: 'restrict' }),
    evidence: text('evidence'),
  },
  (t) => [
    check('playbook_run_steps_tick', sql`(${t.tickedAt} is null) = (${t.evidence} is null)`),
    index('playbook_run_steps_run_idx').on(t.runId, t.position),
  ],
);
