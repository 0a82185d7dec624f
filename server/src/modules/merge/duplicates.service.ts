import { uuidv7 } from 'uuidv7';
import type {
  DismissalDto,
  DismissDuplicate,
  DuplicatePair,
} from '../../../../common/src/contracts/merges.ts';
import type { MergeKind } from '../../../../common/src/labels/merges.ts';
import type { ListDuplicatesQuery } from '../../../../common/src/lists/duplicates.ts';
import { recordChange } from '../../db/records.ts';
import { forbidden, invalid, notFound } from '../../errors.ts';
import type { Ctx } from '../../lib/context.ts';
import { hasRole } from '../access/actor.ts';
import {
  type DismissalRow,
  deleteDismissal,
  insertDismissal,
  listDismissals,
  listDuplicatePairs,
  type PairRow,
} from './duplicates.repository.ts';
import { findRecords } from './merge.repository.ts';
import { canMerge } from './merge.service.ts';

function presentPair(kind: DuplicatePair['kind'], row: PairRow): DuplicatePair {
  const evidence: DuplicatePair['evidence'] = [];
  if (row.email) evidence.push({ kind: 'same_email', value: row.email });
  if (row.domain) evidence.push({ kind: 'same_domain', value: row.domain });
  if (row.name_score > 0)
    evidence.push({ kind: 'similar_name', value: `${Math.round(row.name_score * 100)}% alike` });
  if (row.same_partner)
    evidence.push({ kind: 'same_partner', value: 'An affiliation with the same partner' });
  return {
    kind,
    first: { id: row.first_id, name: row.first_name, detail: row.first_detail },
    second: { id: row.second_id, name: row.second_name, detail: row.second_detail },
    likelihood: row.likelihood,
    evidence,
  };
}

/**
 * Likely duplicates, the likeliest first, with their evidence. Partners and contacts are seen by
 * everyone signed in, so no pair hides a record from staff; the finder is for staff and up.
 */
export async function listDuplicates(ctx: Ctx, query: ListDuplicatesQuery) {
  if (!hasRole(ctx.actor, 'staff')) throw forbidden('Staff and above look for duplicates');
  const kind = query.kind ?? 'partner';
  const page = await listDuplicatePairs(ctx.db, kind, query);
  return { items: page.items.map((row) => presentPair(kind, row)), nextCursor: page.nextCursor };
}

/** "Not a duplicate": the pair is never proposed again (dismissing it twice changes nothing). */
export async function dismissDuplicate(ctx: Ctx, body: DismissDuplicate) {
  if (!canMerge(ctx.actor)) throw forbidden('Only administrators decide what is not a duplicate');
  if (body.firstId === body.secondId) throw invalid('secondId', 'is the same record as firstId');
  const [firstId, secondId] = [body.firstId, body.secondId].sort() as [string, string];
  await ctx.db.transaction(async (tx) => {
    const found = await findRecords(tx, body.kind, [firstId, secondId]);
    for (const [field, id] of [
      ['firstId', body.firstId],
      ['secondId', body.secondId],
    ] as const)
      if (!found.some((r) => r.id === id)) throw invalid(field, `does not name a ${body.kind}`);
    const id = uuidv7();
    if (
      await insertDismissal(tx, { id, kind: body.kind, firstId, secondId, dismissedById: ctx.actor.userId })
    )
      await recordChange(tx, ctx, {
        entity: 'duplicate',
        entityId: id,
        action: 'dismissed',
        after: { id, kind: body.kind, firstId, secondId },
      });
  });
}

const GONE = 'No longer in Rapport (merged or deleted)';

function presentDismissal(row: DismissalRow): DismissalDto {
  return {
    id: row.id,
    kind: row.kind,
    first: { id: row.first_id, name: row.first_name ?? GONE, detail: row.first_detail },
    second: { id: row.second_id, name: row.second_name ?? GONE, detail: row.second_detail },
    dismissedByName: row.dismissed_by_name,
    dismissedAt: new Date(row.dismissed_at).toISOString(),
  };
}

/** The pairs said not to be duplicates, the latest first: for whoever may undo that (administrators). */
export async function listDismissalsFor(ctx: Ctx, query: { kind: MergeKind; limit: number }) {
  if (!canMerge(ctx.actor)) throw forbidden('Only administrators decide what is not a duplicate');
  const { items, total } = await listDismissals(ctx.db, query.kind, query.limit);
  return { items: items.map(presentDismissal), total };
}

/** Undoes "not a duplicate": the finder proposes the pair again, and the history says who undid it. */
export async function undoDismissal(ctx: Ctx, id: string) {
  if (!canMerge(ctx.actor)) throw forbidden('Only administrators decide what is not a duplicate');
  await ctx.db.transaction(async (tx) => {
    const removed = await deleteDismissal(tx, id);
    if (!removed) throw notFound('Dismissed pair');
    await recordChange(tx, ctx, {
      entity: 'duplicate',
      entityId: id,
      action: 'restored',
      before: { id, kind: removed.kind, firstId: removed.firstId, secondId: removed.secondId },
    });
  });
}
