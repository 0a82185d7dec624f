import { and, asc, eq, getTableColumns, inArray, isNull, sql } from 'drizzle-orm';
import type { ListRelationshipsQuery } from '../../../../common/src/lists/relationships.ts';
import { relationshipList } from '../../../../common/src/lists/relationships.ts';
import type { Executor } from '../../db/client.ts';
import { lockVersions, recordStore } from '../../db/records.ts';
import { partners } from '../../db/schema/partners.ts';
import { relationshipDeputies, relationships } from '../../db/schema/relationships.ts';
import { units } from '../../db/schema/units.ts';
import { users } from '../../db/schema/users.ts';
import { bindList } from '../../lib/lists/list.ts';
import { sortOptions, toPage } from '../../lib/pagination.ts';
import { presentRecord } from '../../lib/records.ts';

const columns = {
  ...getTableColumns(relationships),
  reviewDateKey: sql<string>`coalesce(${relationships.reviewDate}, '9999-12-31'::date)::text`,
  unitName: units.name,
  partnerName: partners.name,
  managerName: users.name,
};

function selectRelationships(db: Executor) {
  return db
    .select(columns)
    .from(relationships)
    .innerJoin(units, eq(units.id, relationships.unitId))
    .innerJoin(partners, eq(partners.id, relationships.partnerId))
    .leftJoin(users, eq(users.id, relationships.managerId));
}

/** The relationship list's filters and sorts as SQL (declared in common/src/lists/relationships.ts). */
export const relationshipListing = bindList(relationshipList, {
  where: {
    unitId: (id) => eq(relationships.unitId, id),
    partnerId: (id) => eq(relationships.partnerId, id),
    managerId: (id) => eq(relationships.managerId, id),
    stage: (stage) => eq(relationships.stage, stage),
    status: (status) => eq(relationships.status, status),
  },
  sorts: sortOptions(
    {
      partnerName: [partners.name, 'partnerName'],
      createdAt: [relationships.createdAt, 'createdAt'],
      updatedAt: [relationships.updatedAt, 'updatedAt'],
      reviewDate: [sql`coalesce(${relationships.reviewDate}, '9999-12-31'::date)`, 'reviewDateKey'],
    },
    relationships.id,
  ),
});

/** A page of the relationship list for the filters, sort and cursor. */
export async function listRelationships(db: Executor, query: ListRelationshipsQuery) {
  const { after, orderBy, spec } = relationshipListing.page(query.sort, query.cursor);
  const rows = await selectRelationships(db)
    .where(and(relationshipListing.where(query), after))
    .orderBy(...orderBy)
    .limit(query.limit + 1);
  return toPage(rows, query.limit, spec);
}

/** How many relationships the filters match (the list's total). */
export async function countRelationships(
  db: Executor,
  query: Omit<ListRelationshipsQuery, 'limit' | 'cursor' | 'sort'>,
) {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(relationships)
    .where(relationshipListing.where(query as ListRelationshipsQuery));
  return row?.n ?? 0;
}

export async function findRelationship(db: Executor, id: string) {
  const [row] = await selectRelationships(db).where(eq(relationships.id, id));
  return row ?? null;
}

export async function findRelationships(db: Executor, ids: string[]) {
  if (ids.length === 0) return [];
  return selectRelationships(db).where(inArray(relationships.id, ids));
}

/** Deputies of many relationships in one query. */
export async function deputiesOf(db: Executor, relationshipIds: string[]) {
  if (relationshipIds.length === 0) return [];
  return db
    .select({ relationshipId: relationshipDeputies.relationshipId, id: users.id, name: users.name })
    .from(relationshipDeputies)
    .innerJoin(users, eq(users.id, relationshipDeputies.userId))
    .where(inArray(relationshipDeputies.relationshipId, relationshipIds))
    .orderBy(asc(users.name));
}

/** How many of these ids are active users (managers and deputies must be). */
export async function countActiveUsers(db: Executor, ids: string[]) {
  if (ids.length === 0) return 0;
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .where(and(inArray(users.id, ids), isNull(users.deactivatedAt)));
  return rows.length;
}

export async function replaceDeputies(db: Executor, relationshipId: string, userIds: string[]) {
  await db.delete(relationshipDeputies).where(eq(relationshipDeputies.relationshipId, relationshipId));
  if (userIds.length > 0) {
    await db.insert(relationshipDeputies).values(userIds.map((userId) => ({ relationshipId, userId })));
  }
}

/** The relationship of each of these unit–partner pairs that has one, by `unitId/partnerId` (one query). */
export async function relationshipIdsOfPairs(db: Executor, pairs: { unitId: string; partnerId: string }[]) {
  if (pairs.length === 0) return new Map<string, string>();
  const rows = await db
    .select({ id: relationships.id, unitId: relationships.unitId, partnerId: relationships.partnerId })
    .from(relationships)
    .where(
      and(
        inArray(relationships.unitId, [...new Set(pairs.map((p) => p.unitId))]),
        inArray(relationships.partnerId, [...new Set(pairs.map((p) => p.partnerId))]),
      ),
    );
  return new Map(rows.map((r) => [`${r.unitId}/${r.partnerId}`, r.id]));
}

export type RelationshipRow = NonNullable<Awaited<ReturnType<typeof findRelationship>>>;

/** Relationships as the API shows them, deputies included (one query for them, whatever the number). */
export async function presentRelationships(db: Executor, rows: RelationshipRow[]) {
  return presentRelationshipsWith(
    rows,
    await deputiesOf(
      db,
      rows.map((r) => r.id),
    ),
  );
}

/** Relationships as the API shows them, given their deputies (deputiesOf's answer, in name order). */
export function presentRelationshipsWith(
  rows: RelationshipRow[],
  deputies: { relationshipId: string; id: string; name: string }[],
) {
  return rows.map(({ reviewDateKey: _k, ...row }) => ({
    ...presentRecord(row),
    deputies: deputies.filter((d) => d.relationshipId === row.id).map(({ id, name }) => ({ id, name })),
  }));
}

/** Relationships' one write path; deputies are written alongside, before the public form is taken. */
export const relationshipStore = recordStore({
  entity: 'relationship',
  noun: 'relationship',
  table: relationships,
  fixed: ['unitId', 'partnerId'],
  present: async (db, rows) =>
    presentRelationships(
      db,
      await findRelationships(
        db,
        rows.map((r) => r.id),
      ),
    ),
});

/** Locks these relationships (in id order, so two bulk actions cannot deadlock) and reads their versions. */
export const lockRelationshipVersions = (tx: Executor, ids: string[]) => lockVersions(tx, relationships, ids);
