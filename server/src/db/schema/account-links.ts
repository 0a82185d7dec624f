import { boolean, index, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { notificationKinds } from '../../../../common/src/labels/notifications.ts';
import { id } from './columns.ts';
import { users } from './users.ts';

export const accountLinkPurposes = ['invitation', 'reset'] as const;

/**
 * A one-time link e-mailed to a user: an invitation (set a first password) or a password reset.
 * Only the secret's SHA-256 is stored; `used_at` is set, once, in the transaction that uses it.
 */
export const accountLinks = pgTable(
  'account_links',
  {
    id: id(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    purpose: text('purpose', { enum: accountLinkPurposes }).notNull(),
    tokenHash: text('token_hash').notNull().unique(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('account_links_user_idx').on(t.userId, t.purpose)],
);

/** "Forgot password?" asks, counted per address typed and per client to rate-limit them. */
export const passwordResetAsks = pgTable(
  'password_reset_asks',
  {
    id: id(),
    email: text('email').notNull(),
    ipAddress: text('ip_address').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('password_reset_asks_email_idx').on(t.email, t.at),
    index('password_reset_asks_ip_idx').on(t.ipAddress, t.at),
  ],
);

/** How one user wants one kind of notification; no row means every channel is on. */
export const notificationPreferences = pgTable(
  'notification_preferences',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: notificationKinds }).notNull(),
    inApp: boolean('in_app').notNull().default(true),
    email: boolean('email').notNull().default(true),
    digest: boolean('digest').notNull().default(true),
  },
  (t) => [primaryKey({ columns: [t.userId, t.kind] })],
);
