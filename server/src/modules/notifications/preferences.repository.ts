import { inArray, sql } from 'drizzle-orm';
import type { Preference } from '../../../../common/src/contracts/accounts.ts';
import type { Executor } from '../../db/client.ts';
import { notificationPreferences } from '../../db/schema/account-links.ts';

/** The stored choices of these users (kinds without a row keep every channel on). */
export async function preferencesOf(db: Executor, userIds: string[]) {
  if (!userIds.length) return [];
  return db.select().from(notificationPreferences).where(inArray(notificationPreferences.userId, userIds));
}

/** Stores one user's choices for the kinds given; other kinds stay as they were. */
export async function savePreferences(db: Executor, userId: string, items: Preference[]) {
  await db
    .insert(notificationPreferences)
    .values(items.map((item) => ({ userId, ...item })))
    .onConflictDoUpdate({
      target: [notificationPreferences.userId, notificationPreferences.kind],
      set: {
        inApp: sql`excluded.in_app`,
        email: sql`excluded.email`,
        digest: sql`excluded.digest`,
      },
    });
}
