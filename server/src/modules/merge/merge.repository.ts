import { and, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { MergeKind } from '../../../../common/src/labels/merges.ts';
import type { Executor } from '../../db/client.ts';
import { contacts } from '../../db/schema/contacts.ts';
import { merges } from '../../db/schema/merges.ts';
import { partners } from '../../db/schema/partners.ts';
import { erasures } from '../../db/schema/personal-data.ts';
import { settings } from '../../db/schema/settings.ts';
import { users } from '../../db/schema/users.ts';
import { rowsAsJson } from './links.repository.ts';
import { tableOf } from './references.ts';

const tables = { partner: partners, contact: contacts } as const;

export type MergeableRow = Record<string, unknown> & { id: string; name: string; version: number };

/**
 * Locks the records for the rest of the transaction, in id order (two merges of the same
 * records queue instead of deadlocking), and returns the ones that exist.
 */
export async function lockRecords(tx: Executor, kind: MergeKind, ids: string[]): Promise<MergeableRow[]> {
  const table = tables[kind];
  const rows = await tx.select().from(table).where(inArray(table.id, ids)).orderBy(table.id).for('update');
  return rows as unknown as MergeableRow[];
}

/** The records' rows as the database holds them, to be put back by an unmerge. */
export const recordsAsJson = (tx: Executor, kind: MergeKind, ids: string[]) =>
  rowsAsJson(
    tx,
    tableOf[kind],
    sql`t.id in (select jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb)::uuid)`,
  );

/** Sets the survivor's chosen values and bumps its version. */
export async function updateSurvivor(
  tx: Executor,
  kind: MergeKind,
  id: string,
  values: Record<string, unknown>,
): Promise<MergeableRow> {
  const table = tables[kind];
  const [row] = await tx
    .update(table)
    .set({ ...values, version: sql`${table.version} + 1`, updatedAt: sql`now()` })
    .where(eq(table.id, id))
    .returning();
  return row as unknown as MergeableRow;
}

export async function deleteRecords(tx: Executor, kind: MergeKind, ids: string[]) {
  const table = tables[kind];
  await tx.delete(table).where(inArray(table.id, ids));
}

export async function findRecords(db: Executor, kind: MergeKind, ids: string[]): Promise<MergeableRow[]> {
  if (ids.length === 0) return [];
  const table = tables[kind];
  return (await db.select().from(table).where(inArray(table.id, ids))) as unknown as MergeableRow[];
}

export type NewMerge = typeof merges.$inferInsert;

export async function insertMerge(tx: Executor, values: NewMerge) {
  await tx.insert(merges).values(values);
}

export type MergeRow = typeof merges.$inferSelect & { mergedByName: string };

const mergeColumns = {
  id: merges.id,
  kind: merges.kind,
  survivorId: merges.survivorId,
  mergedIds: merges.mergedIds,
  survivorBefore: merges.survivorBefore,
  survivorAfter: merges.survivorAfter,
  records: merges.records,
  steps: merges.steps,
  mergedById: merges.mergedById,
  mergedAt: merges.mergedAt,
  unmergedAt: merges.unmergedAt,
  unmergedById: merges.unmergedById,
  mergedByName: users.name,
};

export async function findMerge(db: Executor, id: string, options: { lock?: boolean } = {}) {
  const query = db
    .select(mergeColumns)
    .from(merges)
    .innerJoin(users, eq(users.id, merges.mergedById))
    .where(eq(merges.id, id));
  const [row] = options.lock ? await query.for('update', { of: merges }) : await query;
  return (row as MergeRow | undefined) ?? null;
}

/** The merge (not undone) that made this record disappear, if one did. */
export async function mergeThatRemoved(db: Executor, kind: MergeKind, id: string) {
  const [row] = await db
    .select({ id: merges.id, survivorId: merges.survivorId })
    .from(merges)
    .where(and(eq(merges.kind, kind), isNull(merges.unmergedAt), sql`${id}::uuid = any(${merges.mergedIds})`))
    .orderBy(desc(merges.mergedAt))
    .limit(1);
  return row ?? null;
}

/** Later merges (not undone) that took this record in as a merged one, or changed it as a survivor. */
export async function laterMergesOf(db: Executor, kind: MergeKind, recordIds: string[], after: Date) {
  return db
    .select({ id: merges.id })
    .from(merges)
    .where(
      and(
        eq(merges.kind, kind),
        isNull(merges.unmergedAt),
        sql`${merges.mergedAt} > ${after.toISOString()}::timestamptz`,
        sql`(${merges.survivorId} in (select jsonb_array_elements_text(${JSON.stringify(recordIds)}::jsonb)::uuid) or ${merges.mergedIds} && (select array_agg(x::uuid) from jsonb_array_elements_text(${JSON.stringify(recordIds)}::jsonb) x))`,
      ),
    );
}

/** Merges whose survivor, or one of whose merged records, this record is; newest first. */
export async function listMerges(db: Executor, filter: { recordId?: string }, limit: number) {
  const where = filter.recordId
    ? sql`(${merges.survivorId} = ${filter.recordId}::uuid or ${filter.recordId}::uuid = any(${merges.mergedIds}))`
    : undefined;
  return (await db
    .select(mergeColumns)
    .from(merges)
    .innerJoin(users, eq(users.id, merges.mergedById))
    .where(where)
    .orderBy(desc(merges.mergedAt), desc(merges.id))
    .limit(limit)) as MergeRow[];
}

export async function markUnmerged(tx: Executor, id: string, userId: string) {
  await tx.update(merges).set({ unmergedAt: sql`now()`, unmergedById: userId }).where(eq(merges.id, id));
}

/** The names of records, current or as a merge kept them. */
export async function namesOf(db: Executor, kind: MergeKind, ids: string[]) {
  const rows = await findRecords(db, kind, ids);
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** The grace period for an unmerge, in days (the `merge.unmerge_days` setting; 30 when unset). */
export async function unmergeDays(db: Executor): Promise<number> {
  const [row] = await db
    .select({ value: settings.value })
    .from(settings)
    .where(eq(settings.key, 'merge.unmerge_days'));
  const value = row?.value;
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : 30;
}

/** Which of these contacts were erased (their personal data removed for good). */
export async function erasedAmong(db: Executor, ids: string[]): Promise<string[]> {
  const rows = await db
    .select({ id: erasures.contactId })
    .from(erasures)
    .where(inArray(erasures.contactId, ids));
  return rows.map((r) => r.id);
}
