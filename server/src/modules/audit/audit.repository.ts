import { and, desc, eq, lt } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { auditLog } from '../../db/schema/audit.ts';
import type { Ctx } from '../../lib/context.ts';

export type Change = {
  entity: string;
  entityId: string;
  action: 'create' | 'update' | 'delete';
  before?: unknown;
  after?: unknown;
};

/** Records a change; call it inside the transaction that makes the change. */
export async function recordChange(tx: Executor, ctx: Ctx, change: Change): Promise<void> {
  await tx.insert(auditLog).values({
    entity: change.entity,
    entityId: change.entityId,
    action: change.action,
    actorUserId: ctx.actor.userId,
    actorTokenId: ctx.actor.tokenId,
    requestId: ctx.requestId,
    before: change.before ?? null,
    after: change.after ?? null,
  });
}

/** A record's history, newest first, keyset-paginated on the entry id. */
export async function listHistory(
  db: Executor,
  entity: string,
  entityId: string,
  limit: number,
  beforeId?: number,
) {
  return db
    .select()
    .from(auditLog)
    .where(
      and(
        eq(auditLog.entity, entity),
        eq(auditLog.entityId, entityId),
        beforeId === undefined ? undefined : lt(auditLog.id, beforeId),
      ),
    )
    .orderBy(desc(auditLog.id))
    .limit(limit + 1);
}
