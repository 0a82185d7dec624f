import { dayInWords } from '../../../../common/src/wording.ts';
import type { Db } from '../../db/client.ts';
import type { Mailer, OutgoingMail } from '../notifications/mailer.ts';
import { contactableFor } from '../personal-data/consents.service.ts';
import { claimUnsentOutcomeMail, markOutcomeMail } from './disputes.repository.ts';
import { ARRANGEMENTS_PURPOSE } from './disputes.service.ts';

type Claimed = Awaited<ReturnType<typeof claimUnsentOutcomeMail>>[number];

const BATCH = 25;

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
  let sent = 0;
  for (;;) {
    const batch = await db.transaction(async (tx) => {
      const messages = await claimUnsentOutcomeMail(tx, BATCH);
      const allowed = await contactableFor(
        tx,
        messages.flatMap((m) => (m.contactId ? [m.contactId] : [])),
        ARRANGEMENTS_PURPOSE,
      );
      const delivered: string[] = [];
      const withheld: string[] = [];
      const now = new Date();
      for (const message of messages) {
        const { email, token, contactId } = message;
        if (
          !email ||
          !token ||
          !contactId ||
          !allowed.has(contactId) ||
          message.acknowledgedAt ||
          (message.linkExpiresAt && message.linkExpiresAt <= now)
        ) {
          withheld.push(message.id);
          continue;
        }
        try {
          await mailer.send(outcomeMail({ ...message, email, token }, baseUrl));
          delivered.push(message.id);
        } catch {
          // Left queued: the next run tries again.
        }
      }
      await markOutcomeMail(tx, delivered, true);
      await markOutcomeMail(tx, withheld, false);
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
