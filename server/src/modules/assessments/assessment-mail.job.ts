import { PURPOSE } from '../../../../common/src/contracts/personal-data.ts';
import { dayInWords } from '../../../../common/src/wording.ts';
import type { Db } from '../../db/client.ts';
import type { Mailer, OutgoingMail } from '../notifications/mailer.ts';
import { deliverOutbox, idsOf } from '../notifications/outbox.ts';
import { claimUnsentAssessmentMail, markAssessmentMail } from './assessments.repository.ts';

type Claimed = Awaited<ReturnType<typeof claimUnsentAssessmentMail>>[number];

/** The e-mail asking the partner's key contact to score the checklist, with their private link. */
export function assessmentMail(
  message: Claimed & { token: string; closesAt: Date },
  baseUrl: string,
): OutgoingMail {
  // The closing instant is the start of the next day: the last day to answer is the one before.
  const lastDay = dayInWords(new Date(message.closesAt.getTime() - 1));
  return {
    to: `${message.contactName} <${message.email}>`,
    subject: `${message.unitName} asks how you see our relationship`,
    text: `Dear ${message.contactName},\n\n${message.assessedByName} of ${message.unitName} has looked at how the relationship between ${message.partnerName} and ${message.unitName} is going, on a short checklist of what a good relationship manager does. Would you score the same checklist from your side? Where our views differ is where we can improve.\n\nScore it here (this link is yours alone and can be used once; no account needed):\n${baseUrl}/assessments/answer/${message.token}\n\nThe link closes at the end of ${lastDay}.\n`,
  };
}

/**
 * Sends the assessment links waiting to go, in batches locked with SKIP LOCKED so two workers
 * never send one twice. A sent link is erased from the database (its hash stays). One to a
 * contact with no address, marked "do not contact", who may no longer be contacted about surveys, whose link has closed
 * or who has answered meanwhile is dropped unsent. Returns how many were sent.
 */
export async function deliverAssessmentMail(db: Db, mailer: Mailer, baseUrl: string): Promise<number> {
  return deliverOutbox<Claimed>(db, mailer, {
    claim: claimUnsentAssessmentMail,
    purpose: PURPOSE.surveys,
    contactOf: (message) => message.contactId,
    compose: (message, now) => {
      const { token, closesAt } = message;
      if (!token || !closesAt || !message.email || message.answeredAt || closesAt <= now) return null;
      return assessmentMail({ ...message, token, closesAt }, baseUrl);
    },
    settle: async (tx, { sent, withheld }) => {
      await markAssessmentMail(tx, idsOf(sent), true);
      await markAssessmentMail(tx, idsOf(withheld), false);
    },
  });
}
