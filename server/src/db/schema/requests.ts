import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import {
  escalationLevels,
  requestKinds,
  requestPriorities,
  requestStatuses,
} from '../../../../common/src/labels/requests.ts';
import { id, versioned } from './columns.ts';
import { contacts } from './contacts.ts';
import { partners } from './partners.ts';
import { relationships } from './relationships.ts';
import { tsvector } from './search.ts';
import { visibilities } from './touchpoints.ts';
import { units } from './units.ts';
import { users } from './users.ts';

export { escalationLevels, requestKinds, requestPriorities, requestStatuses };

const ts = (name: string) => timestamp(name, { withTimezone: true, precision: 3 });

/** Something a partner needs handled, from an incident to a soft tension (a concern). */
export const requests = pgTable(
  'requests',
  {
    id: id(),
    reference: bigserial('reference', { mode: 'number' }).notNull(),
    partnerId: uuid('partner_id')
      .notNull()
      .references(() => partners.id, { onDelete: 'restrict' }),
    relationshipId: uuid('relationship_id').references(() => relationships.id, { onDelete: 'restrict' }),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => units.id, { onDelete: 'restrict' }),
    kind: text('kind', { enum: requestKinds }).notNull(),
    title: text('title').notNull(),
    description: text('description'),
    priority: text('priority', { enum: requestPriorities }).notNull().default('normal'),
    status: text('status', { enum: requestStatuses }).notNull().default('new'),
    raisedByContactId: uuid('raised_by_contact_id').references(() => contacts.id, { onDelete: 'restrict' }),
    raisedByUserId: uuid('raised_by_user_id').references(() => users.id, { onDelete: 'restrict' }),
    ownerId: uuid('owner_id').references(() => users.id, { onDelete: 'restrict' }),
    createdById: uuid('created_by_id')
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    visibility: text('visibility', { enum: visibilities }).notNull().default('institution'),
    resolution: text('resolution'),
    satisfaction: smallint('satisfaction'),
    /** Service-level targets, fixed when the request is raised (or its priority changes). */
    responseDueAt: ts('response_due_at'),
    resolveDueAt: ts('resolve_due_at'),
    firstRespondedAt: ts('first_responded_at'),
    /** Set while the request waits on the partner: the resolution clock stops until it moves on. */
    clockPausedAt: ts('clock_paused_at'),
    resolvedAt: ts('resolved_at'),
    closedAt: ts('closed_at'),
    /** The current escalation level, if any (history in `escalations`). */
    escalationLevel: text('escalation_level', { enum: escalationLevels }),
    search: tsvector('search').generatedAlwaysAs(
      sql`setweight(to_tsvector('english', coalesce(title, '')), 'A') || setweight(to_tsvector('english', coalesce(description, '')), 'B')`,
    ),
    ...versioned(),
  },
  (t) => [
    check('requests_satisfaction_range', sql`${t.satisfaction} between 1 and 5`),
    uniqueIndex('requests_reference_key').on(t.reference),
    index('requests_partner_idx').on(t.partnerId, t.createdAt.desc()),
    index('requests_owner_open_idx').on(t.ownerId).where(sql`status not in ('resolved', 'closed')`),
    // The request register: a unit's open requests, newest first (the planner otherwise walks an
    // owner index over every open request, 20–33 ms at the large scale, against 1 ms).
    index('requests_unit_open_idx')
      .on(t.unitId, t.createdAt.desc().nullsFirst(), t.id.desc().nullsFirst())
      .where(sql`status not in ('resolved', 'closed')`),
    index('requests_open_due_idx').on(t.resolveDueAt).where(sql`status not in ('resolved', 'closed')`),
    index('requests_status_idx').on(t.status, t.createdAt.desc()),
    index('requests_escalated_idx').on(t.escalationLevel).where(sql`escalation_level is not null`),
    index('requests_search_idx').using('gin', t.search),
  ],
);

/** Named people who may see a confidential request (its creator and owner always). */
export const requestReaders = pgTable(
  'request_readers',
  {
    requestId: uuid('request_id')
      .notNull()
      .references(() => requests.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
  },
  (t) => [primaryKey({ columns: [t.requestId, t.userId] }), index('request_readers_user_idx').on(t.userId)],
);

/** Comments on a request; shareable ones may be shown to the partner later (portal). */
export const requestComments = pgTable(
  'request_comments',
  {
    id: id(),
    requestId: uuid('request_id')
      .notNull()
      .references(() => requests.id, { onDelete: 'cascade' }),
    authorId: uuid('author_id')
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    body: text('body').notNull(),
    isShareable: boolean('is_shareable').notNull().default(false),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('request_comments_request_idx').on(t.requestId, t.createdAt)],
);

/** Every status change of a request, for its timeline. */
export const requestTransitions = pgTable(
  'request_transitions',
  {
    id: id(),
    requestId: uuid('request_id')
      .notNull()
      .references(() => requests.id, { onDelete: 'cascade' }),
    fromStatus: text('from_status', { enum: requestStatuses }),
    toStatus: text('to_status', { enum: requestStatuses }).notNull(),
    actorId: uuid('actor_id').references(() => users.id, { onDelete: 'restrict' }),
    note: text('note'),
    at: ts('at').notNull().defaultNow(),
  },
  (t) => [index('request_transitions_request_idx').on(t.requestId, t.at)],
);

/** One field of a request as it was and as it became (ids for people, contacts and relationships). */
export type RequestFieldChange = { field: string; from: unknown; to: unknown };

/**
 * Every edit of a request's fields, for its timeline: who changed what, from what to what,
 * including the due dates a kind or priority change recomputed. Names are looked up when read,
 * so an erased contact or a renamed colleague shows as they are now.
 */
export const requestChanges = pgTable(
  'request_changes',
  {
    id: id(),
    requestId: uuid('request_id')
      .notNull()
      .references(() => requests.id, { onDelete: 'cascade' }),
    actorId: uuid('actor_id').references(() => users.id, { onDelete: 'restrict' }),
    changes: jsonb('changes').$type<RequestFieldChange[]>().notNull(),
    at: ts('at').notNull().defaultNow(),
  },
  (t) => [index('request_changes_request_idx').on(t.requestId, t.at)],
);

/** Targets per request kind × priority, in working hours. */
export const serviceLevels = pgTable(
  'service_levels',
  {
    id: id(),
    kind: text('kind', { enum: requestKinds }).notNull(),
    priority: text('priority', { enum: requestPriorities }).notNull(),
    firstResponseHours: integer('first_response_hours').notNull(),
    resolveHours: integer('resolve_hours').notNull(),
    ...versioned(),
  },
  (t) => [uniqueIndex('service_levels_kind_priority_key').on(t.kind, t.priority)],
);

/** Escalation of a request or of a relationship as a whole to a named level, with a briefing. */
export const escalations = pgTable(
  'escalations',
  {
    id: id(),
    requestId: uuid('request_id').references(() => requests.id, { onDelete: 'cascade' }),
    relationshipId: uuid('relationship_id').references(() => relationships.id, { onDelete: 'cascade' }),
    level: text('level', { enum: escalationLevels }).notNull(),
    briefing: text('briefing').notNull(),
    raisedById: uuid('raised_by_id')
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    raisedAt: ts('raised_at').notNull().defaultNow(),
    deescalatedAt: ts('deescalated_at'),
    deescalatedById: uuid('deescalated_by_id').references(() => users.id, { onDelete: 'restrict' }),
    deescalationReason: text('deescalation_reason'),
    /** People told by name; for a confidential request they become its readers. */
    namedUserIds: uuid('named_user_ids').array().notNull().default(sql`'{}'::uuid[]`),
  },
  (t) => [
    check('escalations_subject', sql`(${t.requestId} is null) <> (${t.relationshipId} is null)`),
    index('escalations_request_idx').on(t.requestId),
    index('escalations_relationship_idx').on(t.relationshipId),
    index('escalations_open_idx').on(t.raisedAt).where(sql`deescalated_at is null`),
  ],
);
