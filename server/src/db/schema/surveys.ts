import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import {
  check,
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
import type { SurveyAnswer, SurveyQuestion } from '../../../../common/src/contracts/surveys.ts';
import { visibilities } from '../../../../common/src/labels/visibility.ts';
import { id } from './columns.ts';
import { contacts } from './contacts.ts';
import { relationships } from './relationships.ts';
import { units } from './units.ts';
import { users } from './users.ts';

/**
 * A reusable set of survey questions. Editing it adds a version (`survey_template_versions`
 * keeps every one); a survey keeps the questions it was sent with and which version they came from.
 */
export const surveyTemplates = pgTable('survey_templates', {
  id: id(),
  name: text('name').notNull(),
  questions: jsonb('questions').$type<SurveyQuestion[]>().notNull(),
  version: integer('version').notNull().default(1),
  createdById: uuid('created_by_id')
    .notNull()
    .references(() => users.id, { onDelete: 'restrict' }),
  createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
});

/** Every version of a survey template as saved, by whom and when. */
export const surveyTemplateVersions = pgTable(
  'survey_template_versions',
  {
    templateId: uuid('template_id')
      .notNull()
      .references(() => surveyTemplates.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    name: text('name').notNull(),
    questions: jsonb('questions').$type<SurveyQuestion[]>().notNull(),
    savedById: uuid('saved_by_id')
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    savedAt: timestamp('saved_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.templateId, t.version] })],
);

/**
 * A survey of a partner's contacts about one relationship: its questions as sent (a later
 * change to the template never rewrites them), its closing time, and who may read the results.
 */
export const surveys = pgTable(
  'surveys',
  {
    id: id(),
    relationshipId: uuid('relationship_id')
      .notNull()
      .references(() => relationships.id, { onDelete: 'cascade' }),
    /** The relationship's unit when the survey was sent: "unit only" results are that unit's. */
    unitId: uuid('unit_id')
      .notNull()
      .references(() => units.id, { onDelete: 'restrict' }),
    title: text('title').notNull(),
    questions: jsonb('questions').$type<SurveyQuestion[]>().notNull(),
    /** The template (and its version) the questions were taken from, if any. */
    templateId: uuid('template_id').references(() => surveyTemplates.id, { onDelete: 'set null' }),
    templateVersion: integer('template_version'),
    visibility: text('visibility', { enum: visibilities }).notNull().default('institution'),
    /** No breakdown of the answers is shown while fewer than this many have answered. */
    anonymityThreshold: integer('anonymity_threshold').notNull().default(5),
    closesAt: timestamp('closes_at', { withTimezone: true, precision: 3 }).notNull(),
    closedAt: timestamp('closed_at', { withTimezone: true, precision: 3 }),
    createdById: uuid('created_by_id')
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    check('surveys_threshold_range', sql`${t.anonymityThreshold} between 1 and 1000`),
    index('surveys_relationship_idx').on(t.relationshipId, t.createdAt),
  ],
);

/** The named people who may read a confidential survey's results (its sender is always named). */
export const surveyReaders = pgTable(
  'survey_readers',
  {
    surveyId: uuid('survey_id')
      .notNull()
      .references(() => surveys.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
  },
  (t) => [primaryKey({ columns: [t.surveyId, t.userId] }), index('survey_readers_user_idx').on(t.userId)],
);

/**
 * One contact asked: the private link's hash (the link itself is kept only until the e-mail is
 * sent, then erased), when it was e-mailed, and when it was used. Which answers are theirs is
 * not recorded: answers are kept apart, so results are anonymous.
 */
export const surveyInvitations = pgTable(
  'survey_invitations',
  {
    id: id(),
    surveyId: uuid('survey_id')
      .notNull()
      .references(() => surveys.id, { onDelete: 'cascade' }),
    contactId: uuid('contact_id')
      .notNull()
      .references(() => contacts.id, { onDelete: 'restrict' }),
    email: text('email'),
    tokenHash: text('token_hash').notNull(),
    /** The link until its e-mail is sent; null after. */
    token: text('token'),
    emailedAt: timestamp('emailed_at', { withTimezone: true, precision: 3 }),
    /** The reminder's own link (its hash only; the first link keeps working too), and when it went. */
    reminderTokenHash: text('reminder_token_hash'),
    remindedAt: timestamp('reminded_at', { withTimezone: true, precision: 3 }),
    answeredAt: timestamp('answered_at', { withTimezone: true, precision: 3 }),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('survey_invitations_contact_key').on(t.surveyId, t.contactId),
    uniqueIndex('survey_invitations_token_key').on(t.tokenHash),
    uniqueIndex('survey_invitations_reminder_token_key').on(t.reminderTokenHash),
    index('survey_invitations_unsent_idx').on(t.createdAt).where(sql`token is not null`),
  ],
);

/** One set of answers, with no link to who gave it (and nothing that orders it by time). */
export const surveyResponses = pgTable(
  'survey_responses',
  {
    // A random id, not a time-ordered one: a uuidv7 would carry the moment of answering, which
    // the invitation's answered_at matches, and so say whose answers these are.
    id: uuid('id')
      .primaryKey()
      .$defaultFn(() => randomUUID()),
    surveyId: uuid('survey_id')
      .notNull()
      .references(() => surveys.id, { onDelete: 'cascade' }),
    answers: jsonb('answers').$type<SurveyAnswer[]>().notNull(),
    /** The day only: a time would let a reader match an answer to an invitation's use. */
    answeredOn: text('answered_on').notNull(),
  },
  (t) => [index('survey_responses_survey_idx').on(t.surveyId)],
);

export type Survey = typeof surveys.$inferSelect;
export type SurveyInvitation = typeof surveyInvitations.$inferSelect;
