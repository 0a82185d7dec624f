import { PURPOSE } from '../../../../common/src/contracts/personal-data.ts';
import { dayInWords } from '../../../../common/src/wording.ts';
import type { Db } from '../../db/client.ts';
import type { Mailer, OutgoingMail } from '../notifications/mailer.ts';
import { deliverOutbox, idsOf } from '../notifications/outbox.ts';
import { claimUnsentOutcomeMail, markOutcomeMail } from './disputes.repository.ts';

type Claimed = Awaited<ReturnType<typeof claimUnsentOutcomeMail>>[number];

/** The e-mail asking the partner's contact to acknowledge what was agreed, with their private link. */
export function outcomeMail(
  message: Claimed & { email: string; token: string },
  baseUrl: string,
): OutgoingMail {
  const lastDay = message.linkExpiresAt ? dayInWords(message.linkExpiresAt) : null;
  return {
    to: `${message.contactName ?? ''} <${message.email}>`,
    subject: `${message.unitName}: the outcome of dispute #${message.reference}, for you to acknowledge`,
    text: `Dear ${message.contactName ?? 'colleague'},\n\n${message.unitName} has recorded what was agreed to resolve dispute #${message.reference}. Please read it and acknowledge it here (this link is yours alone; no account needed):\n${baseUrl}/outcome/${message.token}\n\n${lastDay ? `The link works until ${lastDay}. ` : ''}If what is recorded is not what you agreed, reply to your contact at the university instead.\n`,
  };
}

/**
 * Sends the outcome links waiting to go, in batches locked with SKIP LOCKED so two workers never
 * send one twice. Each link is erased once its e-mail is sent. One whose contact has no address,
 * may not be contacted about the arrangement (consent, erasure), or whose outcome was already
 * acknowledged or whose link has expired, is withheld: erased unsent. Returns how many were sent.
 */
export async function deliverDisputeOutcomeMail(db: Db, mailer: Mailer, baseUrl: string): Promise<number> {
  return deliverOutbox<Claimed>(db, mailer, {
    claim: claimUnsentOutcomeMail,
    purpose: PURPOSE.arrangements,
    contactOf: (message) => message.contactId,
    compose: (message, now) => {
      const { email, token } = message;
      if (!email || !token || message.acknowledgedAt) return null;
      if (message.linkExpiresAt && message.linkExpiresAt <= now) return null;
      return outcomeMail({ ...message, email, token }, baseUrl);
    },
    settle: async (tx, { sent, withheld }) => {
      await markOutcomeMail(tx, idsOf(sent), true);
      await markOutcomeMail(tx, idsOf(withheld), false);
    },
  });
}
