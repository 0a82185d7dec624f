import { asc, eq, inArray } from 'drizzle-orm';
import type { AttachableKind } from '../../../../common/src/labels/attachments.ts';
import type { Executor } from '../../db/client.ts';
import type { NewRow } from '../../db/records.ts';
import { attachments } from '../../db/schema/attachments.ts';
import { relationships } from '../../db/schema/relationships.ts';
import { users } from '../../db/schema/users.ts';

/** The column that points at each kind of record. */
const referenceOf = {
  touchpoints: attachments.touchpointId,
  requests: attachments.requestId,
  relationships: attachments.relationshipId,
  agreements: attachments.agreementId,
} as const;

const columns = {
  id: attachments.id,
  touchpointId: attachments.touchpointId,
  requestId: attachments.requestId,
  relationshipId: attachments.relationshipId,
  agreementId: attachments.agreementId,
  fileName: attachments.fileName,
  size: attachments.size,
  contentType: attachments.contentType,
  sha256: attachments.sha256,
  storageKey: attachments.storageKey,
  uploadedById: attachments.uploadedById,
  uploadedByName: users.name,
  uploadedAt: attachments.uploadedAt,
};

export type AttachmentRow = Awaited<ReturnType<typeof findAttachment>> & {};

const selectAttachments = (db: Executor) =>
  db.select(columns).from(attachments).innerJoin(users, eq(users.id, attachments.uploadedById));

/** The record an attachment belongs to. */
export function recordOf(
  row: Pick<AttachmentRow, 'touchpointId' | 'requestId' | 'relationshipId' | 'agreementId'>,
): {
  kind: AttachableKind;
  id: string;
} {
  if (row.touchpointId) return { kind: 'touchpoints', id: row.touchpointId };
  if (row.requestId) return { kind: 'requests', id: row.requestId };
  if (row.agreementId) return { kind: 'agreements', id: row.agreementId };
  return { kind: 'relationships', id: row.relationshipId! };
}

/** The public form (the storage key stays inside the server). */
export function presentAttachment(row: AttachmentRow) {
  const record = recordOf(row);
  return {
    id: row.id,
    recordKind: record.kind,
    recordId: record.id,
    fileName: row.fileName,
    size: row.size,
    contentType: row.contentType,
    sha256: row.sha256,
    uploadedById: row.uploadedById,
    uploadedByName: row.uploadedByName,
    uploadedAt: row.uploadedAt.toISOString(),
  };
}

export async function findAttachment(db: Executor, id: string) {
  const [row] = await selectAttachments(db).where(eq(attachments.id, id));
  return row ?? null;
}

/** A record's files, oldest first (a record has a handful; no page is needed). */
export function attachmentsOf(db: Executor, kind: AttachableKind, recordId: string) {
  return selectAttachments(db)
    .where(eq(referenceOf[kind], recordId))
    .orderBy(asc(attachments.uploadedAt), asc(attachments.id));
}

export async function insertAttachment(tx: Executor, values: NewRow<typeof attachments, 'uploadedAt'>) {
  const [row] = await tx.insert(attachments).values(values).returning({ id: attachments.id });
  return (await findAttachment(tx, row!.id))!;
}

/** Deletes the row; false when it was already gone. */
export async function deleteAttachment(tx: Executor, id: string) {
  const rows = await tx.delete(attachments).where(eq(attachments.id, id)).returning({ id: attachments.id });
  return rows.length > 0;
}

/** Of these storage keys, those a row still names (the orphan sweep keeps them). */
export async function keysInUse(db: Executor, keys: readonly string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const rows = await db
    .select({ key: attachments.storageKey })
    .from(attachments)
    .where(inArray(attachments.storageKey, [...keys]));
  return new Set(rows.map((r) => r.key));
}

/** Whether a relationship exists (relationships are read by every member of staff). */
export async function relationshipExists(db: Executor, id: string) {
  const [row] = await db.select({ id: relationships.id }).from(relationships).where(eq(relationships.id, id));
  return Boolean(row);
}
