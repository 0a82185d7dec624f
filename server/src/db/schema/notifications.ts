import { boolean, index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { notificationKinds } from '../../../../common/src/labels/notifications.ts';
import { id } from './columns.ts';
import { users } from './users.ts';

export { notificationKinds };

/** An in-app notification for one user (also e-mailed when SMTP is configured). */
export const notifications = pgTable(
  'notifications',
  {
    id: id(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: notificationKinds }).notNull(),
    title: text('title').notNull(),
    body: text('body'),
    link: text('link'),
    /** Deduplicates repeated checks: one notification per (user, key). */
    dedupeKey: text('dedupe_key'),
    /** Shown in the app (the person may want only e-mail of this kind). */
    inApp: boolean('in_app').notNull().default(true),
    /** To e-mail at once; false when the person does not want e-mail of this kind. */
    byEmail: boolean('by_email').notNull().default(true),
    /** Listed in the daily digest while unread. */
    inDigest: boolean('in_digest').notNull().default(true),
    readAt: timestamp('read_at', { withTimezone: true, precision: 3 }),
    emailedAt: timestamp('emailed_at', { withTimezone: true, precision: 3 }),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    index('notifications_user_idx').on(t.userId, t.createdAt.desc()),
    uniqueIndex('notifications_dedupe_key').on(t.userId, t.dedupeKey),
  ],
);
