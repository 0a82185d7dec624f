import { and, asc, eq, getTableColumns, inArray, isNull, sql } from 'drizzle-orm';
import type {
  CreateRelationship,
  UpdateRelationship,
} from '../../../../common/src/contracts/relationships.ts';
import type { ListRelationshipsQuery } from '../../../../common/src/lists/relationships.ts';
import { relationshipList } from '../../../../common/src/lists/relationships.ts';
import type { Executor } from '../../db/client.ts';
import { partners } from '../../db/schema/partners.ts';
import { relationshipDeputies, relationships } from '../../db/schema/relationships.ts';
import { units } from '../../db/schema/units.ts';
import { users } from '../../db/schema/users.ts';
import { bindList } from '../../lib/lists/list.ts';
import { sortOptions, toPage } from '../../lib/pagination.ts';

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

export async function insertRelationship(db: Executor, values: Omit<CreateRelationship, 'deputyIds'>) {
  const [row] = await db.insert(relationships).values(values).returning({ id: relationships.id });
  return row!.id;
}

export async function updateRelationship(
  db: Executor,
  id: string,
  version: number,
  values: Omit<UpdateRelationship, 'deputyIds'>,
) {
  const rows = await db
    .update(relationships)
    .set({ ...values, version: sql`${relationships.version} + 1`, updatedAt: sql`now()` })
    .where(and(eq(relationships.id, id), eq(relationships.version, version)))
    .returning({ id: relationships.id });
  return rows.length === 1;
}

export async function replaceDeputies(db: Executor, relationshipId: string, userIds: string[]) {
  await db.delete(relationshipDeputies).where(eq(relationshipDeputies.relationshipId, relationshipId));
  if (userIds.length > 0) {
    await db.insert(relationshipDeputies).values(userIds.map((userId) => ({ relationshipId, userId })));
  }
}

export async function deleteRelationship(db: Executor, id: string) {
  await db.delete(relationships).where(eq(relationships.id, id));
}
