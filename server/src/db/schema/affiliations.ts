import { boolean, date, index, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { id, versioned } from './columns.ts';
import { contacts } from './contacts.ts';
import { partners } from './partners.ts';

/** A contact's role at a partner, with dates; key contacts are shown first on the partner page. */
export const affiliations = pgTable(
  'affiliations',
  {
    id: id(),
    contactId: uuid('contact_id')
      .notNull()
      .references(() => contacts.id, { onDelete: 'restrict' }),
    partnerId: uuid('partner_id')
      .notNull()
      .references(() => partners.id, { onDelete: 'restrict' }),
    role: text('role').notNull(),
    isKeyContact: boolean('is_key_contact').notNull().default(false),
    isPrimary: boolean('is_primary').notNull().default(false),
    startDate: date('start_date', { mode: 'string' }),
    endDate: date('end_date', { mode: 'string' }),
    ...versioned(),
  },
  (t) => [
    // A contact's roles, and its role at one partner (a write's check for the same role).
    index('affiliations_contact_partner_idx').on(t.contactId, t.partnerId),
    // A partner's roles, and those it had at a moment (an import's duplicate check: the roles
    // held when the run began, however many the run has added since).
    index('affiliations_partner_created_idx').on(t.partnerId, t.createdAt),
  ],
);
