import type { Ctx } from '../../lib/context.ts';
import { listHistory } from './audit.repository.ts';

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
