import { date, jsonb, pgTable, text } from 'drizzle-orm/pg-core';
import { versioned } from './columns.ts';

/** Institution-wide settings, one row per key (e.g. the working week for service levels). */
export const settings = pgTable('settings', {
  key: text('key').primaryKey(),
  value: jsonb('value').notNull(),
  ...versioned(),
});

/** Days on which the university is closed; service-level clocks do not run on them. */
export const holidays = pgTable('holidays', {
  day: date('day', { mode: 'string' }).primaryKey(),
  name: text('name').notNull(),
});
