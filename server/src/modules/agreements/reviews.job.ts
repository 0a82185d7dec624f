import { DateTime } from 'luxon';
import { UNIVERSITY_TIME_ZONE } from '../../../../common/src/wording.ts';
import type { Db } from '../../db/client.ts';
import { recordChanges, type Writer } from '../../db/records.ts';
import { presentAgreement, unsafeClaimReviewsDue } from './agreements.repository.ts';

/** Rapport itself, as the writer of what the sweep records. */
const sweep: Writer = { actor: { userId: null, tokenId: null }, requestId: null };
const BATCH = 100;

/**
 * The review reminder: each agreement in force whose review date is within its reminder days is
 * recorded as due for review (the `agreement.review_due` event) once per review date; the
 * agreements subscriber then tells its owner. Idempotent, safe on several workers at once.
 */
export async function remindAgreementReviews(db: Db, now = new Date()): Promise<number> {
  const today = DateTime.fromJSDate(now, { zone: UNIVERSITY_TIME_ZONE }).toISODate()!;
  let total = 0;
  for (;;) {
    const count = await db.transaction(async (tx) => {
      const claimed = await unsafeClaimReviewsDue(tx, today, BATCH);
      const presented = [];
      for (const { id } of claimed) presented.push((await presentAgreement(tx, id))!);
      await recordChanges(
        tx,
        sweep,
        presented.map((a) => ({ entity: 'agreement', entityId: a.id, action: 'review_due', after: a })),
      );
      return claimed.length;
    });
    total += count;
    if (count < BATCH) return total;
  }
}
