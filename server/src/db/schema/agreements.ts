import { sql } from 'drizzle-orm';
import {
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type { AgreementTerms } from '../../../../common/src/contracts/agreements.ts';
import {
  agreementKinds,
  agreementStatuses,
  approvalAuthorities,
  changeStatuses,
  decisions,
} from '../../../../common/src/labels/agreements.ts';
import { visibilities } from '../../../../common/src/labels/visibility.ts';
import { id, versioned } from './columns.ts';
import { contacts } from './contacts.ts';
import { relationships } from './relationships.ts';
import { units } from './units.ts';
import { users } from './users.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true, precision: 3 });
const day = (name: string) => date(name, { mode: 'string' });

/**
 * The arrangement between the university and a partner, on one relationship: what each side
 * commits to, its dates and its status. `unit_id` is the relationship's, copied so the audience
 * rule reads it from the row; `revision` counts the versions of the terms (agreement_versions).
 */
export const agreements = pgTable(
  'agreements',
  {
    id: id(),
    relationshipId: uuid('relationship_id')
      .notNull()
      .references(() => relationships.id, { onDelete: 'restrict' }),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => units.id, { onDelete: 'restrict' }),
    kind: text('kind', { enum: agreementKinds }).notNull(),
    status: text('status', { enum: agreementStatuses }).notNull().default('draft'),
    title: text('title').notNull(),
    universityCommitments: text('university_commitments'),
    partnerCommitments: text('partner_commitments'),
    keyTerms: text('key_terms'),
    startDate: day('start_date'),
    endDate: day('end_date'),
    reviewDate: day('review_date'),
    reviewReminderDays: integer('review_reminder_days').notNull().default(30),
    /** The review date the owner was last reminded of: one reminder per review date. */
    remindedForReview: day('reminded_for_review'),
    endReminderDays: integer('end_reminder_days').notNull().default(60),
    /** The end date the owner was last reminded of: one reminder per end date. */
    remindedForEnd: day('reminded_for_end'),
    ownerId: uuid('owner_id')
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    partnerContactId: uuid('partner_contact_id').references(() => contacts.id, { onDelete: 'restrict' }),
    visibility: text('visibility', { enum: visibilities }).notNull().default('institution'),
    revision: integer('revision').notNull().default(0),
    createdById: uuid('created_by_id')
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    ...versioned(),
  },
  (t) => [
    check(
      'agreements_review_after_start',
      sql`${t.reviewDate} is null or ${t.startDate} is null or ${t.reviewDate} >= ${t.startDate}`,
    ),
    check(
      'agreements_end_after_start',
      sql`${t.endDate} is null or ${t.startDate} is null or ${t.endDate} >= ${t.startDate}`,
    ),
    check('agreements_reminder_days', sql`${t.reviewReminderDays} between 0 and 365`),
    check('agreements_end_reminder_days', sql`${t.endReminderDays} between 0 and 365`),
    index('agreements_relationship_idx').on(t.relationshipId),
    index('agreements_review_idx').on(t.reviewDate).where(sql`status = 'active'`),
    index('agreements_end_idx').on(t.endDate).where(sql`status = 'active'`),
    index('agreements_owner_idx').on(t.ownerId),
    index('agreements_partner_contact_idx').on(t.partnerContactId),
  ],
);

/** Named readers of a confidential agreement (its owner among them). */
export const agreementReaders = pgTable(
  'agreement_readers',
  {
    agreementId: uuid('agreement_id')
      .notNull()
      .references(() => agreements.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
  },
  (t) => [
    primaryKey({ columns: [t.agreementId, t.userId] }),
    index('agreement_readers_user_idx').on(t.userId),
  ],
);

/** A change proposed to an agreement in force, and each side's decision on it. */
export const agreementChanges = pgTable(
  'agreement_changes',
  {
    id: id(),
    agreementId: uuid('agreement_id')
      .notNull()
      .references(() => agreements.id, { onDelete: 'cascade' }),
    baseRevision: integer('base_revision').notNull(),
    reason: text('reason').notNull(),
    /** The proposed values of the fields that change, by their API names. */
    terms: jsonb('terms').$type<Partial<AgreementTerms>>().notNull(),
    /** The terms in force when it was proposed, for the field-by-field difference. */
    baseTerms: jsonb('base_terms').$type<AgreementTerms>().notNull(),
    status: text('status', { enum: changeStatuses }).notNull().default('proposed'),
    /** Who may approve it for the university, by the approval rules when it was proposed. */
    authority: text('authority', { enum: approvalAuthorities }).notNull().default('relationship_manager'),
    proposedById: uuid('proposed_by_id')
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    proposedAt: ts('proposed_at').notNull().defaultNow(),
    universityDecision: text('university_decision', { enum: decisions }),
    universityDecidedById: uuid('university_decided_by_id').references(() => users.id, {
      onDelete: 'restrict',
    }),
    universityDecidedAt: ts('university_decided_at'),
    universityNote: text('university_note'),
    /** The partner's signatory when it was proposed; null when the agreement names none. */
    partnerContactId: uuid('partner_contact_id').references(() => contacts.id, { onDelete: 'restrict' }),
    partnerDecision: text('partner_decision', { enum: decisions }),
    partnerRecordedById: uuid('partner_recorded_by_id').references(() => users.id, { onDelete: 'restrict' }),
    partnerDecidedAt: ts('partner_decided_at'),
    partnerNote: text('partner_note'),
    /**
     * Telling the partner's contact of an approved change by e-mail: pending until the delivery
     * job sends it (sent) or may not (withheld: no contact, no address, or no consent).
     */
    partnerNotice: text('partner_notice', { enum: ['pending', 'sent', 'withheld'] }),
    partnerNoticeAt: ts('partner_notice_at'),
  },
  (t) => [
    index('agreement_changes_agreement_idx').on(t.agreementId, t.proposedAt),
    index('agreement_changes_contact_idx').on(t.partnerContactId),
    index('agreement_changes_notice_idx').on(t.proposedAt).where(sql`partner_notice = 'pending'`),
  ],
);

/** Every version of an agreement's terms, from the one that came into force on. */
export const agreementVersions = pgTable(
  'agreement_versions',
  {
    agreementId: uuid('agreement_id')
      .notNull()
      .references(() => agreements.id, { onDelete: 'cascade' }),
    revision: integer('revision').notNull(),
    terms: jsonb('terms').$type<AgreementTerms>().notNull(),
    changeId: uuid('change_id').references(() => agreementChanges.id, { onDelete: 'restrict' }),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.agreementId, t.revision] }),
    uniqueIndex('agreement_versions_change_key').on(t.changeId),
  ],
);
