import { and, asc, desc, eq, gt, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { importRows, imports } from '../../db/schema/imports.ts';
import { settings } from '../../db/schema/settings.ts';
import type { ImportRow } from './imports.repository.ts';

/**
 * The run's side of an import: its position and counts on the `imports` row, and what became
 * of each row in `import_rows`. Every write here happens in the transaction of the batch it
 * belongs to.
 */

export type OutcomeRow = typeof importRows.$inferInsert;
export type StoredOutcome = typeof importRows.$inferSelect;

/** Sets an import running if it is waiting (or stopped); null when it is in another state. */
export async function markRunning(db: Executor, id: string): Promise<ImportRow | null> {
  const [row] = await db
    .update(imports)
    .set({ status: 'running', startedAt: sql`coalesce(${imports.startedAt}, now())`, error: null })
    .where(and(eq(imports.id, id), inArray(imports.status, ['uploaded', 'failed'])))
    .returning();
  return row ?? null;
}

/** Sets a finished import to be undone; null when it is not finished. */
export async function markUndoing(db: Executor, id: string, byId: string): Promise<ImportRow | null> {
  const [row] = await db
    .update(imports)
    .set({ status: 'undoing', undoneById: byId })
    .where(and(eq(imports.id, id), eq(imports.status, 'finished')))
    .returning();
  return row ?? null;
}

/** The oldest import that has work left (a run or an undo), if any. */
export async function nextImportWithWork(db: Executor): Promise<ImportRow | null> {
  const [row] = await db
    .select()
    .from(imports)
    .where(inArray(imports.status, ['running', 'undoing']))
    .orderBy(asc(imports.startedAt), asc(imports.id))
    .limit(1);
  return row ?? null;
}

/** Locks the import row for the rest of the batch's transaction, and reads it as it is now. */
export async function lockImport(tx: Executor, id: string): Promise<ImportRow | null> {
  const [row] = await tx.select().from(imports).where(eq(imports.id, id)).for('update');
  return row ?? null;
}

type Counts = { created: number; updated: number; skipped: number; failed: number };

/** Moves the position past a batch and adds its counts (in the batch's transaction). */
export async function advanceImport(tx: Executor, id: string, rowsDone: number, counts: Counts) {
  await tx
    .update(imports)
    .set({
      rowsDone,
      createdCount: sql`${imports.createdCount} + ${counts.created}`,
      updatedCount: sql`${imports.updatedCount} + ${counts.updated}`,
      skippedCount: sql`${imports.skippedCount} + ${counts.skipped}`,
      failedCount: sql`${imports.failedCount} + ${counts.failed}`,
      // The clock, not now(): that is when the batch's transaction began.
      progressAt: sql`clock_timestamp()`,
    })
    .where(eq(imports.id, id));
}

export async function finishImport(
  db: Executor,
  id: string,
  from: 'running' | 'undoing',
  values: { status: 'finished' | 'failed' | 'undone'; error?: string | null },
) {
  await db
    .update(imports)
    .set({
      status: values.status,
      error: values.error ?? null,
      // An undo that stops leaves the import finished when it was: its period to undo stays.
      ...(values.status === 'finished' && from === 'running' ? { finishedAt: sql`now()` } : {}),
      ...(values.status === 'undone' ? { undoneAt: sql`now()` } : {}),
    })
    .where(and(eq(imports.id, id), eq(imports.status, from)));
}

/**
 * What became of a batch's rows, in one statement whatever its size: the rows as one JSON
 * parameter (`jsonb_to_recordset`), not a multi-row insert of ten parameters a row. Drizzle
 * built that insert a parameter at a time (a fifth of the run's own CPU at 20,000 rows), and
 * PostgreSQL parsed 5,000 parameters, each `before` and `after` a JSON text of its own.
 */
export async function insertOutcomes(tx: Executor, rows: OutcomeRow[]) {
  if (rows.length === 0) return;
  const given = rows.map((r) => ({
    import_id: r.importId,
    row: r.row,
    outcome: r.outcome,
    entity: r.entity ?? null,
    record_id: r.recordId ?? null,
    name: r.name ?? null,
    reason: r.reason ?? null,
    before: r.before ?? null,
    after: r.after ?? null,
    undone: r.undone ?? false,
  }));
  await tx.execute(
    sql`insert into ${importRows} (import_id, row, outcome, entity, record_id, name, reason, before, after, undone)
        select v.import_id, v.row, v.outcome, v.entity, v.record_id, v.name, v.reason,
               nullif(v.before, 'null'::jsonb), nullif(v.after, 'null'::jsonb), v.undone
          from jsonb_to_recordset(${JSON.stringify(given)}::jsonb)
            as v(import_id uuid, row int, outcome text, entity text, record_id uuid, name text,
                 reason text, before jsonb, after jsonb, undone boolean)`,
  );
}

/** Which of these records this import created (a run does not take its own rows for duplicates). */
export async function createdByImport(tx: Executor, importId: string, recordIds: string[]) {
  if (recordIds.length === 0) return new Set<string>();
  const rows = await tx
    .select({ id: importRows.recordId })
    .from(importRows)
    .where(
      and(
        eq(importRows.importId, importId),
        inArray(importRows.recordId, recordIds),
        eq(importRows.outcome, 'created'),
      ),
    );
  return new Set(rows.map((r) => r.id!));
}

/** The record each of these rows of an import created or updated: row number → record id. */
export async function recordsOfRows(db: Executor, importId: string, rowNumbers: number[]) {
  if (rowNumbers.length === 0) return new Map<number, string>();
  const rows = await db
    .select({ row: importRows.row, id: importRows.recordId })
    .from(importRows)
    .where(
      and(
        eq(importRows.importId, importId),
        inArray(importRows.row, rowNumbers),
        inArray(importRows.outcome, ['created', 'updated']),
      ),
    );
  return new Map(rows.filter((r) => r.id).map((r) => [r.row, r.id!]));
}

/** The latest finished, not undone, import of the same bytes: a second run updates what it did. */
export async function earlierRunOfSameFile(db: Executor, row: ImportRow) {
  const [found] = await db
    .select({ id: imports.id })
    .from(imports)
    .where(
      and(eq(imports.sha256, row.sha256), eq(imports.status, 'finished'), sql`${imports.id} <> ${row.id}`),
    )
    .orderBy(desc(imports.finishedAt))
    .limit(1);
  return found?.id ?? null;
}

/** A page of the report, in row order after `afterRow`. */
export function outcomesAfter(db: Executor, importId: string, afterRow: number, limit: number) {
  return db
    .select()
    .from(importRows)
    .where(and(eq(importRows.importId, importId), gt(importRows.row, afterRow)))
    .orderBy(asc(importRows.row))
    .limit(limit);
}

/** The next rows an undo puts back, last row first (a site before the group a row above made). */
export function outcomesToUndo(tx: Executor, importId: string, limit: number) {
  return tx
    .select()
    .from(importRows)
    .where(
      and(
        eq(importRows.importId, importId),
        inArray(importRows.outcome, ['created', 'updated']),
        eq(importRows.undone, false),
      ),
    )
    .orderBy(desc(importRows.row))
    .limit(limit);
}

/** Marks rows put back, with a note for those that could not be, and counts them on the import. */
export async function markUndone(
  tx: Executor,
  importId: string,
  done: { row: number; note: string | null }[],
) {
  if (done.length === 0) return;
  for (const item of done.filter((d) => d.note))
    await tx
      .update(importRows)
      .set({
        reason: sql`case when ${importRows.reason} is null then ${item.note} else ${importRows.reason} || '; ' || ${item.note} end`,
      })
      .where(and(eq(importRows.importId, importId), eq(importRows.row, item.row)));
  await tx
    .update(importRows)
    .set({ undone: true })
    .where(
      and(
        eq(importRows.importId, importId),
        inArray(
          importRows.row,
          done.map((d) => d.row),
        ),
      ),
    );
  await tx
    .update(imports)
    .set({ undoneCount: sql`${imports.undoneCount} + ${done.length}` })
    .where(eq(imports.id, importId));
}

/** How long after its run an import can be undone, in days (the `import.undo_days` setting; 7 when unset). */
export async function undoDays(db: Executor): Promise<number> {
  const [row] = await db
    .select({ value: settings.value })
    .from(settings)
    .where(eq(settings.key, 'import.undo_days'));
  const value = row?.value;
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : 7;
}
