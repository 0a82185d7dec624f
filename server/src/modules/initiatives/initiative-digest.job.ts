import { PURPOSE } from '../../../../common/src/contracts/personal-data.ts';
import { inputStatusLabels } from '../../../../common/src/labels/initiatives.ts';
import type { Db, Executor } from '../../db/client.ts';
import { hashSecret, newSecret } from '../auth/secrets.ts';
import type { Mailer, OutgoingMail } from '../notifications/mailer.ts';
import { contactableFor } from '../personal-data/consents.service.ts';
import {
  claimDigests,
  closeDigests,
  insertLinks,
  insertOutbox,
  keyContactsOf,
  publicPathOf,
  publishedItems,
} from './initiatives.repository.ts';

const BATCH = 25;

/** What the digest says when no response was written. */
const noResponse = {
  open: 'We are still considering this.',
  adopted: 'We took this on.',
  adapted: 'We took this on, changed.',
  not_adopted: 'We decided not to take this forward.',
} as const;

type Claimed = Awaited<ReturnType<typeof claimDigests>>[number];
type Item = Awaited<ReturnType<typeof publishedItems>>[number];

/**
 * Queues a milestone's digest for the involved partners' current key contacts: those with an
 * address who may be contacted about initiatives (consent for the purpose). Returns how many.
 */
export async function enqueueDigests(
  tx: Executor,
  initiative: { id: string; published: boolean },
  milestoneId: string,
) {
  const initiativeId = initiative.id;
  const reached = (await keyContactsOf(tx, initiativeId)).filter((c) => c.email);
  const allowed = await contactableFor(
    tx,
    reached.map((c) => c.contactId),
    PURPOSE.initiatives,
  );
  // Each digest of a published page carries its own link, kept in the queue until sent.
  const rows = reached
    .filter((c) => allowed.has(c.contactId))
    .map((c) => ({
      milestoneId,
      contactId: c.contactId,
      partnerId: c.partnerId,
      email: c.email!,
      token: initiative.published ? newSecret() : null,
    }));
  const queued = await insertOutbox(tx, rows);
  await insertLinks(
    tx,
    initiativeId,
    rows.flatMap((r) => (r.token ? [hashSecret(r.token)] : [])),
  );
  return queued;
}

/** The digest: the milestone, and what the partner said and what was done, published items only. */
export function digestMail(message: Claimed, items: Item[], baseUrl: string): OutgoingMail {
  const { initiative } = message;
  const lines = items.map(
    (item) =>
      `You said: ${item.youSaid}\nWe did: ${item.weDid ?? noResponse[item.status]}\nStatus: ${inputStatusLabels[item.status]}${item.reason ? ` (${item.reason})` : ''}`,
  );
  const link = initiative.publishedAt && message.token ? `${baseUrl}${publicPathOf(message.token)}` : null;
  return {
    to: `${message.contactName} <${message.email}>`,
    subject: `${initiative.title}: ${message.milestoneTitle}`,
    text: [
      `Dear ${message.contactName},`,
      `${initiative.title}, run by ${message.unitName}, has reached a milestone: ${message.milestoneTitle}.`,
      lines.length
        ? `You said, we did:\n\n${lines.join('\n\n')}`
        : 'There is nothing new to report on your input yet.',
      link ? `The whole record, kept up to date (no account needed):\n${link}` : '',
      'Thank you for taking part.',
    ]
      .filter(Boolean)
      .join('\n\n'),
  };
}

/**
 * Sends the queued digests in batches. Consent is asked again at sending: one withdrawn since the
 * milestone is dropped unsent. A failed send stays queued for the next run. Returns how many were sent.
 */
export async function deliverInitiativeDigests(db: Db, mailer: Mailer, baseUrl: string): Promise<number> {
  let sent = 0;
  for (;;) {
    const batch = await db.transaction(async (tx) => {
      const messages = await claimDigests(tx, BATCH);
      const allowed = await contactableFor(
        tx,
        messages.map((m) => m.contactId),
        PURPOSE.initiatives,
      );
      const closed: string[] = [];
      let delivered = 0;
      for (const message of messages) {
        if (!allowed.has(message.contactId)) {
          closed.push(message.id);
          continue;
        }
        const items = await publishedItems(tx, message.initiative.id, message.partnerId);
        try {
          await mailer.send(digestMail(message, items, baseUrl));
          closed.push(message.id);
          delivered++;
        } catch {
          // Left queued: the next run tries again.
        }
      }
      await closeDigests(tx, closed);
      return { claimed: messages.length, closed: closed.length, delivered };
    });
    sent += batch.delivered;
    if (batch.claimed < BATCH || batch.closed === 0) return sent;
  }
}
