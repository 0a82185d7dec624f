import { DateTime } from 'luxon';
import { UNIVERSITY_TIME_ZONE } from '../../../../common/src/wording.ts';
import type { Db } from '../../db/client.ts';
import { recordChanges, type Writer } from '../../db/records.ts';
import { presentReview, unsafeClaimReviewsDue } from './reviews.repository.ts';

/** Rapport itself, as the writer of what the sweep records. */
const sweep: Writer = { actor: { userId: null, tokenId: null }, requestId: null };
const BATCH = 100;

/** How many days ahead of a review its relationship's manager is reminded of it. */
export const REVIEW_REMINDER_DAYS = 14;

/**
 * The review-due reminder: each scheduled review of an active relationship that falls within
 * `REVIEW_REMINDER_DAYS` (or is already late) is recorded as due (the `review.due` event) once
 * per scheduled date; the reviews subscriber tells the relationship's manager and deputies.
 * Rescheduling it brings a new reminder for the new date. Idempotent, safe on several workers.
 */
export async function remindReviewsDue(db: Db, now = new Date()): Promise<number> {
  const today = DateTime.fromJSDate(now, { zone: UNIVERSITY_TIME_ZONE }).toISODate()!;
  let total = 0;
  for (;;) {
    const count = await db.transaction(async (tx) => {
      const claimed = await unsafeClaimReviewsDue(tx, today, REVIEW_REMINDER_DAYS, BATCH);
      const presented = [];
      for (const id of claimed) presented.push((await presentReview(tx, id))!);
      await recordChanges(
        tx,
        sweep,
        presented.map((r) => ({ entity: 'review', entityId: r.id, action: 'due', after: r })),
      );
      return claimed.length;
    });
    total += count;
    if (count < BATCH) return total;
  }
}
