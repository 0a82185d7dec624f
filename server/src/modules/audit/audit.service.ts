import type { Ctx } from '../../lib/context.ts';
import { listHistory } from './audit.repository.ts';
import { tallyReads } from './read-counts.ts';

/**
 * The change history of one record. The caller must first have checked that the actor may
 * read the record: history shows before/after values, so it is as confidential as the record.
 */
export async function historyOf(
  ctx: Ctx,
  entity: string,
  entityId: string,
  query: { limit: number; cursor?: string },
) {
  const rows = await listHistory(
    ctx.db,
    entity,
    entityId,
    query.limit,
    query.cursor ? Number(query.cursor) : undefined,
  );
  const items = rows.slice(0, query.limit).map((row) => ({
    id: row.id,
    action: row.action,
    actorUserId: row.actorUserId,
    actorTokenId: row.actorTokenId,
    actorName: row.actorUserName ?? row.actorContactName ?? null,
    at: row.at.toISOString(),
    before: (row.before as Record<string, unknown> | null) ?? null,
    after: (row.after as Record<string, unknown> | null) ?? null,
  }));
  const last = items.at(-1);
  return { items, nextCursor: rows.length > query.limit && last ? String(last.id) : null };
}

/**
 * Notes that the actor read these records (by the unit that recorded each): those of other
 * units count as reads of others' records for the institution's stage. Nothing is noted for
 * someone in no unit, or for their own unit's records. Tallied in memory and counted a few
 * seconds later (read-counts.ts): a read never waits on a write.
 */
export function noteReads(ctx: Ctx, recordUnitIds: readonly string[], at = new Date()) {
  const reader = ctx.actor.unitId;
  if (!reader) return;
  const owners = new Map<string, number>();
  for (const unitId of recordUnitIds)
    if (unitId !== reader) owners.set(unitId, (owners.get(unitId) ?? 0) + 1);
  tallyReads(ctx.db, reader, owners, at);
}
