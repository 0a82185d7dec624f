import { and, eq, ilike, sql } from 'drizzle-orm';
import type { ListUnitsQuery } from '../../../../common/src/contracts/units.ts';
import { type Executor, queryRows } from '../../db/client.ts';
import { recordStore } from '../../db/records.ts';
import { units } from '../../db/schema/units.ts';
import { afterCursor, orderOf, type SortSpec, sortOptions } from '../../lib/pagination.ts';
import { presentRecord } from '../../lib/records.ts';

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

/** Units' one write path: create, update (If-Match) and delete, each audited and published. */
export const unitStore = recordStore({
  entity: 'unit',
  noun: 'unit',
  table: units,
  fixed: [],
  present: (_db, rows) => rows.map(presentRecord),
});

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
