import type { Executor } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import type { Ctx } from '../../lib/context.ts';
import { removeAffiliationIn } from '../affiliations/affiliations.service.ts';
import { changeContactIn, contactIn, removeContactIn } from '../contacts/contacts.service.ts';
import { changePartnerIn, partnerIn, removePartnerIn } from '../partners/partners.service.ts';
import {
  changeRelationshipIn,
  relationshipIn,
  removeRelationshipIn,
} from '../relationships/relationships.service.ts';
import { touchpointIn, withdrawTouchpointWithin } from '../touchpoints/touchpoints.service.ts';
import type { ImportRow } from './imports.repository.ts';
import {
  finishImport,
  lockImport,
  markUndone,
  outcomesToUndo,
  type StoredOutcome,
} from './runs.repository.ts';

/**
 * Undoing an import as a whole: what it created is removed and what it changed is put back,
 * through the records' write path (each with its history entry), last row first, a batch per
 * transaction with the rows marked undone in it, so a killed undo resumes too. A field someone
 * changed again since the import keeps their value; a record in use elsewhere is kept, and the
 * report says so.
 */

const UNDO_BATCH = 500;
const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

export async function undoBatches(ctx: Ctx, job: ImportRow) {
  // Straight first; should a row fail, the batch again with a savepoint per row (see applying.ts).
  const undoOnce = (isolateRows: boolean) =>
    ctx.db.transaction(async (tx) => {
      const locked = await lockImport(tx, job.id);
      if (locked?.status !== 'undoing') return 0;
      const rows = await outcomesToUndo(tx, job.id, UNDO_BATCH);
      const done: { row: number; note: string | null }[] = [];
      for (const outcome of rows) {
        if (!isolateRows) {
          done.push({ row: outcome.row, note: await undoRow(tx, ctx, outcome) });
          continue;
        }
        try {
          const note = await tx.transaction((savepoint) => undoRow(savepoint, ctx, outcome));
          done.push({ row: outcome.row, note });
        } catch (error) {
          if (!(error instanceof AppError) && !isInUse(error)) throw error;
          done.push({
            row: outcome.row,
            note: `kept on undo: ${isInUse(error) ? 'other records refer to it' : (error as Error).message}`,
          });
        }
      }
      await markUndone(tx, job.id, done);
      return rows.length;
    });
  for (;;) {
    let left: number;
    try {
      left = await undoOnce(false);
    } catch {
      left = await undoOnce(true);
    }
    if (left === 0) break;
  }
  await finishImport(ctx.db, job.id, 'undoing', { status: 'undone' });
}

/** A foreign key still pointing at the record (PostgreSQL's 23503). */
function isInUse(error: unknown) {
  let e = error as { code?: string; cause?: unknown } | undefined;
  for (let depth = 0; e && depth < 4; depth++) {
    if (e.code === '23503') return true;
    e = e.cause as typeof e;
  }
  return false;
}

/** Puts one row back; returns a note for the report when part of it was kept. */
async function undoRow(tx: Executor, ctx: Ctx, outcome: StoredOutcome): Promise<string | null> {
  const id = outcome.recordId;
  if (!id) return null;
  if (outcome.outcome === 'created') {
    const remove = {
      partner: removePartnerIn,
      contact: removeContactIn,
      relationship: removeRelationshipIn,
      touchpoint: withdrawTouchpointWithin,
    }[outcome.entity ?? 'contact'];
    return (await remove(tx, ctx, id)) ? 'removed on undo' : 'already gone on undo';
  }
  const before = outcome.before ?? {};
  const after = { ...(outcome.after ?? {}) };
  const affiliationId = after.affiliationId as string | undefined;
  delete after.affiliationId;
  if (affiliationId) await removeAffiliationIn(tx, ctx, affiliationId);
  const read = {
    partner: partnerIn,
    contact: contactIn,
    relationship: relationshipIn,
    touchpoint: touchpointIn,
  }[outcome.entity ?? 'contact'];
  const current = (await read(tx, id)) as (Record<string, unknown> & { version: number }) | null;
  if (!current) return 'already gone on undo';
  const restore: Record<string, unknown> = {};
  const kept: string[] = [];
  for (const [column, value] of Object.entries(after)) {
    if (same(current[column], value)) restore[column] = before[column] ?? null;
    else kept.push(column);
  }
  if (Object.keys(restore).length) {
    if (outcome.entity === 'partner') await changePartnerIn(tx, ctx, id, current.version, () => restore);
    else if (outcome.entity === 'relationship')
      await changeRelationshipIn(tx, ctx, id, current.version, restore);
    else await changeContactIn(tx, ctx, id, current.version, restore);
  }
  return kept.length
    ? `put back on undo, except ${kept.join(', ')}, changed again since the import`
    : 'put back on undo';
}
