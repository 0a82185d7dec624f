import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  index,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import {
  initiativeStatuses,
  inputStatuses,
  involvementKinds,
} from '../../../../common/src/labels/initiatives.ts';
import { activityFeedback } from './activities.ts';
import { id, versioned } from './columns.ts';
import { contacts } from './contacts.ts';
import { partners } from './partners.ts';
import { requests } from './requests.ts';
import { touchpoints } from './touchpoints.ts';
import { units } from './units.ts';
import { users } from './users.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true, precision: 3 });

/**
 * A university project or change in which partners are involved (a new VLE, a timetabling
 * change). `published_at` says its "you said, we did" page is published; the page's private links
 * are in initiative_links, hashed.
 */
export const initiatives = pgTable(
  'initiatives',
  {
    id: id(),
    title: text('title').notNull(),
    description: text('description'),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => units.id, { onDelete: 'restrict' }),
    ownerId: uuid('owner_id')
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    status: text('status', { enum: initiativeStatuses }).notNull().default('planned'),
    startDate: date('start_date', { mode: 'string' }),
    publishedAt: ts('published_at'),
    createdById: uuid('created_by_id')
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    ...versioned(),
  },
  (t) => [index('initiatives_unit_idx').on(t.unitId), index('initiatives_owner_idx').on(t.ownerId)],
);

/**
 * The private links of an initiative's published "you said, we did" page, stored only as the
 * SHA-256 of their token (like every private link): the one made when it was published, shown
 * once, and one for each milestone digest sent. Publishing again or withdrawing the page
 * deletes them all.
 */
export const initiativeLinks = pgTable(
  'initiative_links',
  {
    id: id(),
    initiativeId: uuid('initiative_id')
      .notNull()
      .references(() => initiatives.id, { onDelete: 'cascade' }),
    tokenHash: text('token_hash').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('initiative_links_token_key').on(t.tokenHash),
    index('initiative_links_initiative_idx').on(t.initiativeId),
  ],
);

/** A partner involved in an initiative, and how. */
export const initiativePartners = pgTable(
  'initiative_partners',
  {
    id: id(),
    initiativeId: uuid('initiative_id')
      .notNull()
      .references(() => initiatives.id, { onDelete: 'cascade' }),
    partnerId: uuid('partner_id')
      .notNull()
      .references(() => partners.id, { onDelete: 'restrict' }),
    involvement: text('involvement', { enum: involvementKinds }).notNull(),
  },
  (t) => [
    uniqueIndex('initiative_partners_key').on(t.initiativeId, t.partnerId),
    index('initiative_partners_partner_idx').on(t.partnerId),
  ],
);

/** A milestone of an initiative; reaching it e-mails the involved partners a digest. */
export const initiativeMilestones = pgTable(
  'initiative_milestones',
  {
    id: id(),
    initiativeId: uuid('initiative_id')
      .notNull()
      .references(() => initiatives.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    dueDate: date('due_date', { mode: 'string' }).notNull(),
    reachedAt: ts('reached_at'),
    reachedById: uuid('reached_by_id').references(() => users.id, { onDelete: 'restrict' }),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('initiative_milestones_initiative_idx').on(t.initiativeId, t.dueDate)],
);

/**
 * One piece of input a partner gave, linked to where it was given (a touch point, activity
 * feedback or a request; at most one), and what was done with it. A reason is required when it
 * was not adopted. Only published items reach the public page and the digest.
 */
export const initiativeInputs = pgTable(
  'initiative_inputs',
  {
    id: id(),
    initiativeId: uuid('initiative_id')
      .notNull()
      .references(() => initiatives.id, { onDelete: 'cascade' }),
    partnerId: uuid('partner_id')
      .notNull()
      .references(() => partners.id, { onDelete: 'restrict' }),
    summary: text('summary').notNull(),
    touchpointId: uuid('touchpoint_id').references(() => touchpoints.id, { onDelete: 'set null' }),
    feedbackId: uuid('feedback_id').references(() => activityFeedback.id, { onDelete: 'set null' }),
    requestId: uuid('request_id').references(() => requests.id, { onDelete: 'set null' }),
    response: text('response'),
    status: text('status', { enum: inputStatuses }).notNull().default('open'),
    reason: text('reason'),
    internalNote: text('internal_note'),
    published: boolean('published').notNull().default(false),
    createdById: uuid('created_by_id')
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    ...versioned(),
  },
  (t) => [
    check(
      'initiative_inputs_one_source',
      sql`num_nonnulls(${t.touchpointId}, ${t.feedbackId}, ${t.requestId}) <= 1`,
    ),
    check(
      'initiative_inputs_reason',
      sql`${t.status} <> 'not_adopted' or coalesce(length(trim(${t.reason})), 0) > 0`,
    ),
    index('initiative_inputs_initiative_idx').on(t.initiativeId),
    index('initiative_inputs_partner_idx').on(t.partnerId),
    index('initiative_inputs_touchpoint_idx').on(t.touchpointId),
    index('initiative_inputs_request_idx').on(t.requestId),
  ],
);

/** Digest e-mails queued when a milestone is reached, one per key contact; sent by a job. */
export const initiativeOutbox = pgTable(
  'initiative_outbox',
  {
    id: id(),
    milestoneId: uuid('milestone_id')
      .notNull()
      .references(() => initiativeMilestones.id, { onDelete: 'cascade' }),
    contactId: uuid('contact_id')
      .notNull()
      .references(() => contacts.id, { onDelete: 'cascade' }),
    partnerId: uuid('partner_id')
      .notNull()
      .references(() => partners.id, { onDelete: 'cascade' }),
    email: text('email').notNull(),
    /** The digest's own private link to the published page, kept only until it is sent (its hash is in initiative_links). */
    token: text('token'),
    sentAt: ts('sent_at'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('initiative_outbox_key').on(t.milestoneId, t.contactId),
    index('initiative_outbox_unsent_idx').on(t.createdAt).where(sql`sent_at is null`),
    index('initiative_outbox_contact_idx').on(t.contactId),
    index('initiative_outbox_partner_idx').on(t.partnerId),
  ],
);
