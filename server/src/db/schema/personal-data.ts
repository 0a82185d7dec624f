import { boolean, date, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { lawfulBases } from '../../../../common/src/labels/contacts.ts';
import {
  consentDecisions,
  consentSources,
  retentionRuleKeys,
} from '../../../../common/src/labels/personal-data.ts';
import { id, versioned } from './columns.ts';
import { contacts } from './contacts.ts';
import { users } from './users.ts';

/** What contacts may be contacted for (events and invitations, surveys …); administrators add to them. */
export const consentPurposes = pgTable('consent_purposes', {
  key: text('key').primaryKey(),
  name: text('name').notNull(),
  description: text('description'),
  /** `consent`: nobody is contacted without it; any other basis: until the person withdraws. */
  lawfulBasis: text('lawful_basis', { enum: lawfulBases }).notNull(),
  dataHeld: text('data_held'),
  /**
   * When an administrator retired it: nobody is contacted for it and no decision is recorded
   * for it any more; the decisions already recorded stay in each contact's history.
   */
  retiredAt: timestamp('retired_at', { withTimezone: true, precision: 3 }),
  ...versioned(),
});

/** Every decision a contact made about a purpose, never changed: the latest one counts. */
export const consents = pgTable(
  'consents',
  {
    id: id(),
    contactId: uuid('contact_id')
      .notNull()
      .references(() => contacts.id, { onDelete: 'cascade' }),
    purpose: text('purpose')
      .notNull()
      .references(() => consentPurposes.key, { onDelete: 'restrict' }),
    decision: text('decision', { enum: consentDecisions }).notNull(),
    lawfulBasis: text('lawful_basis', { enum: lawfulBases }).notNull(),
    source: text('source', { enum: consentSources }).notNull(),
    recordedOn: date('recorded_on', { mode: 'string' }).notNull(),
    evidence: text('evidence'),
    recordedById: uuid('recorded_by_id').references(() => users.id, { onDelete: 'set null' }),
    recordedAt: timestamp('recorded_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [index('consents_contact_purpose_idx').on(t.contactId, t.purpose, t.recordedAt)],
);

/** Members of staff given the data protection ability (administrators hold it anyway). */
export const dataProtectionHolders = pgTable('data_protection_holders', {
  userId: uuid('user_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  grantedById: uuid('granted_by_id').references(() => users.id, { onDelete: 'set null' }),
  grantedAt: timestamp('granted_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
});

/** Contacts whose personal data was erased: when, and by whom (never what). */
export const erasures = pgTable('erasures', {
  contactId: uuid('contact_id')
    .primaryKey()
    .references(() => contacts.id, { onDelete: 'cascade' }),
  erasedById: uuid('erased_by_id').references(() => users.id, { onDelete: 'set null' }),
  erasedAt: timestamp('erased_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
});

/** The retention schedule: one rule per kind of record. */
export const retentionRules = pgTable('retention_rules', {
  key: text('key', { enum: retentionRuleKeys }).primaryKey(),
  years: integer('years').notNull(),
  enabled: boolean('enabled').notNull().default(false),
  ...versioned(),
});

/** Every run of a retention rule, a dry run or the real one, by hand or by the scheduled job. */
export const retentionRuns = pgTable(
  'retention_runs',
  {
    id: id(),
    rule: text('rule', { enum: retentionRuleKeys }).notNull(),
    dryRun: boolean('dry_run').notNull(),
    cutoff: date('cutoff', { mode: 'string' }).notNull(),
    affected: integer('affected').notNull(),
    /** Record ids only: a report never keeps the personal data it is about. */
    recordIds: jsonb('record_ids').$type<string[]>().notNull(),
    runById: uuid('run_by_id').references(() => users.id, { onDelete: 'set null' }),
    at: timestamp('at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [index('retention_runs_rule_idx').on(t.rule, t.at)],
);
