import { DateTime } from 'luxon';
import { UNIVERSITY_TIME_ZONE } from '../../../../common/src/wording.ts';
import type { Db } from '../../db/client.ts';
import { recordChanges, type Writer } from '../../db/records.ts';
import { presentAgreement, unsafeClaimEndsDue } from './agreements.repository.ts';

/** Rapport itself, as the writer of what the sweep records. */
const sweep: Writer = { actor: { userId: null, tokenId: null }, requestId: null };
const BATCH = 100;

/**
 * The end-date reminder: each agreement in force whose end date is within its reminder days is
 * recorded as coming to its end (the `agreement.ending` event) once per end date; the agreements
 * subscriber then tells its owner, in the app and by e-mail as they chose. Idempotent across runs
 * (the end date reminded of is kept on the row) and across workers (claimed with SKIP LOCKED).
 */
export async function remindAgreementEnds(db: Db, now = new Date()): Promise<number> {
  const today = DateTime.fromJSDate(now, { zone: UNIVERSITY_TIME_ZONE }).toISODate()!;
  let total = 0;
  for (;;) {
    const count = await db.transaction(async (tx) => {
      const claimed = await unsafeClaimEndsDue(tx, today, BATCH);
      const presented = [];
      for (const { id } of claimed) presented.push((await presentAgreement(tx, id))!);
      await recordChanges(
        tx,
        sweep,
        presented.map((a) => ({ entity: 'agreement', entityId: a.id, action: 'ending', after: a })),
      );
      return claimed.length;
    });
    total += count;
    if (count < BATCH) return total;
  }
}
