import { PURPOSE } from '../../../../common/src/contracts/personal-data.ts';
import { dayInWords } from '../../../../common/src/wording.ts';
import type { Db } from '../../db/client.ts';
import { hashSecret, newSecret } from '../auth/secrets.ts';
import type { Mailer, OutgoingMail } from '../notifications/mailer.ts';
import { contactableFor } from '../personal-data/consents.service.ts';
import { claimDueReminders, markReminded } from './surveys.repository.ts';

type Due = Awaited<ReturnType<typeof claimDueReminders>>[number];

const DAY = 86_400_000;
/** A reminder goes once, when this little time is left before the survey closes... */
export const REMIND_CLOSING_WITHIN = 3 * DAY;
/** ...and at least this long after the first e-mail. */
export const REMIND_SINCE_EMAILED = DAY;
const BATCH = 25;

/** The one reminder to a contact who has not answered, with a link of its own. */
export function reminderMail(due: Due & { email: string }, token: string, baseUrl: string): OutgoingMail {
  const lastDay = dayInWords(new Date(due.closesAt.getTime() - 1));
  return {
    to: `${due.contactName} <${due.email}>`,
    subject: `A reminder from ${due.unitName}: ${due.title}`,
    text: `Dear ${due.contactName},\n\n${due.unitName} asked for your view a few days ago, and the survey closes at the end of ${lastDay}. If you have a few minutes, we would value your answers; this is the only reminder we will send.\n\nAnswer here (this link is yours alone and can be used once; no account needed):\n${baseUrl}/surveys/answer/${token}\n\nYour answers are kept apart from your name and shown to us only together with others'.\n`,
  };
}

/**
 * Reminds, once, each contact who was e-mailed a survey at least a day ago and has not answered,
 * when three days or fewer are left before it closes. Consent is asked again, and "do not
 * contact" and an erased address honoured: such a contact gets nothing. Each reminder carries a
 * new link (only its hash is kept; the first link works too). A reminder that fails to send is
 * left for the next run. Returns how many were sent.
 */
export async function remindSurveys(db: Db, mailer: Mailer, baseUrl: string, now = new Date()) {
  let sent = 0;
  // Those passed over in this run (no consent, a failed send): not claimed again until the next.
  const passed: string[] = [];
  for (;;) {
    const batch = await db.transaction(async (tx) => {
      const due = await claimDueReminders(
        tx,
        now,
        { closingWithin: REMIND_CLOSING_WITHIN, sinceEmailed: REMIND_SINCE_EMAILED },
        BATCH,
        passed,
      );
      const allowed = await contactableFor(
        tx,
        due.map((d) => d.contactId),
        PURPOSE.surveys,
      );
      let delivered = 0;
      for (const d of due) {
        const { email } = d;
        if (!email || !allowed.has(d.contactId)) {
          passed.push(d.id);
          continue;
        }
        const token = newSecret();
        try {
          await mailer.send(reminderMail({ ...d, email }, token, baseUrl));
        } catch {
          passed.push(d.id); // Left for the next run.
          continue;
        }
        await markReminded(tx, d.id, hashSecret(token), new Date());
        delivered++;
      }
      return { claimed: due.length, delivered };
    });
    sent += batch.delivered;
    if (batch.claimed < BATCH) return sent;
  }
}
