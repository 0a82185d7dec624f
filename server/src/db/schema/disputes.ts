import { sql } from 'drizzle-orm';
import { index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { disputeStages } from '../../../../common/src/labels/disputes.ts';
import { id, versioned } from './columns.ts';
import { contacts } from './contacts.ts';
import { requests } from './requests.ts';
import { users } from './users.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true, precision: 3 });

/**
 * Where a dispute (a request of kind `dispute`) stands in the procedure. A dispute without a row
 * is in its informal discussion since it was raised; the row is written at its first move. The
 * outcome's acknowledgement link is kept only as a hash, used once, and expires.
 */
export const disputeProcedures = pgTable(
  'dispute_procedures',
  {
    id: id(),
    requestId: uuid('request_id')
      .notNull()
      .references(() => requests.id, { onDelete: 'cascade' }),
    stage: text('stage', { enum: disputeStages }).notNull(),
    stageStartedAt: ts('stage_started_at').notNull(),
    agreed: text('agreed'),
    lessons: jsonb('lessons').$type<string[]>(),
    outcomeRecordedAt: ts('outcome_recorded_at'),
    outcomeRecordedById: uuid('outcome_recorded_by_id').references(() => users.id, { onDelete: 'restrict' }),
    contactId: uuid('contact_id').references(() => contacts.id, { onDelete: 'restrict' }),
    linkHash: text('link_hash'),
    linkExpiresAt: ts('link_expires_at'),
    acknowledgedAt: ts('acknowledged_at'),
    ...versioned(),
  },
  (t) => [
    uniqueIndex('dispute_procedures_request_key').on(t.requestId),
    uniqueIndex('dispute_procedures_link_key').on(t.linkHash),
    index('dispute_procedures_contact_idx').on(t.contactId),
  ],
);

/**
 * The e-mail that sends an outcome's private link to the partner's contact. The link itself is
 * kept here only until the e-mail goes (or is withheld: no address, or the contact may not be
 * contacted), then erased; the procedure keeps only its hash. Never part of a record's history.
 */
export const disputeOutcomeMail = pgTable(
  'dispute_outcome_mail',
  {
    procedureId: uuid('procedure_id')
      .primaryKey()
      .references(() => disputeProcedures.id, { onDelete: 'cascade' }),
    /** The link until its e-mail is sent or withheld; null after. */
    token: text('token'),
    createdAt: ts('created_at').notNull().defaultNow(),
    emailedAt: ts('emailed_at'),
  },
  (t) => [index('dispute_outcome_mail_unsent_idx').on(t.createdAt).where(sql`token is not null`)],
);
