import { setTimeout as wait } from 'node:timers/promises';
import type { Executor } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import { clearSignInFailures, countRecentFailures, recordSignInFailure } from './users-lookup.repository.ts';

/**
 * Failed password checks (sign-in and password change) in the last quarter of an hour:
 * - one account from one address: refused after `perPair` failures, so a guesser is stopped
 *   but the same person elsewhere, or anyone else, still gets in;
 * - one account from anywhere: each attempt waits, from `accountDelay.after` failures on, 1 s
 *   doubling per further failure up to 10 s — it slows, it never refuses the right password;
 * - one address across accounts (a campus behind one proxy): the same, but from 100 failures
 *   on and doubling only every 20, so only a sustained attack is felt.
 */
export const SIGN_IN_LIMITS = {
  windowMinutes: 15,
  perPair: 10,
  accountDelay: { after: 10, every: 1 },
  addressDelay: { after: 100, every: 20 },
  firstDelayMs: 1_000,
  maxDelayMs: 10_000,
} as const;

/** How long an attempt waits after `failures` recent failures, under one schedule. */
export function delayAfter(failures: number, schedule: { after: number; every: number }): number {
  if (failures < schedule.after) return 0;
  const doublings = Math.floor((failures - schedule.after) / schedule.every);
  return Math.min(SIGN_IN_LIMITS.firstDelayMs * 2 ** doublings, SIGN_IN_LIMITS.maxDelayMs);
}

/** The wait before checking a password, given the recent failures of its account, address and pair. */
export function signInDelay(failures: { byEmail: number; byAddress: number }): number {
  return Math.max(
    delayAfter(failures.byEmail, SIGN_IN_LIMITS.accountDelay),
    delayAfter(failures.byAddress, SIGN_IN_LIMITS.addressDelay),
  );
}

type Attempt = { email: string; ipAddress: string };

/**
 * Before a password is checked: refuses a pair that failed too often, otherwise waits as long as
 * the account's and address's failures ask. Every attempt waits, right or wrong, so the time
 * taken never tells whether the password was right.
 */
export async function throttlePasswordCheck(db: Executor, attempt: Attempt): Promise<void> {
  const failures = await countRecentFailures(
    db,
    attempt.email,
    attempt.ipAddress,
    SIGN_IN_LIMITS.windowMinutes,
  );
  if (failures.byPair >= SIGN_IN_LIMITS.perPair) {
    throw new AppError(
      'rate_limited',
      'Too many failed attempts from here; wait a few minutes and try again',
      {
        retryAfter: SIGN_IN_LIMITS.windowMinutes * 60,
      },
    );
  }
  const delay = signInDelay(failures);
  if (delay > 0) await wait(delay);
}

export const recordPasswordFailure = (db: Executor, attempt: Attempt) =>
  recordSignInFailure(db, attempt.email, attempt.ipAddress);

/** After the right password: this pair starts afresh; the account's failures elsewhere still count. */
export const clearPasswordFailures = (db: Executor, attempt: Attempt) =>
  clearSignInFailures(db, attempt.email, attempt.ipAddress);
