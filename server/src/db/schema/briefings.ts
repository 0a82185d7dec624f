import { sql } from 'drizzle-orm';
import {
  check,
  date,
  index,
  integer,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { briefingSections } from '../../../../common/src/labels/briefings.ts';
import { id } from './columns.ts';
import { partners } from './partners.ts';
import { relationships } from './relationships.ts';
import { requests } from './requests.ts';
import { users } from './users.ts';

export { briefingSections };

const ts = (name: string) => timestamp(name, { withTimezone: true, precision: 3 });

/**
 * A senior manager's weekly briefing: what they should know before it escalates. One per person
 * and week (the unique key is what makes a repeated or concurrent run produce one briefing).
 */
export const briefings = pgTable(
  'briefings',
  {
    id: id(),
    recipientId: uuid('recipient_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** The Monday (university time) of the week the briefing is for. */
    weekOf: date('week_of').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
    readAt: ts('read_at'),
  },
  (t) => [
    uniqueIndex('briefings_recipient_week_key').on(t.recipientId, t.weekOf),
    index('briefings_created_idx').on(t.createdAt),
  ],
);

/**
 * One line of a briefing and the subject it names: always a partner, and the request or the
 * relationship when the line is about one. What the recipient did about it is kept on the line.
 */
export const briefingItems = pgTable(
  'briefing_items',
  {
    id: id(),
    briefingId: uuid('briefing_id')
      .notNull()
      .references(() => briefings.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    section: text('section', { enum: briefingSections }).notNull(),
    partnerId: uuid('partner_id')
      .notNull()
      .references(() => partners.id, { onDelete: 'cascade' }),
    requestId: uuid('request_id').references(() => requests.id, { onDelete: 'cascade' }),
    relationshipId: uuid('relationship_id').references(() => relationships.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    detail: text('detail'),
    actedAt: ts('acted_at'),
    actedNote: text('acted_note'),
  },
  (t) => [
    check('briefing_items_acted', sql`(${t.actedAt} is null) = (${t.actedNote} is null)`),
    index('briefing_items_briefing_idx').on(t.briefingId, t.position),
    index('briefing_items_partner_idx').on(t.partnerId),
    index('briefing_items_request_idx').on(t.requestId).where(sql`request_id is not null`),
  ],
);
