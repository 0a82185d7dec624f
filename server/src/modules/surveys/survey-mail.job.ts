import { PURPOSE } from '../../../../common/src/contracts/personal-data.ts';
import { dayInWords } from '../../../../common/src/wording.ts';
import type { Db } from '../../db/client.ts';
import type { Mailer, OutgoingMail } from '../notifications/mailer.ts';
import { deliverOutbox, idsOf } from '../notifications/outbox.ts';
import { claimUnsentMail, markMail } from './surveys.repository.ts';

type Claimed = Awaited<ReturnType<typeof claimUnsentMail>>[number];

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
  return deliverOutbox<Claimed>(db, mailer, {
    claim: claimUnsentMail,
    purpose: PURPOSE.surveys,
    contactOf: (message) => message.contactId,
    compose: (message, now) =>
      !message.email || message.closedAt || message.closesAt <= now ? null : surveyMail(message, baseUrl),
    settle: async (tx, { sent, withheld }) => {
      await markMail(tx, idsOf(sent), true);
      await markMail(tx, idsOf(withheld), false);
    },
  });
}
