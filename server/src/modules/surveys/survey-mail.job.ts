import { dayInWords } from '../../../../common/src/wording.ts';
import type { Db } from '../../db/client.ts';
import type { Mailer, OutgoingMail } from '../notifications/mailer.ts';
import { contactableFor } from '../personal-data/consents.service.ts';
import { claimUnsentMail, markMail } from './surveys.repository.ts';
import { SURVEYS_PURPOSE } from './surveys.service.ts';

type Claimed = Awaited<ReturnType<typeof claimUnsentMail>>[number];

const BATCH = 25;

/** The e-mail asking one contact to answer, with their private link. */
export function surveyMail(message: Claimed, baseUrl: string): OutgoingMail {
  // The closing instant is the start of the next day: the last day to answer is the one before.
  const lastDay = dayInWords(new Date(message.closesAt.getTime() - 1));
  return {
    to: `${message.contactName} <${message.email}>`,
    subject: `${message.unitName} would like your view: ${message.title}`,
    text: `Dear ${message.contactName},\n\n${message.unitName} would value a few minutes of your time: how is our work together going?\n\nAnswer here (this link is yours alone and can be used once; no account needed):\n${baseUrl}/surveys/answer/${message.token}\n\nThe survey closes at the end of ${lastDay}. Your answers are kept apart from your name and shown to us only together with others'.\n`,
  };
}

/**
 * Sends the survey e-mail waiting to go, in batches locked with SKIP LOCKED so two workers
 * never send one twice. A sent message has its link erased from the database (its hash stays).
 * One to a contact who may no longer be contacted for surveys, or of a survey closed meanwhile,
 * is dropped unsent. Returns how many were sent.
 */
export async function deliverSurveyMail(db: Db, mailer: Mailer, baseUrl: string): Promise<number> {
  let sent = 0;
  for (;;) {
    const batch = await db.transaction(async (tx) => {
      const messages = await claimUnsentMail(tx, BATCH);
      const allowed = await contactableFor(
        tx,
        messages.map((m) => m.contactId),
        SURVEYS_PURPOSE,
      );
      const delivered: string[] = [];
      const withheld: string[] = [];
      const now = new Date();
      for (const message of messages) {
        if (
          !message.email ||
          !allowed.has(message.contactId) ||
          message.closedAt ||
          message.closesAt <= now
        ) {
          withheld.push(message.id);
          continue;
        }
        try {
          await mailer.send(surveyMail(message, baseUrl));
          delivered.push(message.id);
        } catch {
          // Left queued: the next run tries again.
        }
      }
      await markMail(tx, delivered, true);
      await markMail(tx, withheld, false);
      return {
        claimed: messages.length,
        delivered: delivered.length,
        done: delivered.length + withheld.length,
      };
    });
    sent += batch.delivered;
    if (batch.claimed < BATCH || batch.done === 0) return sent;
  }
}
