import { and, eq, ilike, sql } from 'drizzle-orm';
import type {
  CreatePartnerType,
  ListPartnerTypesQuery,
  UpdatePartnerType,
} from '../../../../common/src/contracts/partner-types.ts';
import type { Executor } from '../../db/client.ts';
import { partnerTypes } from '../../db/schema/partner-types.ts';
import { afterCursor, orderOf, type SortSpec, sortOptions } from '../../lib/pagination.ts';

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

export async function insertPartnerType(db: Executor, values: CreatePartnerType) {
  const [row] = await db.insert(partnerTypes).values(values).returning();
  return row!;
}

export async function updatePartnerType(
  db: Executor,
  id: string,
  version: number,
  values: UpdatePartnerType,
) {
  const [row] = await db
    .update(partnerTypes)
    .set({ ...values, version: sql`${partnerTypes.version} + 1`, updatedAt: sql`now()` })
    .where(and(eq(partnerTypes.id, id), eq(partnerTypes.version, version)))
    .returning();
  return row ?? null;
}

export async function deletePartnerType(db: Executor, id: string) {
  await db.delete(partnerTypes).where(eq(partnerTypes.id, id));
}
