import { and, eq, inArray, isNull, type SQL, sql } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Executor } from '../../db/client.ts';
import { activities, activityReaders } from '../../db/schema/activities.ts';
import { agreementReaders, agreements } from '../../db/schema/agreements.ts';
import { requestReaders, requests } from '../../db/schema/requests.ts';
import { tasks } from '../../db/schema/tasks.ts';
import {
  touchpointCounts,
  touchpointPartners,
  touchpointReaders,
  touchpoints,
} from '../../db/schema/touchpoints.ts';
import { unitAncestry } from '../../db/schema/units.ts';
import { users } from '../../db/schema/users.ts';
import { allOf } from '../../lib/all-of.ts';
import type { Actor } from './actor.ts';
import { canSee, type Visibility, visibleTo } from './visibility.ts';

/**
 * The audience rule, once for every record type that has one: the readers table, its SQL,
 * adding and replacing readers, the where-clause for lists, and the read check that
 * notifications and e-mail pass before they tell anyone about a record. The rule itself is in
 * visibility.ts; this file binds it to tables.
 */

/**
 * The units whose unit-visible records a user reads: their own, and for a senior manager
 * every unit below it too (the closure table makes that one index lookup).
 */
// The user's unit is named with its table inside the sub-select: drizzle writes a lone column of
// a one-table select unqualified, and a bare "unit_id" there would be unit_ancestry's own, making
// every unit a senior manager's (what a senior manager of another unit was told of showed it).
const usersUnitId = sql`${sql.identifier('users')}.${sql.identifier('unit_id')}`;
export const unitScopeOf = sql<string[]>`case
  when ${users.unitId} is null then '{}'::uuid[]
  when ${users.role} = 'senior_manager' then array(
    select ${unitAncestry.unitId} from ${unitAncestry} where ${unitAncestry.ancestorId} = ${usersUnitId})
  else array[${users.unitId}] end`;

/** The columns that make a user an actor, for the session and token look-ups. */
export const actorColumns = { userId: users.id, role: users.role, unitId: users.unitId };

/**
 * The units whose unit-visible records this person reads (see unitScopeOf). Only a senior
 * manager's needs a query, so the session look-up on every request stays one plain statement.
 */
export async function unitScopeFor(
  db: Executor,
  person: { role: string; unitId: string | null },
): Promise<string[]> {
  if (!person.unitId) return [];
  if (person.role !== 'senior_manager') return [person.unitId];
  const rows = await db
    .select({ unitId: unitAncestry.unitId })
    .from(unitAncestry)
    .where(eq(unitAncestry.ancestorId, person.unitId));
  return rows.map((r) => r.unitId);
}

/** Active users as actors (for read checks on their behalf: notifications, digests). */
export async function actorsOf(db: Executor, userIds: readonly string[]): Promise<Actor[]> {
  if (userIds.length === 0) return [];
  const rows = await db
    .select({ ...actorColumns, unitScope: unitScopeOf })
    .from(users)
    .where(and(inArray(users.id, [...new Set(userIds)]), isNull(users.deactivatedAt)));
  return rows.map((r) => ({ ...r, kind: 'staff' as const, sessionId: null, tokenId: null, readOnly: true }));
}

type AudienceDefinition = {
  record: PgTable;
  id: PgColumn;
  visibility: PgColumn;
  unitId: PgColumn;
  readers: PgTable;
  readerRecordId: PgColumn;
  readerUserId: PgColumn;
  /** The readers table's property names for the two columns, for inserts. */
  readerKeys: { record: string; user: string };
  /** Named readers see the record whatever its visibility (requests: owners, escalation names). */
  readersAlwaysSee: boolean;
};

export type Reader = { recordId: string; id: string; name: string };

function audience(def: AudienceDefinition) {
  const isNamedReader = (userId: string) =>
    sql`exists (select 1 from ${def.readers} where ${def.readerRecordId} = ${def.id} and ${def.readerUserId} = ${userId})`;

  const canRead = (
    actor: Actor,
    record: { visibility: Visibility; unitId: string },
    readerIds: readonly string[],
  ) => canSee(actor, record, readerIds) || (def.readersAlwaysSee && readerIds.includes(actor.userId));

  async function readerIdsOf(db: Executor, recordId: string) {
    const rows = await db
      .select({ id: def.readerUserId })
      .from(def.readers)
      .where(eq(def.readerRecordId, recordId));
    return rows.map((r) => r.id as string);
  }

  async function add(db: Executor, recordId: string, userIds: readonly string[]) {
    const unique = [...new Set(userIds)];
    if (unique.length === 0) return;
    await db
      .insert(def.readers)
      .values(unique.map((userId) => ({ [def.readerKeys.record]: recordId, [def.readerKeys.user]: userId })))
      .onConflictDoNothing();
  }

  return {
    isNamedReader,
    canRead,
    /** The where-clause every read of these records takes: lists, counts, search, exports. */
    scope(actor: Actor): SQL | undefined {
      const shared = visibleTo(actor, { visibility: def.visibility, unitId: def.unitId, isNamedReader });
      if (!shared || !def.readersAlwaysSee) return shared;
      return sql`(${shared} or ${isNamedReader(actor.userId)})`;
    },
    /** The named readers of many records, with their names: one query. */
    async readersOf(db: Executor, recordIds: readonly string[]): Promise<Reader[]> {
      if (recordIds.length === 0) return [];
      const rows = await db
        .select({ recordId: def.readerRecordId, id: users.id, name: users.name })
        .from(def.readers)
        .innerJoin(users, eq(users.id, def.readerUserId))
        .where(inArray(def.readerRecordId, [...recordIds]))
        .orderBy(users.name);
      return rows as Reader[];
    },
    readerIdsOf,
    /** Adds named readers (those already named stay). */
    add,
    /** Makes exactly these people the named readers. */
    async replace(db: Executor, recordId: string, userIds: readonly string[]) {
      await db.delete(def.readers).where(eq(def.readerRecordId, recordId));
      await add(db, recordId, userIds);
    },
    /** Whether this actor may read the record (false for a missing one). */
    async readableBy(db: Executor, actor: Actor, recordId: string): Promise<boolean> {
      const [record] = await db
        .select({ visibility: def.visibility, unitId: def.unitId })
        .from(def.record)
        .where(eq(def.id, recordId));
      if (!record) return false;
      const held = record as { visibility: Visibility; unitId: string };
      return canRead(actor, held, held.visibility === 'institution' ? [] : await readerIdsOf(db, recordId));
    },
    /**
     * Of these people, those who may read the record now: the read check every notification,
     * warning, digest and e-mail about the record passes. A missing record is read by nobody.
     */
    async whoCanRead(db: Executor, recordId: string, userIds: readonly string[]): Promise<string[]> {
      if (userIds.length === 0) return [];
      const [record] = await db
        .select({ visibility: def.visibility, unitId: def.unitId })
        .from(def.record)
        .where(eq(def.id, recordId));
      if (!record) return [];
      const [people, readerIds] = await allOf(db, [
        () => actorsOf(db, userIds),
        () => readerIdsOf(db, recordId),
      ]);
      const held = record as { visibility: Visibility; unitId: string };
      return people.filter((p) => canRead(p, held, readerIds)).map((p) => p.userId);
    },
  };
}

export type Audience = ReturnType<typeof audience>;

export const touchpointAudience = audience({
  record: touchpoints,
  id: touchpoints.id,
  visibility: touchpoints.visibility,
  unitId: touchpoints.unitId,
  readers: touchpointReaders,
  readerRecordId: touchpointReaders.touchpointId,
  readerUserId: touchpointReaders.userId,
  readerKeys: { record: 'touchpointId', user: 'userId' },
  readersAlwaysSee: false,
});

/**
 * The touch-point rule over touchpoint_partners' copies of the visibility and unit, for reads
 * driven by a partner (timeline, counts, last contact): the rows are filtered in the index walk,
 * before any touch point is read. The same rule (visibleTo), bound to other columns.
 */
export function touchpointPartnerScope(actor: Actor): SQL | undefined {
  return visibleTo(actor, {
    visibility: touchpointPartners.visibility,
    unitId: touchpointPartners.unitId,
    isNamedReader: (userId) =>
      sql`exists (select 1 from ${touchpointReaders} where ${touchpointReaders.touchpointId} = ${touchpointPartners.touchpointId} and ${touchpointReaders.userId} = ${userId})`,
  });
}

/**
 * The same rule over the kept counts (touchpoint_counts), which hold institution and unit rows
 * only: confidential touch points are counted live, each through its named readers.
 */
export function touchpointCountScope(actor: Actor): SQL | undefined {
  return visibleTo(actor, {
    visibility: touchpointCounts.visibility,
    unitId: touchpointCounts.unitId,
    isNamedReader: () => sql`false`,
  });
}

export const requestAudience = audience({
  record: requests,
  id: requests.id,
  visibility: requests.visibility,
  unitId: requests.unitId,
  readers: requestReaders,
  readerRecordId: requestReaders.requestId,
  readerUserId: requestReaders.userId,
  readerKeys: { record: 'requestId', user: 'userId' },
  readersAlwaysSee: true,
});

/** Activities share the rule: confidential ones are seen by their named readers (owner and co-organisers among them). */
export const activityAudience = audience({
  record: activities,
  id: activities.id,
  visibility: activities.visibility,
  unitId: activities.unitId,
  readers: activityReaders,
  readerRecordId: activityReaders.activityId,
  readerUserId: activityReaders.userId,
  readerKeys: { record: 'activityId', user: 'userId' },
  readersAlwaysSee: false,
});

/** Agreements share the rule; their named readers (owner, approver, proposers) always see them. */
export const agreementAudience = audience({
  record: agreements,
  id: agreements.id,
  visibility: agreements.visibility,
  unitId: agreements.unitId,
  readers: agreementReaders,
  readerRecordId: agreementReaders.agreementId,
  readerUserId: agreementReaders.userId,
  readerKeys: { record: 'agreementId', user: 'userId' },
  readersAlwaysSee: true,
});

/**
 * Of these people, those who may read the task now: a task on a touch point is as visible as
 * the touch point; any other task is seen by every active member of staff. A missing task is
 * read by nobody.
 */
export async function whoCanReadTask(db: Executor, taskId: string, userIds: readonly string[]) {
  const [task] = await db
    .select({ touchpointId: tasks.touchpointId })
    .from(tasks)
    .where(eq(tasks.id, taskId));
  if (!task) return [];
  if (task.touchpointId) return touchpointAudience.whoCanRead(db, task.touchpointId, userIds);
  return (await actorsOf(db, userIds)).map((a) => a.userId);
}
