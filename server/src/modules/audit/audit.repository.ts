import { and, desc, eq, getTableColumns, lt, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { auditLog, unitReads } from '../../db/schema/audit.ts';
import { contacts } from '../../db/schema/contacts.ts';
import { users } from '../../db/schema/users.ts';

// Changes are recorded by the one write path, db/records.ts (audit entry and event together).

/**
 * A record's history, newest first, keyset-paginated on the entry id, with the name of who
 * made each change (a member of staff, or a partner's contact through the portal): the History
 * panel shows people, not ids. Both joins are on primary keys, one round trip per page.
 */
export async function listHistory(
  db: Executor,
  entity: string,
  entityId: string,
  limit: number,
  beforeId?: number,
) {
  return db
    .select({ ...getTableColumns(auditLog), actorUserName: users.name, actorContactName: contacts.name })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorUserId))
    .leftJoin(contacts, eq(contacts.id, auditLog.actorContactId))
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

/** Reads by one unit's staff of another unit's records in one month. */
export type ReadCount = { readerUnitId: string; ownerUnitId: string; month: string; reads: number };

/** Adds reads across units to their monthly counters (one upsert for many): the reads side of "who shares". */
export async function countReadsAcrossUnits(db: Executor, counts: readonly ReadCount[]) {
  if (counts.length === 0) return;
  await db
    .insert(unitReads)
    .values([...counts])
    .onConflictDoUpdate({
      target: [unitReads.readerUnitId, unitReads.ownerUnitId, unitReads.month],
      set: { reads: sql`${unitReads.reads} + excluded.reads` },
    });
}
