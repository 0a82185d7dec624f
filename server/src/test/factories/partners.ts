import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { partnerTypes } from '../../db/schema/partner-types.ts';
import { partners } from '../../db/schema/partners.ts';

/** The id of a default partner type (inserted by migration), by name. */
export async function partnerTypeId(db: Executor, name = 'Employer'): Promise<string> {
  const [row] = await db
    .select({ id: partnerTypes.id })
    .from(partnerTypes)
    .where(eq(partnerTypes.name, name));
  if (!row) throw new Error(`no partner type ${name}`);
  return row.id;
}

export async function buildPartner(db: Executor, overrides: Partial<typeof partners.$inferInsert> = {}) {
  const typeId = overrides.typeId ?? (await partnerTypeId(db));
  const [row] = await db
    .insert(partners)
    .values({ name: `Partner ${randomUUID().slice(0, 8)}`, ...overrides, typeId })
    .returning();
  return row!;
}
