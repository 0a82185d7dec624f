import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { RecordConsent, SavePurpose } from '../../../../common/src/contracts/personal-data.ts';
import type { Executor } from '../../db/client.ts';
import { contacts } from '../../db/schema/contacts.ts';
import { consentPurposes, consents, dataProtectionHolders, erasures } from '../../db/schema/personal-data.ts';
import { users } from '../../db/schema/users.ts';

export type Purpose = typeof consentPurposes.$inferSelect;

export const listPurposes = (db: Executor) =>
  db.select().from(consentPurposes).orderBy(asc(consentPurposes.name));

export async function findPurpose(db: Executor, key: string): Promise<Purpose | null> {
  const [row] = await db.select().from(consentPurposes).where(eq(consentPurposes.key, key));
  return row ?? null;
}

/** Creates a purpose or changes it (`version` given: only if it is still that version). */
export async function savePurpose(db: Executor, key: string, input: SavePurpose, version?: number) {
  if (version === undefined) {
    const [row] = await db
      .insert(consentPurposes)
      .values({ key, ...input })
      .onConflictDoNothing()
      .returning();
    return row ?? null;
  }
  const [row] = await db
    .update(consentPurposes)
    .set({ ...input, version: sql`${consentPurposes.version} + 1`, updatedAt: sql`now()` })
    .where(and(eq(consentPurposes.key, key), eq(consentPurposes.version, version)))
    .returning();
  return row ?? null;
}

/** Retires a purpose (`retired`) or brings it back, only if it is still at `version`. */
export async function setPurposeRetired(db: Executor, key: string, version: number, retired: boolean) {
  const [row] = await db
    .update(consentPurposes)
    .set({
      retiredAt: retired ? sql`now()` : null,
      version: sql`${consentPurposes.version} + 1`,
      updatedAt: sql`now()`,
    })
    .where(and(eq(consentPurposes.key, key), eq(consentPurposes.version, version)))
    .returning();
  return row ?? null;
}

export async function contactExists(db: Executor, id: string) {
  const [row] = await db.select({ id: contacts.id }).from(contacts).where(eq(contacts.id, id));
  return Boolean(row);
}

export async function isErased(db: Executor, contactId: string) {
  const [row] = await db
    .select({ id: erasures.contactId })
    .from(erasures)
    .where(eq(erasures.contactId, contactId));
  return Boolean(row);
}

const consentColumns = {
  id: consents.id,
  contactId: consents.contactId,
  purpose: consents.purpose,
  decision: consents.decision,
  lawfulBasis: consents.lawfulBasis,
  source: consents.source,
  recordedOn: consents.recordedOn,
  evidence: consents.evidence,
  recordedByName: users.name,
  recordedAt: consents.recordedAt,
};

/** A contact's every consent decision, newest first, with who recorded it. */
export const consentHistory = (db: Executor, contactId: string) =>
  db
    .select(consentColumns)
    .from(consents)
    .leftJoin(users, eq(users.id, consents.recordedById))
    .where(eq(consents.contactId, contactId))
    .orderBy(desc(consents.recordedAt), desc(consents.id))
    .limit(5000);

export type ConsentRow = Awaited<ReturnType<typeof consentHistory>>[number];

export async function insertConsent(
  db: Executor,
  contactId: string,
  recordedById: string | null,
  input: RecordConsent,
) {
  const [row] = await db
    .insert(consents)
    .values({ contactId, recordedById, ...input, evidence: input.evidence ?? null })
    .returning({ id: consents.id });
  return row!.id;
}

/**
 * The latest decision about one purpose of each of the contacts that have one (the newest row
 * per contact: one index range per contact on `consents_contact_purpose_idx`), and which of
 * them are erased. Contacts not in either map have never been asked.
 */
export async function decisionsOf(db: Executor, contactIds: readonly string[], purpose: string) {
  if (contactIds.length === 0) return { decisions: new Map<string, string>(), erased: new Set<string>() };
  const ids = [...new Set(contactIds)];
  const rows = await db
    .selectDistinctOn([consents.contactId], { contactId: consents.contactId, decision: consents.decision })
    .from(consents)
    .where(and(inArray(consents.contactId, ids), eq(consents.purpose, purpose)))
    .orderBy(consents.contactId, desc(consents.recordedAt), desc(consents.id));
  const erased = await db
    .select({ id: erasures.contactId })
    .from(erasures)
    .where(inArray(erasures.contactId, ids));
  return {
    decisions: new Map(rows.map((r) => [r.contactId, r.decision as string])),
    erased: new Set(erased.map((r) => r.id)),
  };
}

/** Per purpose, how many contacts' latest decision is to give and to withdraw consent. */
export async function consentCounts(db: Executor) {
  const latest = db
    .selectDistinctOn([consents.contactId, consents.purpose], {
      purpose: consents.purpose,
      decision: consents.decision,
    })
    .from(consents)
    .orderBy(consents.contactId, consents.purpose, desc(consents.recordedAt), desc(consents.id))
    .as('latest');
  return db
    .select({ purpose: latest.purpose, decision: latest.decision, count: sql<number>`count(*)::int` })
    .from(latest)
    .groupBy(latest.purpose, latest.decision);
}

export async function holdsDataProtection(db: Executor, userId: string) {
  const [row] = await db
    .select({ id: dataProtectionHolders.userId })
    .from(dataProtectionHolders)
    .where(eq(dataProtectionHolders.userId, userId));
  return Boolean(row);
}

export const listHolders = (db: Executor) =>
  db
    .select({
      userId: dataProtectionHolders.userId,
      name: users.name,
      email: users.email,
      grantedAt: dataProtectionHolders.grantedAt,
    })
    .from(dataProtectionHolders)
    .innerJoin(users, eq(users.id, dataProtectionHolders.userId))
    .orderBy(asc(users.name))
    .limit(5000);

export async function userExists(db: Executor, userId: string) {
  const [row] = await db.select({ id: users.id }).from(users).where(eq(users.id, userId));
  return Boolean(row);
}

export async function grantHolder(db: Executor, userId: string, grantedById: string) {
  const rows = await db
    .insert(dataProtectionHolders)
    .values({ userId, grantedById })
    .onConflictDoNothing()
    .returning({ id: dataProtectionHolders.userId });
  return rows.length > 0;
}

export async function revokeHolder(db: Executor, userId: string) {
  const rows = await db
    .delete(dataProtectionHolders)
    .where(eq(dataProtectionHolders.userId, userId))
    .returning({ id: dataProtectionHolders.userId });
  return rows.length > 0;
}

export async function userNameOf(db: Executor, userId: string) {
  const [row] = await db.select({ name: users.name }).from(users).where(eq(users.id, userId));
  return row?.name ?? null;
}
