import { and, eq, ilike, sql } from 'drizzle-orm';
import type { CreateUnit, ListUnitsQuery, UpdateUnit } from '../../../../common/src/contracts/units.ts';
import { type Executor, queryRows } from '../../db/client.ts';
import { units } from '../../db/schema/units.ts';
import { afterCursor, orderOf, type SortSpec, sortOptions } from '../../lib/pagination.ts';

export const unitSortSpecs = sortOptions(
  {
    name: [units.name, 'name'],
    createdAt: [units.createdAt, 'createdAt'],
    updatedAt: [units.updatedAt, 'updatedAt'],
  },
  units.id,
);

export async function listUnits(db: Executor, query: ListUnitsQuery, spec: SortSpec) {
  return db
    .select()
    .from(units)
    .where(
      and(
        query.q ? ilike(units.name, `%${query.q}%`) : undefined,
        query.kind ? eq(units.kind, query.kind) : undefined,
        query.parentId ? eq(units.parentId, query.parentId) : undefined,
        afterCursor(spec, query.cursor),
      ),
    )
    .orderBy(...orderOf(spec))
    .limit(query.limit + 1);
}

export async function findUnit(db: Executor, id: string) {
  const [row] = await db.select().from(units).where(eq(units.id, id));
  return row ?? null;
}

export async function insertUnit(db: Executor, values: CreateUnit) {
  const [row] = await db.insert(units).values(values).returning();
  return row!;
}

/** Updates when the stored version is still `version`; null means someone else changed it first. */
export async function updateUnit(db: Executor, id: string, version: number, values: UpdateUnit) {
  const [row] = await db
    .update(units)
    .set({ ...values, version: sql`${units.version} + 1`, updatedAt: sql`now()` })
    .where(and(eq(units.id, id), eq(units.version, version)))
    .returning();
  return row ?? null;
}

export async function deleteUnit(db: Executor, id: string) {
  await db.delete(units).where(eq(units.id, id));
}

/** True when `candidateParentId` is `id` itself or one of its descendants (a move there would make a loop). */
export async function isInSubtree(db: Executor, id: string, candidateParentId: string): Promise<boolean> {
  const rows = await queryRows<{ found: boolean }>(
    db,
    sql`
    with recursive subtree as (
      select id from units where id = ${id}
      union all
      select u.id from units u join subtree s on u.parent_id = s.id
    )
    select exists(select 1 from subtree where id = ${candidateParentId}) as found`,
  );
  return rows[0]?.found === true;
}
