import type { Executor } from '../db/client.ts';
import { deleteSpentLinks } from '../modules/auth/account-links.repository.ts';
import { deleteExpiredSessions } from '../modules/auth/sessions.repository.ts';
import { SIGN_IN_LIMITS } from '../modules/auth/sign-in-limits.ts';
import { deleteOldSignInFailures } from '../modules/auth/users-lookup.repository.ts';
import { deleteDeliveredBefore } from '../modules/events/events.repository.ts';
import { deleteOldKeys } from '../modules/idempotency/idempotency.repository.ts';
import { deleteExpiredAttempts } from '../modules/sign-on/sign-on.repository.ts';

/** How long what serves no purpose any more is kept before the nightly sweep forgets it. */
export const RETENTION = {
  /** Failed sign-ins count for a quarter of an hour; a day's worth is kept for whoever investigates. */
  signInFailuresMinutes: Math.max(24 * 60, SIGN_IN_LIMITS.windowMinutes),
  /** Delivered events: a month, so a subscriber's recent history can still be read. */
  deliveredEventsDays: 30,
  /** Used or expired invitation and reset links, and "Forgot password?" asks: a week. */
  spentLinksDays: 7,
} as const;

/**
 * The nightly sweep of tables that would otherwise only grow: expired sessions, sign-on
 * attempts never finished at the provider, sign-in failures past every limit's window, Idempotency-Keys past their day, and events delivered a
 * month ago. Records, their history and anything still to deliver are never touched.
 */
export async function sweepExpired(db: Executor) {
  const sessions = await deleteExpiredSessions(db);
  const signInFailures = await deleteOldSignInFailures(db, RETENTION.signInFailuresMinutes);
  const idempotencyKeys = await deleteOldKeys(db);
  const delivered = await deleteDeliveredBefore(db, RETENTION.deliveredEventsDays);
  const accountLinks = await deleteSpentLinks(db, RETENTION.spentLinksDays);
  const signOnAttempts = await deleteExpiredAttempts(db);
  return {
    sessions,
    signInFailures,
    idempotencyKeys,
    deliveries: delivered.deliveries,
    events: delivered.events,
    accountLinks,
    signOnAttempts,
  };
}
