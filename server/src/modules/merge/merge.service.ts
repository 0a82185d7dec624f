import { uuidv7 } from 'uuidv7';
import {
  type MergeBody,
  type MergePreview,
  mergeFields,
  mergeListFields,
} from '../../../../common/src/contracts/merges.ts';
import type { MergeKind } from '../../../../common/src/labels/merges.ts';
import type { Executor } from '../../db/client.ts';
import { type Change, recordChanges } from '../../db/records.ts';
import { AppError, forbidden, invalid, notFound } from '../../errors.ts';
import type { Ctx } from '../../lib/context.ts';
import { type Actor, isAdministrator } from '../access/actor.ts';
import {
  countLinks,
  countTwins,
  moveLinks,
  restoreRows,
  type Step,
  undoSteps,
  type Walk,
} from './links.repository.ts';
import {
  deleteRecords,
  erasedAmong,
  findMerge,
  findRecords,
  insertMerge,
  laterMergesOf,
  listMerges,
  lockRecords,
  type MergeableRow,
  type MergeRow,
  markUnmerged,
  mergeThatRemoved,
  recordsAsJson,
  unmergeDays,
  updateSurvivor,
} from './merge.repository.ts';
import { referencesOf, tableOf } from './references.ts';

/**
 * Who may merge and unmerge: administrators, the institution's data stewards. A merge rewrites
 * links across every unit's records, so it is not a unit's decision.
 */
export const canMerge = (actor: Actor) => !actor.readOnly && isAdministrator(actor);

const nounOf: Record<MergeKind, string> = { partner: 'partner', contact: 'contact' };
const DAY = 86_400_000;

const conflict = (message: string) => new AppError('conflict', message);

/** The body's own faults, before anything is read: the survivor among the merged, a field unknown. */
function checkBody(body: MergeBody) {
  if (body.mergedIds.includes(body.survivorId))
    throw invalid('mergedIds', 'includes the record being kept: a record cannot be merged with itself');
  if (new Set(body.mergedIds).size !== body.mergedIds.length)
    throw invalid('mergedIds', 'names the same record twice');
  const ids = new Set([body.survivorId, ...body.mergedIds]);
  const fields = mergeFields[body.kind] as Record<string, string>;
  for (const [field, choice] of Object.entries(body.fields)) {
    if (!Object.hasOwn(fields, field))
      throw invalid(`fields.${field}`, `is not a field a ${nounOf[body.kind]} merge chooses`);
    if (choice === 'all' && !mergeListFields[body.kind].includes(field))
      throw invalid(`fields.${field}`, "takes one record's value: 'all' is only for lists");
    if (choice !== 'all' && !ids.has(choice))
      throw invalid(`fields.${field}`, 'names a record that is not part of this merge');
  }
}

/** The survivor's values after the merge: each field from the chosen record, lists united by default. */
function resultOf(body: MergeBody, rows: Map<string, MergeableRow>) {
  const survivor = rows.get(body.survivorId)!;
  const all = [survivor, ...body.mergedIds.map((id) => rows.get(id)!)];
  const values: Record<string, unknown> = {};
  for (const field of Object.keys(mergeFields[body.kind])) {
    const choice =
      body.fields[field] ?? (mergeListFields[body.kind].includes(field) ? 'all' : body.survivorId);
    values[field] =
      choice === 'all'
        ? [
            ...new Set(
              all
                .flatMap((r) => (r[field] as string[]) ?? [])
                .map((v) => (field === 'emails' ? v.toLowerCase() : v)),
            ),
          ]
        : rows.get(choice)![field];
  }
  if (body.kind === 'partner') {
    const ids = new Set([body.survivorId, ...body.mergedIds]);
    if (ids.has(values.parentId as string)) {
      if (body.fields.parentId)
        throw invalid(
          'fields.parentId',
          'would put the partner in its own group: choose another record’s value',
        );
      values.parentId = null;
    }
    if (values.isInternal && !values.unitId)
      throw invalid(
        'fields.unitId',
        'is required for an internal partner: choose the record that names its unit',
      );
    if (!values.isInternal && values.unitId)
      throw invalid(
        'fields.isInternal',
        'must be Internal when a unit is chosen: choose both from the same record',
      );
  }
  return values;
}

/** Reads (or, inside the merge, locks) the records and checks each one can take part. */
async function loadRecords(db: Executor, body: MergeBody, lock: boolean) {
  const ids = [body.survivorId, ...body.mergedIds];
  const rows = lock ? await lockRecords(db, body.kind, ids) : await findRecords(db, body.kind, ids);
  const byId = new Map(rows.map((r) => [r.id, r]));
  for (const [index, id] of ids.entries()) {
    if (byId.has(id)) continue;
    const field = index === 0 ? 'survivorId' : `mergedIds.${index - 1}`;
    if (await mergeThatRemoved(db, body.kind, id))
      throw conflict(
        `A ${nounOf[body.kind]} of this merge was merged into another one meanwhile; reload and try again`,
      );
    throw invalid(field, `does not name a ${nounOf[body.kind]}`);
  }
  // An erased person is a statistic now: merging would move their erasure onto someone else.
  const erased = body.kind === 'contact' ? await erasedAmong(db, ids) : [];
  if (erased.length > 0) {
    const index = ids.indexOf(erased[0]!);
    throw invalid(
      index === 0 ? 'survivorId' : `mergedIds.${index - 1}`,
      'is an erased contact: their personal data was removed, so they cannot be merged',
    );
  }
  if (body.kind === 'partner' && byId.get(body.survivorId)!.status === 'archived')
    throw invalid('survivorId', 'is archived: keep a current partner (or restore this one first)');
  return byId;
}

const columnOf = (field: string) => field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** The PostgreSQL error code of a failed statement (drizzle wraps the driver's error). */
const sqlState = (error: unknown): string | undefined => {
  const e = error as { code?: unknown; cause?: { code?: unknown } };
  const code = typeof e?.code === 'string' ? e.code : e?.cause?.code;
  return typeof code === 'string' ? code : undefined;
};

/**
 * Runs the merge; a link written to a merged record while the merge ran (a touch point logged
 * for it that very moment) makes its deletion fail: that is a 409 to try again, not a 500.
 */
async function inOneGo<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (sqlState(error) === '23503')
      throw conflict(
        'A record of this merge gained a new link while it was being merged; nothing was changed, try again',
      );
    throw error;
  }
}

/** What a merge would do, without doing it: the survivor as it would be, and the links that move. */
export async function previewMerge(ctx: Ctx, body: MergeBody): Promise<MergePreview> {
  if (!canMerge(ctx.actor)) throw forbidden('Only administrators merge records');
  checkBody(body);
  const rows = await loadRecords(ctx.db, body, false);
  const result = resultOf(body, rows);
  const fields = Object.keys(mergeFields[body.kind]);
  const references = referencesOf[body.kind];
  return {
    kind: body.kind,
    survivorId: body.survivorId,
    records: [body.survivorId, ...body.mergedIds].map((id) => {
      const row = rows.get(id)!;
      return {
        id,
        name: row.name,
        version: row.version,
        values: Object.fromEntries(fields.map((f) => [f, row[f]])),
      };
    }),
    result,
    moves: (await countLinks(ctx.db, references, body.mergedIds)).filter((m) => m.count > 0),
    conflicts: await countTwins(ctx.db, references, body.mergedIds, body.survivorId),
  };
}

/** The record's public form in its history: its columns, dates as ISO strings. */
const asHistory = (row: Record<string, unknown>) =>
  Object.fromEntries(
    Object.entries(row)
      .filter(([k]) => k !== 'search')
      .map(([k, v]) => [k, v instanceof Date ? v.toISOString() : v]),
  );

/**
 * Merges the records into the survivor in one transaction: every registered link moves (unique
 * conflicts made one), the survivor takes the chosen values, the others are deleted, and every
 * step is kept so an unmerge can reverse it. A record merged away meanwhile is a 409.
 */
export async function mergeRecords(ctx: Ctx, body: MergeBody) {
  if (!canMerge(ctx.actor)) throw forbidden('Only administrators merge records');
  checkBody(body);
  const mergeId = uuidv7();
  await inOneGo(() =>
    ctx.db.transaction(async (tx) => {
      const rows = await loadRecords(tx, body, true);
      const values = resultOf(body, rows);
      const [survivorBefore] = await recordsAsJson(tx, body.kind, [body.survivorId]);
      const records = await recordsAsJson(tx, body.kind, body.mergedIds);
      const names = new Map([...rows.values()].map((r) => [r.id, r.name]));
      const walk: Walk = { mergeId, steps: [], changes: [], conflicts: new Map(), names };
      for (const id of body.mergedIds)
        await moveLinks(tx, walk, referencesOf[body.kind], id, body.survivorId);
      await deleteRecords(tx, body.kind, body.mergedIds);
      const after = await updateSurvivor(tx, body.kind, body.survivorId, values);
      await insertMerge(tx, {
        id: mergeId,
        kind: body.kind,
        survivorId: body.survivorId,
        mergedIds: body.mergedIds,
        survivorBefore: survivorBefore!,
        survivorAfter: asHistory(after),
        records,
        steps: walk.steps,
        mergedById: ctx.actor.userId,
      });
      const mergedNames = body.mergedIds.map((id) => rows.get(id)!.name);
      const changes: Change[] = [
        {
          entity: body.kind,
          entityId: body.survivorId,
          action: 'merged',
          before: asHistory(rows.get(body.survivorId)!),
          after: asHistory(after),
          detail: { mergeId, mergedIds: body.mergedIds, mergedNames },
        },
        ...body.mergedIds.map(
          (id): Change => ({
            entity: body.kind,
            entityId: id,
            action: 'deleted',
            before: asHistory(rows.get(id)!),
            detail: { mergeId, mergedInto: body.survivorId, mergedIntoName: after.name },
          }),
        ),
        ...walk.changes,
      ];
      await recordChanges(tx, ctx, changes);
    }),
  );
  return getMerge(ctx, mergeId);
}

/**
 * Reverses a merge within the grace period: the merged records come back with their ids, every
 * link the merge moved goes back (one changed since stays where it is now), the duplicates it made
 * one are two again, and the survivor's chosen fields are as they were.
 */
export async function unmerge(ctx: Ctx, id: string) {
  if (!canMerge(ctx.actor)) throw forbidden('Only administrators unmerge records');
  const days = await unmergeDays(ctx.db);
  await ctx.db.transaction(async (tx) => {
    const merge = await findMerge(tx, id, { lock: true });
    if (!merge) throw notFound('Merge');
    if (merge.unmergedAt) throw conflict('This merge has already been undone');
    if (Date.now() > merge.mergedAt.getTime() + days * DAY)
      throw conflict(`This merge can no longer be undone: merges can be undone for ${days} days`);
    const kind = merge.kind;
    const [survivor] = await lockRecords(tx, kind, [merge.survivorId]);
    if (!survivor)
      throw conflict(
        `The ${nounOf[kind]} kept by this merge has been merged or deleted since; undo that first`,
      );
    if ((await laterMergesOf(tx, kind, [merge.survivorId], merge.mergedAt)).length)
      throw conflict(
        `The ${nounOf[kind]} kept by this merge was merged again since; undo the later merge first`,
      );
    const records = merge.records as Record<string, unknown>[];
    await restoreRows(tx, tableOf[kind], records);
    await undoSteps(tx, merge.steps as Step[]);
    const before = merge.survivorBefore as Record<string, unknown>;
    const values = Object.fromEntries(Object.keys(mergeFields[kind]).map((f) => [f, before[columnOf(f)]]));
    const after = await updateSurvivor(tx, kind, merge.survivorId, values);
    await markUnmerged(tx, id, ctx.actor.userId);
    const restored = await findRecords(tx, kind, merge.mergedIds);
    await recordChanges(tx, ctx, [
      {
        entity: kind,
        entityId: merge.survivorId,
        action: 'unmerged',
        before: asHistory(survivor),
        after: asHistory(after),
        detail: { mergeId: id, restoredIds: merge.mergedIds },
      },
      ...restored.map(
        (row): Change => ({
          entity: kind,
          entityId: row.id,
          action: 'created',
          after: asHistory(row),
          detail: { mergeId: id, unmergedFrom: merge.survivorId },
        }),
      ),
    ]);
  });
  return getMerge(ctx, id);
}

function presentMerge(ctx: Ctx, merge: MergeRow, days: number) {
  const records = merge.records as { id: string; name: string }[];
  const after = merge.survivorAfter as { name?: string };
  const until = new Date(merge.mergedAt.getTime() + days * DAY);
  const open = !merge.unmergedAt && until.getTime() > Date.now();
  const steps = merge.steps as Step[];
  return {
    id: merge.id,
    kind: merge.kind,
    survivorId: merge.survivorId,
    survivorName: after.name ?? '',
    mergedIds: merge.mergedIds,
    mergedNames: merge.mergedIds.map((mid) => records.find((r) => r.id === mid)?.name ?? ''),
    mergedById: merge.mergedById,
    mergedByName: merge.mergedByName,
    mergedAt: merge.mergedAt.toISOString(),
    unmergedAt: merge.unmergedAt?.toISOString() ?? null,
    unmergeUntil: merge.unmergedAt ? null : until.toISOString(),
    canUnmerge: open && canMerge(ctx.actor),
    movedLinks: steps.reduce((n, s) => n + (s.op === 'move' ? s.keys.length : 0), 0),
  };
}

export async function getMerge(ctx: Ctx, id: string) {
  if (!canMerge(ctx.actor)) throw forbidden('Only administrators see merges');
  const merge = await findMerge(ctx.db, id);
  if (!merge) throw notFound('Merge');
  return presentMerge(ctx, merge, await unmergeDays(ctx.db));
}

/** Merges of a record (or all), newest first; what the History panel offers to undo. */
export async function listMergesFor(ctx: Ctx, query: { recordId?: string; limit: number }) {
  if (!canMerge(ctx.actor)) throw forbidden('Only administrators see merges');
  const days = await unmergeDays(ctx.db);
  const rows = await listMerges(ctx.db, { recordId: query.recordId }, query.limit);
  return { items: rows.map((m) => presentMerge(ctx, m, days)), nextCursor: null };
}
