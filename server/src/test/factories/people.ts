import { randomUUID } from 'node:crypto';
import type { Executor } from '../../db/client.ts';
import { affiliations } from '../../db/schema/affiliations.ts';
import { contacts } from '../../db/schema/contacts.ts';
import { relationships } from '../../db/schema/relationships.ts';

export async function buildContact(db: Executor, overrides: Partial<typeof contacts.$inferInsert> = {}) {
  const tag = randomUUID().slice(0, 8);
  const [row] = await db
    .insert(contacts)
    .values({ name: `Contact ${tag}`, emails: [`contact-${tag}@partner.example`], ...overrides })
    .returning();
  return row!;
}

export async function buildAffiliation(
  db: Executor,
  values: { contactId: string; partnerId: string } & Partial<typeof affiliations.$inferInsert>,
) {
  const [row] = await db
    .insert(affiliations)
    .values({ role: 'Key contact', ...values })
    .returning();
  return row!;
}

export async function buildRelationship(
  db: Executor,
  values: { unitId: string; partnerId: string } & Partial<typeof relationships.$inferInsert>,
) {
  const [row] = await db.insert(relationships).values(values).returning();
  return row!;
}
