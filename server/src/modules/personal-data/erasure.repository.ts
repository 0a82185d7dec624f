import { and, eq, inArray, sql } from 'drizzle-orm';
import { type Executor, queryRows } from '../../db/client.ts';
import { activityFeedback, activityInvitations, activityOutbox } from '../../db/schema/activities.ts';
import { attachments } from '../../db/schema/attachments.ts';
import { auditLog } from '../../db/schema/audit.ts';
import { contacts } from '../../db/schema/contacts.ts';
import { events } from '../../db/schema/events.ts';
import { consents, erasures } from '../../db/schema/personal-data.ts';
import { surveyInvitations } from '../../db/schema/surveys.ts';

/** What an erasure writes in place of a name, an address or a number. */
export const ERASED = '[erased]';
/** The name an erased contact keeps, so touch points still count an (anonymous) participant. */
export const ERASED_NAME = 'Erased contact';

/**
 * The free-text columns that may mention a person by name, e-mail address or telephone number.
 * The erasure test searches every table of the catalogue for the person, so a new column that
 * can hold a mention fails it until it is listed here.
 */
const textColumns: readonly (readonly [table: string, column: string])[] = [
  ['touchpoints', 'subject'],
  ['touchpoints', 'notes'],
  ['requests', 'title'],
  ['requests', 'description'],
  ['requests', 'resolution'],
  ['request_comments', 'body'],
  ['request_transitions', 'note'],
  ['escalations', 'briefing'],
  ['escalations', 'deescalation_reason'],
  ['tasks', 'title'],
  ['contacts', 'notes'],
  ['contacts', 'job_title'],
  ['relationships', 'objectives'],
  ['activities', 'title'],
  ['activities', 'description'],
  ['notifications', 'title'],
  ['notifications', 'body'],
  ['saved_views', 'query'],
  ['sign_in_failures', 'email'],
  ['password_reset_asks', 'email'],
  ['consents', 'evidence'],
];

/** JSON columns holding copies of records (history, events, stored responses). */
const jsonColumns: readonly (readonly [table: string, column: string])[] = [
  ['audit_log', 'before'],
  ['audit_log', 'after'],
  ['events', 'payload'],
  ['request_changes', 'changes'],
  ['idempotency_keys', 'body'],
];

const escapeRegex = (s: string) => s.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');

/** A case-insensitive pattern for any of the terms, as plain text and as they appear inside JSON strings. */
export function patternsOf(terms: readonly string[]) {
  const kept = [...new Set(terms.map((t) => t.trim()).filter((t) => t.length >= 3))];
  if (kept.length === 0) return null;
  return {
    text: kept.map(escapeRegex).join('|'),
    json: kept.map((t) => escapeRegex(JSON.stringify(t).slice(1, -1))).join('|'),
  };
}

export async function lockContact(tx: Executor, id: string) {
  const [row] = await tx.select().from(contacts).where(eq(contacts.id, id)).for('update');
  return row ?? null;
}

/** Replaces every mention in the free-text and JSON columns; answers the rows changed per table. */
export async function scrubMentions(tx: Executor, patterns: { text: string; json: string }) {
  const cleared: Record<string, number> = {};
  for (const [table, column] of textColumns) {
    const col = sql.identifier(column);
    const rows = await queryRows(
      tx,
      sql`update ${sql.identifier(table)} set ${col} = regexp_replace(${col}, ${patterns.text}, ${ERASED}, 'gi')
          where ${col} ~* ${patterns.text} returning 1`,
    );
    if (rows.length) cleared[table] = (cleared[table] ?? 0) + rows.length;
  }
  for (const [table, column] of jsonColumns) {
    const col = sql.identifier(column);
    const rows = await queryRows(
      tx,
      sql`update ${sql.identifier(table)}
          set ${col} = regexp_replace(${col}::text, ${patterns.json}, ${ERASED}, 'gi')::jsonb
          where ${col}::text ~* ${patterns.json} returning 1`,
    );
    if (rows.length) cleared[table] = (cleared[table] ?? 0) + rows.length;
  }
  return cleared;
}

/** The contact's own history and events lose their before and after entirely. */
export async function clearOwnHistory(tx: Executor, contactId: string) {
  const audit = await tx
    .update(auditLog)
    .set({ before: null, after: null })
    .where(and(eq(auditLog.entity, 'contact'), eq(auditLog.entityId, contactId)))
    .returning({ id: auditLog.id });
  const own = await tx
    .update(events)
    .set({ payload: { before: null, after: null } })
    .where(and(eq(events.entity, 'contact'), eq(events.entityId, contactId)))
    .returning({ id: events.id });
  return audit.length + own.length;
}

/** The record itself: the person is gone, the row stays so links and counts remain. */
export async function anonymiseContact(tx: Executor, contactId: string) {
  await tx
    .update(contacts)
    .set({
      name: ERASED_NAME,
      emails: [],
      phones: [],
      jobTitle: null,
      notes: null,
      consentStatus: 'not_asked',
      consentRecordedOn: null,
      version: sql`${contacts.version} + 1`,
      updatedAt: sql`now()`,
    })
    .where(eq(contacts.id, contactId));
  const removed = await tx
    .delete(consents)
    .where(eq(consents.contactId, contactId))
    .returning({ id: consents.id });
  const invitations = await tx
    .update(activityInvitations)
    .set({ email: null })
    .where(eq(activityInvitations.contactId, contactId))
    .returning({ id: activityInvitations.id });
  if (invitations.length)
    await tx.delete(activityOutbox).where(
      and(
        inArray(
          activityOutbox.invitationId,
          invitations.map((i) => i.id),
        ),
        sql`${activityOutbox.sentAt} is null`,
      ),
    );
  // Their feedback on activities keeps its rating (the counts stay) but loses what they wrote.
  const feedback = invitations.length
    ? await tx
        .update(activityFeedback)
        .set({ useful: null, change: null })
        .where(
          inArray(
            activityFeedback.invitationId,
            invitations.map((i) => i.id),
          ),
        )
        .returning({ id: activityFeedback.id })
    : [];
  // A survey link not yet sent is erased with the address: nothing goes to an erased person.
  const asked = await tx
    .update(surveyInvitations)
    .set({ email: null, token: null })
    .where(eq(surveyInvitations.contactId, contactId))
    .returning({ id: surveyInvitations.id });
  return {
    consents: removed.length,
    invitations: invitations.length,
    feedback: feedback.length,
    surveyInvitations: asked.length,
  };
}

/** Attachments whose file name names the person: their rows go now, their files after commit. */
export async function removeNamingAttachments(tx: Executor, pattern: string) {
  return tx
    .delete(attachments)
    .where(sql`${attachments.fileName} ~* ${pattern}`)
    .returning({ id: attachments.id, storageKey: attachments.storageKey });
}

export async function insertErasure(tx: Executor, contactId: string, erasedById: string | null) {
  const [row] = await tx
    .insert(erasures)
    .values({ contactId, erasedById })
    .onConflictDoNothing()
    .returning({ erasedAt: erasures.erasedAt });
  return row?.erasedAt ?? null;
}
