import { and, eq, ilike } from 'drizzle-orm';
import type { ListPartnerTypesQuery } from '../../../../common/src/contracts/partner-types.ts';
import type { Executor } from '../../db/client.ts';
import { recordStore } from '../../db/records.ts';
import { partnerTypes } from '../../db/schema/partner-types.ts';
import { afterCursor, orderOf, type SortSpec, sortOptions } from '../../lib/pagination.ts';
import { presentRecord } from '../../lib/records.ts';

export const partnerTypeSortSpecs = sortOptions(
  {
    name: [partnerTypes.name, 'name'],
    createdAt: [partnerTypes.createdAt, 'createdAt'],
    updatedAt: [partnerTypes.updatedAt, 'updatedAt'],
  },
  partnerTypes.id,
);

export async function listPartnerTypes(db: Executor, query: ListPartnerTypesQuery, spec: SortSpec) {
  return db
    .select()
    .from(partnerTypes)
    .where(
      and(query.q ? ilike(partnerTypes.name, `%${query.q}%`) : undefined, afterCursor(spec, query.cursor)),
    )
    .orderBy(...orderOf(spec))
    .limit(query.limit + 1);
}

export async function findPartnerType(db: Executor, id: string) {
  const [row] = await db.select().from(partnerTypes).where(eq(partnerTypes.id, id));
  return row ?? null;
}

/** Partner types' one write path: create, update (If-Match) and delete, each audited and published. */
export const partnerTypeStore = recordStore({
  entity: 'partner_type',
  noun: 'partner type',
  table: partnerTypes,
  fixed: [],
  present: (_db, rows) => rows.map(presentRecord),
});
