import { sql } from 'drizzle-orm';
import { index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { roles } from '../../../../common/src/labels/users.ts';
import { id, versioned } from './columns.ts';
import { units } from './units.ts';

export { roles };

/** A member of staff who signs in to Rapport. */
export const users = pgTable(
  'users',
  {
    id: id(),
    email: text('email').notNull(),
    name: text('name').notNull(),
    jobTitle: text('job_title'),
    role: text('role', { enum: roles }).notNull(),
    unitId: uuid('unit_id').references(() => units.id, { onDelete: 'restrict' }),
    /** argon2id hash; null for accounts that only sign in through single sign-on. */
    passwordHash: text('password_hash'),
    deactivatedAt: timestamp('deactivated_at', { withTimezone: true }),
    ...versioned(),
  },
  (t) => [
    uniqueIndex('users_email_key').on(sql`lower(${t.email})`),
    index('users_unit_idx').on(t.unitId),
    // Search finds colleagues by a close name (word similarity), as it does partners and contacts.
    index('users_name_trgm_idx').using('gin', sql`${t.name} gin_trgm_ops`),
  ],
);

/** An identity at an external provider (OpenID Connect, SAML) linked to a user. */
export const externalIdentities = pgTable(
  'external_identities',
  {
    id: id(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    provider: text('provider').notNull(),
    subject: text('subject').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('external_identities_provider_subject_key').on(t.provider, t.subject)],
);
