import { sql } from 'drizzle-orm';
import { date, index, pgTable, text } from 'drizzle-orm/pg-core';
import { consentStatuses, lawfulBases } from '../../../../common/src/labels/contacts.ts';
import { id, versioned } from './columns.ts';
import { tsvector } from './search.ts';

export { consentStatuses, lawfulBases };

/** A person at one or more partners. */
export const contacts = pgTable(
  'contacts',
  {
    id: id(),
    name: text('name').notNull(),
    emails: text('emails').array().notNull().default(sql`'{}'::text[]`),
    phones: text('phones').array().notNull().default(sql`'{}'::text[]`),
    jobTitle: text('job_title'),
    notes: text('notes'),
    lawfulBasis: text('lawful_basis', { enum: lawfulBases }).notNull().default('legitimate_interests'),
    consentStatus: text('consent_status', { enum: consentStatuses }).notNull().default('not_asked'),
    consentRecordedOn: date('consent_recorded_on', { mode: 'string' }),
    search: tsvector('search').generatedAlwaysAs(
      sql`setweight(to_tsvector('simple', coalesce(name, '')), 'A') || setweight(to_tsvector('simple', coalesce(job_title, '')), 'C')`,
    ),
    ...versioned(),
  },
  (t) => [
    index('contacts_name_idx').on(t.name, t.id),
    index('contacts_emails_idx').using('gin', t.emails).with({ fastupdate: false }),
    index('contacts_name_trgm_idx').using('gin', sql`${t.name} gin_trgm_ops`),
    index('contacts_search_idx').using('gin', t.search),
  ],
);
