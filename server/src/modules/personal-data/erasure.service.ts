import type { Executor } from '../../db/client.ts';
import { recordChange, recordChanges, type Writer } from '../../db/records.ts';
import { AppError, invalid, notFound } from '../../errors.ts';
import type { Ctx } from '../../lib/context.ts';
import type { Storage } from '../attachments/storage.ts';
import { isErased } from './consents.repository.ts';
import { requireDataProtection } from './consents.service.ts';
import {
  anonymiseContact,
  clearOwnHistory,
  insertErasure,
  lockContact,
  patternsOf,
  removeNamingAttachments,
  scrubMentions,
} from './erasure.repository.ts';

/**
 * Erases one person inside the caller's transaction: the contact row keeps its id (so
 * affiliations, touch points and counts stay) but loses name, addresses, numbers and notes;
 * every mention of them in free text and in copies of records (the audit log, events, stored
 * responses) is replaced; their consents, and attachments whose name names them, go. The audit
 * records that an erasure happened and how many rows it changed, never what was erased.
 * Answers null when the contact was already erased.
 */
export async function eraseInside(
  tx: Executor,
  writer: Writer,
  contactId: string,
  erasedById: string | null,
) {
  const contact = await lockContact(tx, contactId);
  if (!contact) throw notFound('Contact');
  if (await isErased(tx, contactId)) return null;
  const patterns = patternsOf([contact.name, ...contact.emails, ...contact.phones]);
  const cleared: Record<string, number> = {};
  const removedFiles: string[] = [];
  const ownEntries = await clearOwnHistory(tx, contactId);
  const own = await anonymiseContact(tx, contactId);
  if (patterns) {
    const files = await removeNamingAttachments(tx, patterns.text);
    removedFiles.push(...files.map((f) => f.storageKey));
    if (files.length) cleared.attachments = files.length;
    await recordChanges(
      tx,
      writer,
      files.map((f) => ({
        entity: 'attachment',
        entityId: f.id,
        action: 'deleted',
        detail: { reason: 'erasure' },
      })),
    );
    Object.assign(cleared, await scrubMentions(tx, patterns));
  }
  if (own.consents) cleared.consents = own.consents;
  if (own.invitations) cleared.activity_invitations = own.invitations;
  if (own.feedback) cleared.activity_feedback = own.feedback;
  if (own.surveyInvitations) cleared.survey_invitations = own.surveyInvitations;
  if (ownEntries) cleared.history = ownEntries;
  const erasedAt = await insertErasure(tx, contactId, erasedById);
  await recordChange(tx, writer, {
    entity: 'contact',
    entityId: contactId,
    action: 'erased',
    detail: { cleared },
  });
  return { contactId, erasedAt: (erasedAt ?? new Date()).toISOString(), cleared, removedFiles };
}

const sameName = (a: string, b: string) =>
  a.trim().toLocaleLowerCase('en-GB') === b.trim().toLocaleLowerCase('en-GB');

/** The erasure a data protection holder asks for, confirmed by typing the person's name. */
export async function eraseContact(ctx: Ctx, storage: Storage, contactId: string, confirmName: string) {
  await requireDataProtection(ctx);
  const result = await ctx.db.transaction(async (tx) => {
    const contact = await lockContact(tx, contactId);
    if (!contact) throw notFound('Contact');
    if (await isErased(tx, contactId))
      throw new AppError('conflict', "This contact's personal data has already been erased");
    if (!sameName(confirmName, contact.name))
      throw invalid(
        'confirmName',
        "must be the contact's full name exactly as shown, to confirm the erasure",
      );
    return (await eraseInside(tx, ctx, contactId, ctx.actor.userId))!;
  });
  // The rows are gone with the commit; the files follow (a failure leaves them to the nightly sweep).
  for (const key of result.removedFiles)
    await storage.delete(key).catch((err: unknown) => ctx.log.warn({ err }, 'erased attachment file kept'));
  const { removedFiles: _files, ...answer } = result;
  return answer;
}
