import { and, desc, eq, lt } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { auditLog } from '../../db/schema/audit.ts';

// Changes are recorded by the one write path, db/records.ts (audit entry and event together).

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
