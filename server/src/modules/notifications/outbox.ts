import type { Db, Tx } from '../../db/client.ts';
import { contactableFor } from '../personal-data/consents.service.ts';
import type { Mailer, OutgoingMail } from './mailer.ts';

/**
 * E-mail to partners' contacts waiting in one module's table (survey and assessment links,
 * activity invitations, dispute outcomes, agreement changes): how to claim it, whom and under
 * which consent purpose it goes to, what it says, and how to record what became of it.
 */
export interface PartnerOutbox<M> {
  /** Claims up to `limit` messages waiting to go, locked with SKIP LOCKED. */
  claim: (tx: Tx, limit: number) => Promise<M[]>;
  /** The consent purpose the e-mail goes under. */
  purpose: string;
  /** The contact it goes to, or null when there is nobody to tell (withheld). */
  contactOf: (message: M) => string | null;
  /**
   * The e-mail, or null when it must be withheld even with consent: no address, or the thing it
   * asks about has closed, expired or been answered meanwhile.
   */
  compose: (message: M, now: Date) => OutgoingMail | null;
  /** Records the messages sent and those withheld (never to be sent). */
  settle: (tx: Tx, outcome: { sent: M[]; withheld: M[] }) => Promise<void>;
}

const BATCH = 25;

/**
 * Sends what waits in an outbox, a batch per transaction, each batch claimed with SKIP LOCKED so
 * two workers never send one message twice. Consent is checked again at sending: a contact who
 * has withdrawn the purpose since (or was erased) is not written to. A message the mail server
 * refuses stays waiting for the next run. Stops when a batch is short, or when a whole batch was
 * refused (the server is down). Returns how many were sent.
 */
export async function deliverOutbox<M>(db: Db, mailer: Mailer, outbox: PartnerOutbox<M>): Promise<number> {
  let sent = 0;
  for (;;) {
    const batch = await db.transaction(async (tx) => {
      const messages = await outbox.claim(tx, BATCH);
      const allowed = await contactableFor(
        tx,
        messages.flatMap((m) => outbox.contactOf(m) ?? []),
        outbox.purpose,
      );
      const outcome = { sent: [] as M[], withheld: [] as M[] };
      const now = new Date();
      for (const message of messages) {
        const contactId = outbox.contactOf(message);
        const mail = contactId && allowed.has(contactId) ? outbox.compose(message, now) : null;
        if (!mail) {
          outcome.withheld.push(message);
          continue;
        }
        try {
          await mailer.send(mail);
          outcome.sent.push(message);
        } catch {
          // Left waiting: the next run tries again.
        }
      }
      await outbox.settle(tx, outcome);
      return {
        claimed: messages.length,
        sent: outcome.sent.length,
        done: outcome.sent.length + outcome.withheld.length,
      };
    });
    sent += batch.sent;
    if (batch.claimed < BATCH || batch.done === 0) return sent;
  }
}

/** The ids of claimed messages, for the repositories that mark them. */
export const idsOf = (messages: { id: string }[]) => messages.map((m) => m.id);
