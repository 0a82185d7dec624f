import type { AgreementTerms } from '../../../../common/src/contracts/agreements.ts';
import { PURPOSE } from '../../../../common/src/contracts/personal-data.ts';
import {
  type AgreementTermField,
  agreementTermFields,
  agreementTermLabels,
} from '../../../../common/src/labels/agreements.ts';
import type { Db } from '../../db/client.ts';
import type { Mailer, OutgoingMail } from '../notifications/mailer.ts';
import { deliverOutbox, idsOf } from '../notifications/outbox.ts';
import { claimPendingPartnerNotices, markPartnerNotices } from './agreements.repository.ts';

type Claimed = Awaited<ReturnType<typeof claimPendingPartnerNotices>>[number];

const shown = (value: string | null | undefined) =>
  value === null || value === undefined || value === '' ? '(none)' : value;

/** What changed, field by field, against the version that was in force. */
export function changedTerms(base: AgreementTerms, terms: Partial<AgreementTerms>) {
  return agreementTermFields
    .filter((field): field is AgreementTermField => field in terms && terms[field] !== base[field])
    .map((field) => ({ field, before: base[field] ?? null, after: terms[field] ?? null }));
}

/** The e-mail telling the partner's contact of an approved change to their agreement. */
export function changeMail(message: Claimed, to: { name: string; email: string }): OutgoingMail {
  const lines = changedTerms(message.baseTerms, message.terms).map(
    (d) => `- ${agreementTermLabels[d.field]}: ${shown(d.before)} → ${shown(d.after)}`,
  );
  return {
    to: `${to.name} <${to.email}>`,
    subject: `${message.unitName}: a change to "${message.title}" is now in force`,
    text: `Dear ${to.name},\n\nA change to the agreement "${message.title}" between ${message.partnerName} and ${message.unitName} has been approved and is now in force.\n\nWhat changed:\n${lines.join('\n')}\n\nWhy: ${message.reason}\n\nIf this is not what you understood was agreed, reply to your contact at the university.\n`,
  };
}

/**
 * Tells partners' contacts of approved agreement changes, in batches locked with SKIP LOCKED so
 * two workers never send one twice; each change is told once (sent), or withheld when there is
 * nobody to tell, no address, or the contact may not be contacted about the arrangement.
 * Returns how many were sent.
 */
export async function deliverAgreementChangeMail(db: Db, mailer: Mailer, _baseUrl: string): Promise<number> {
  return deliverOutbox<Claimed>(db, mailer, {
    claim: claimPendingPartnerNotices,
    purpose: PURPOSE.arrangements,
    contactOf: (message) => message.contact?.id ?? null,
    compose: (message) => {
      const contact = message.contact;
      if (!contact?.email || changedTerms(message.baseTerms, message.terms).length === 0) return null;
      return changeMail(message, { name: contact.name, email: contact.email });
    },
    settle: async (tx, { sent, withheld }) => {
      await markPartnerNotices(tx, idsOf(sent), 'sent');
      await markPartnerNotices(tx, idsOf(withheld), 'withheld');
    },
  });
}
