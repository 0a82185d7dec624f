import { createHash } from 'node:crypto';
import { pipeline, type Readable, Transform } from 'node:stream';
import { uuidv7 } from 'uuidv7';
import { attachmentTypeLabel, formatBytes } from '../../../../common/src/contracts/attachments.ts';
import { type AttachableKind, attachmentTypeLabels } from '../../../../common/src/labels/attachments.ts';
import type { Executor } from '../../db/client.ts';
import { recordChange } from '../../db/records.ts';
import { AppError, forbidden, invalid, notFound } from '../../errors.ts';
import type { Ctx } from '../../lib/context.ts';
import { type Actor, hasRole, isAdministrator } from '../access/actor.ts';
import { agreementAudience, requestAudience, touchpointAudience } from '../access/audience.repository.ts';
import {
  type AttachmentRow,
  attachmentsOf,
  deleteAttachment,
  findAttachment,
  insertAttachment,
  presentAttachment,
  recordOf,
  relationshipExists,
} from './attachments.repository.ts';
import { detectType } from './detect.ts';
import type { Storage } from './storage.ts';

/** What the attachment routes are given: where the bytes go, and what an upload may be. */
export type AttachmentDeps = { storage: Storage; maxBytes: number; types: readonly string[] };

/** A file arriving: its name as the uploader's computer had it, its bytes, and whether they were cut at the limit. */
export type Upload = { fileName: string; stream: Readable; truncated(): boolean };

const nouns: Record<AttachableKind, string> = {
  touchpoints: 'Touch point',
  requests: 'Request',
  relationships: 'Relationship',
  agreements: 'Agreement',
};

/**
 * Whether the actor may read the record: its own read rule (confidential touch points and
 * requests and agreements for their readers only; relationships for every member of staff).
 */
function canReadRecord(db: Executor, actor: Actor, kind: AttachableKind, id: string) {
  if (kind === 'touchpoints') return touchpointAudience.readableBy(db, actor, id);
  if (kind === 'requests') return requestAudience.readableBy(db, actor, id);
  if (kind === 'agreements') return agreementAudience.readableBy(db, actor, id);
  return relationshipExists(db, id);
}

/** Loads nothing, but refuses a record the actor may not read as if it did not exist. */
async function checkReadable(ctx: Ctx, db: Executor, kind: AttachableKind, id: string) {
  if (!(await canReadRecord(db, ctx.actor, kind, id))) throw notFound(nouns[kind]);
}

/** Staff who may read a record may attach files to it. */
const canUpload = (actor: Actor) => !actor.readOnly && hasRole(actor, 'staff');

/** Whoever attached a file, and administrators, may remove it. */
const canRemove = (actor: Actor, row: Pick<AttachmentRow, 'uploadedById'>) =>
  !actor.readOnly && (row.uploadedById === actor.userId || isAdministrator(actor));

const withAbilities = (ctx: Ctx, row: AttachmentRow) => ({
  ...presentAttachment(row),
  can: { delete: canRemove(ctx.actor, row) },
});

/** Where a record's files live: one prefix per record, so its files go with it. */
export const recordPrefix = (kind: AttachableKind, recordId: string) => `${kind}/${recordId}`;

/** A file name as it is kept: the last part of a path, without control characters, at most 255 characters. */
function cleanFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed
  const clean = base.replace(/[\u0000-\u001F\u007F]/g, '').trim();
  return clean.slice(-255) || 'file';
}

/** Counts and hashes the bytes that pass through. */
function meter() {
  const hash = createHash('sha256');
  let size = 0;
  const stream = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      size += chunk.length;
      done(null, chunk);
    },
  });
  return { stream, result: () => ({ size, sha256: hash.digest('hex') }) };
}

const typesInWords = (types: readonly string[]) => types.map(attachmentTypeLabel).join(', ');

export async function listAttachments(ctx: Ctx, deps: AttachmentDeps, kind: AttachableKind, id: string) {
  await checkReadable(ctx, ctx.db, kind, id);
  const rows = await attachmentsOf(ctx.db, kind, id);
  return {
    items: rows.map((row) => withAbilities(ctx, row)),
    limits: { maxBytes: deps.maxBytes, types: [...deps.types] },
    can: { upload: canUpload(ctx.actor) },
  };
}

/**
 * Attaches the file `open` yields to a record. Access is checked before a byte is read; the
 * bytes are streamed into storage (cut at the size limit), their type recognised from what was
 * stored, and the row and its event written only for a file that is kept. A refused file is
 * removed again, so a refusal leaves neither a row nor a file.
 */
export async function attachFile(
  ctx: Ctx,
  deps: AttachmentDeps,
  kind: AttachableKind,
  recordId: string,
  open: () => Promise<Upload | null>,
) {
  if (!canUpload(ctx.actor)) throw forbidden();
  await checkReadable(ctx, ctx.db, kind, recordId);
  const upload = await open();
  if (!upload) throw invalid('file', 'is missing: choose a file to attach');
  const id = uuidv7();
  const key = `${recordPrefix(kind, recordId)}/${id}`;
  const fileName = cleanFileName(upload.fileName);
  const measured = meter();
  let kept = false;
  try {
    // pipeline, not pipe: a connection that breaks mid-file fails the write instead of hanging it.
    await deps.storage.put(
      key,
      pipeline(upload.stream, measured.stream, () => {}),
    );
    if (upload.truncated()) {
      throw new AppError('too_large', 'The file is too large', {
        errors: [
          { field: 'file', message: `is larger than ${formatBytes(deps.maxBytes)}, the most Rapport takes` },
        ],
      });
    }
    const { size, sha256 } = measured.result();
    if (size === 0) throw invalid('file', 'is empty');
    const opened = async () => (await deps.storage.get(key))!;
    const detected = await detectType(opened, fileName);
    if (!detected || !deps.types.includes(detected.contentType)) {
      const what = detected
        ? `takes (its content is ${attachmentTypeLabels[detected.contentType] ?? detected.name.toUpperCase()}, whatever its name says)`
        : 'recognises';
      throw invalid('file', `is not a kind of file Rapport ${what}: attach ${typesInWords(deps.types)}`);
    }
    const row = await ctx.db.transaction(async (tx) => {
      // The record may have gone while the bytes arrived; the foreign key says so too.
      await checkReadable(ctx, tx, kind, recordId);
      const inserted = await insertAttachment(tx, {
        id,
        touchpointId: kind === 'touchpoints' ? recordId : null,
        requestId: kind === 'requests' ? recordId : null,
        relationshipId: kind === 'relationships' ? recordId : null,
        agreementId: kind === 'agreements' ? recordId : null,
        fileName,
        size,
        contentType: detected.contentType,
        sha256,
        storageKey: key,
        uploadedById: ctx.actor.userId,
      });
      await recordChange(tx, ctx, {
        entity: 'attachment',
        entityId: id,
        action: 'created',
        after: presentAttachment(inserted),
      });
      return inserted;
    });
    kept = true;
    return withAbilities(ctx, row);
  } finally {
    if (!kept) await deps.storage.delete(key);
  }
}

/** An attachment the actor may read: one on a record they may read. Hidden and missing look the same. */
async function loadVisible(ctx: Ctx, db: Executor, id: string) {
  const row = await findAttachment(db, id);
  if (!row) throw notFound('Attachment');
  const record = recordOf(row);
  if (!(await canReadRecord(db, ctx.actor, record.kind, record.id))) throw notFound('Attachment');
  return row;
}

/** The file's bytes and what to say about them; null bytes when storage has lost them. */
export async function openAttachment(ctx: Ctx, deps: AttachmentDeps, id: string) {
  const row = await loadVisible(ctx, ctx.db, id);
  const body = await deps.storage.get(row.storageKey);
  if (!body) {
    ctx.log.error({ attachmentId: id }, 'attachment bytes missing from storage');
    throw notFound('Attachment');
  }
  return { fileName: row.fileName, contentType: row.contentType, size: row.size, body };
}

/** Removes an attachment: the row and its event in one transaction, then the bytes. */
export async function removeAttachment(ctx: Ctx, deps: AttachmentDeps, id: string) {
  const row = await ctx.db.transaction(async (tx) => {
    const found = await loadVisible(ctx, tx, id);
    if (!canRemove(ctx.actor, found))
      throw forbidden('Only whoever attached the file or an administrator can remove it');
    if (!(await deleteAttachment(tx, id))) throw notFound('Attachment');
    await recordChange(tx, ctx, {
      entity: 'attachment',
      entityId: id,
      action: 'deleted',
      before: presentAttachment(found),
    });
    return found;
  });
  // After the commit: a failure here leaves an orphan for the sweep, never a row without bytes.
  await deps.storage.delete(row.storageKey).catch((err: unknown) => {
    ctx.log.error({ err, attachmentId: id }, 'could not remove an attachment file; the sweep will');
  });
}
