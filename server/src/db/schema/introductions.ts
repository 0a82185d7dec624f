import { index, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { id, versioned } from './columns.ts';
import { partners } from './partners.ts';
import { users } from './users.ts';

/**
 * "Ask for an introduction": a member of staff asks a colleague who knows a partner (who knows
 * whom) to introduce them. The colleague is told in the app and by e-mail.
 */
export const introductionRequests = pgTable(
  'introduction_requests',
  {
    id: id(),
    partnerId: uuid('partner_id')
      .notNull()
      .references(() => partners.id, { onDelete: 'restrict' }),
    askedById: uuid('asked_by_id')
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    colleagueId: uuid('colleague_id')
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    message: text('message'),
    ...versioned(),
  },
  (t) => [
    index('introduction_requests_partner_idx').on(t.partnerId, t.createdAt.desc()),
    index('introduction_requests_colleague_idx').on(t.colleagueId, t.createdAt.desc()),
  ],
);
