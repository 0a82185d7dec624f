import { and, asc, count, desc, eq, inArray, isNull, lte, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { AgreementTerms, TermDifference } from '../../../../common/src/contracts/agreements.ts';
import { agreementTermFields } from '../../../../common/src/labels/agreements.ts';
import type { Executor } from '../../db/client.ts';
import { type Row, recordStore } from '../../db/records.ts';
import { affiliations } from '../../db/schema/affiliations.ts';
import { agreementChanges, agreements, agreementVersions } from '../../db/schema/agreements.ts';
import { contacts } from '../../db/schema/contacts.ts';
import { partners } from '../../db/schema/partners.ts';
import { relationshipDeputies, relationships } from '../../db/schema/relationships.ts';
import { settings } from '../../db/schema/settings.ts';
import { unitAncestry, units } from '../../db/schema/units.ts';
import { users } from '../../db/schema/users.ts';
import { allOf } from '../../lib/all-of.ts';
import { agreementAudience } from '../access/audience.repository.ts';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** The terms of a row, as versions and changes keep them. */
export const termsOf = (row: AgreementTerms): AgreementTerms => ({
  title: row.title,
  universityCommitments: row.universityCommitments,
  partnerCommitments: row.partnerCommitments,
  keyTerms: row.keyTerms,
  startDate: row.startDate,
  endDate: row.endDate,
  reviewDate: row.reviewDate,
});

/** The fields that differ between two versions of the terms, in the order the form shows them. */
export function differencesOf(before: AgreementTerms, after: AgreementTerms): TermDifference[] {
  return agreementTermFields
    .filter((field) => (before[field] ?? null) !== (after[field] ?? null))
    .map((field) => ({ field, before: before[field] ?? null, after: after[field] ?? null }));
}

/** Agreements with the names they show, their readers and open changes: four queries however many rows. */
async function presentAgreements(db: Executor, rows: Row<typeof agreements>[]) {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const owner = alias(users, 'owner');
  const manager = alias(users, 'manager');
  const [names, readers, pending] = await allOf(db, [
    () =>
      db
        .select({
          id: agreements.id,
          partnerId: partners.id,
          partnerName: partners.name,
          unitName: units.name,
          ownerName: owner.name,
          contactName: contacts.name,
          managerId: relationships.managerId,
          managerName: manager.name,
        })
        .from(agreements)
        .innerJoin(relationships, eq(relationships.id, agreements.relationshipId))
        .innerJoin(partners, eq(partners.id, relationships.partnerId))
        .innerJoin(units, eq(units.id, agreements.unitId))
        .innerJoin(owner, eq(owner.id, agreements.ownerId))
        .leftJoin(contacts, eq(contacts.id, agreements.partnerContactId))
        .leftJoin(manager, eq(manager.id, relationships.managerId))
        .where(inArray(agreements.id, ids)),
    () => agreementAudience.readersOf(db, ids),
    () =>
      db
        .select({ id: agreementChanges.agreementId, n: count() })
        .from(agreementChanges)
        .where(and(inArray(agreementChanges.agreementId, ids), eq(agreementChanges.status, 'proposed')))
        .groupBy(agreementChanges.agreementId),
  ]);
  const byId = new Map(names.map((n) => [n.id, n]));
  const pendingById = new Map(pending.map((p) => [p.id, p.n]));
  return rows.map((r) => {
    const n = byId.get(r.id)!;
    return {
      id: r.id,
      version: r.version,
      relationshipId: r.relationshipId,
      partner: { id: n.partnerId, name: n.partnerName },
      unit: { id: r.unitId, name: n.unitName },
      kind: r.kind,
      status: r.status,
      ...termsOf(r),
      revision: r.revision,
      reviewReminderDays: r.reviewReminderDays,
      endReminderDays: r.endReminderDays,
      owner: { id: r.ownerId, name: n.ownerName },
      partnerContact: r.partnerContactId ? { id: r.partnerContactId, name: n.contactName ?? '' } : null,
      approver: n.managerId ? { id: n.managerId, name: n.managerName ?? '' } : null,
      visibility: r.visibility,
      readers: readers.filter((x) => x.recordId === r.id).map(({ id, name }) => ({ id, name })),
      pendingChanges: pendingById.get(r.id) ?? 0,
      createdAt: r.createdAt.toISOString(),
      updatedAt: r.updatedAt.toISOString(),
    };
  });
}
export type PresentedAgreement = Awaited<ReturnType<typeof presentAgreements>>[number];

export const agreementStore = recordStore({
  entity: 'agreement',
  noun: 'agreement',
  table: agreements,
  fixed: ['relationshipId', 'unitId', 'createdById'],
  defaulted: ['status', 'revision', 'remindedForReview', 'remindedForEnd'],
  present: presentAgreements,
});

export const presentAgreement = async (db: Executor, id: string) => {
  const row = await agreementStore.find(db, id);
  return row ? (await presentAgreements(db, [row]))[0]! : null;
};

/** The agreement's row, locked for the rest of the transaction (a decision applies a change to it). */
export async function lockAgreement(tx: Executor, id: string) {
  const [row] = await tx.select().from(agreements).where(eq(agreements.id, id)).for('update');
  return row ?? null;
}

/** One page of the agreements the actor may see, newest first; `scope` is the audience rule's where-clause. */
export async function listAgreements(
  db: Executor,
  filter: {
    relationshipId?: string;
    partnerId?: string;
    status?: string;
    kind?: string;
    reviewBefore?: string;
    after?: string;
  },
  scope: SQL | undefined,
  limit: number,
) {
  const where = and(
    scope,
    filter.relationshipId ? eq(agreements.relationshipId, filter.relationshipId) : undefined,
    filter.partnerId
      ? inArray(
          agreements.relationshipId,
          db
            .select({ id: relationships.id })
            .from(relationships)
            .where(eq(relationships.partnerId, filter.partnerId)),
        )
      : undefined,
    filter.status ? eq(agreements.status, filter.status as 'draft') : undefined,
    filter.kind ? eq(agreements.kind, filter.kind as 'contract') : undefined,
    filter.reviewBefore ? lte(agreements.reviewDate, filter.reviewBefore) : undefined,
    filter.after ? sql`${agreements.id} < ${filter.after}` : undefined,
  );
  const rows = await db
    .select()
    .from(agreements)
    .where(where)
    .orderBy(desc(agreements.id))
    .limit(limit + 1);
  return {
    rows: rows.slice(0, limit),
    more: rows.length > limit,
    present: () => presentAgreements(db, rows.slice(0, limit)),
  };
}

/** The relationships agreements govern, with who looks after them: one query however many. */
export async function relationshipsOf(db: Executor, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return db
    .select({
      id: relationships.id,
      unitId: relationships.unitId,
      partnerId: relationships.partnerId,
      managerId: relationships.managerId,
      deputyIds: sql<
        string[]
      >`coalesce((select array_agg(${relationshipDeputies.userId}) from ${relationshipDeputies} where ${relationshipDeputies.relationshipId} = ${relationships.id}), '{}')`,
    })
    .from(relationships)
    .where(inArray(relationships.id, [...new Set(ids)]));
}
export const relationshipOf = async (db: Executor, id: string) =>
  (await relationshipsOf(db, [id]))[0] ?? null;
export type GovernedRelationship = NonNullable<Awaited<ReturnType<typeof relationshipOf>>>;

export async function contactOfPartner(db: Executor, contactId: string, partnerId: string) {
  const [row] = await db
    .select({ id: affiliations.id })
    .from(affiliations)
    .where(and(eq(affiliations.contactId, contactId), eq(affiliations.partnerId, partnerId)))
    .limit(1);
  return !!row;
}

/** Of these ids, those of active members of staff. */
export async function activeUsers(db: Executor, ids: readonly string[]) {
  if (ids.length === 0) return [];
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .where(and(inArray(users.id, [...new Set(ids)]), isNull(users.deactivatedAt)));
  return rows.map((r) => r.id);
}

export const addReaders = (tx: Executor, id: string, userIds: readonly string[]) =>
  agreementAudience.add(tx, id, userIds);

export async function insertVersion(
  tx: Executor,
  values: { agreementId: string; revision: number; terms: AgreementTerms; changeId: string | null },
) {
  await tx.insert(agreementVersions).values(values);
}

export async function versionsOf(db: Executor, agreementId: string) {
  return db
    .select({
      revision: agreementVersions.revision,
      terms: agreementVersions.terms,
      changeId: agreementVersions.changeId,
      reason: agreementChanges.reason,
      createdAt: agreementVersions.createdAt,
    })
    .from(agreementVersions)
    .leftJoin(agreementChanges, eq(agreementChanges.id, agreementVersions.changeId))
    .where(eq(agreementVersions.agreementId, agreementId))
    .orderBy(asc(agreementVersions.revision));
}

export type ChangeRow = Row<typeof agreementChanges>;

export async function insertChange(tx: Executor, values: typeof agreementChanges.$inferInsert) {
  const [row] = await tx.insert(agreementChanges).values(values).returning();
  return row!;
}

export async function findChange(db: Executor, id: string, options: { lock?: boolean } = {}) {
  const query = db.select().from(agreementChanges).where(eq(agreementChanges.id, id));
  const [row] = options.lock ? await query.for('update') : await query;
  return row ?? null;
}

export async function changesOf(db: Executor, agreementId: string) {
  return db
    .select()
    .from(agreementChanges)
    .where(eq(agreementChanges.agreementId, agreementId))
    .orderBy(desc(agreementChanges.proposedAt), desc(agreementChanges.id))
    .limit(500);
}

export async function saveDecision(
  tx: Executor,
  id: string,
  values: Partial<typeof agreementChanges.$inferInsert>,
) {
  const [row] = await tx.update(agreementChanges).set(values).where(eq(agreementChanges.id, id)).returning();
  return row!;
}

/** Applies approved terms: the next revision, in the transaction that holds the agreement's lock. */
export async function reviseAgreement(tx: Executor, id: string, terms: Partial<AgreementTerms>) {
  await tx
    .update(agreements)
    .set({
      ...terms,
      revision: sql`${agreements.revision} + 1`,
      version: sql`${agreements.version} + 1`,
      updatedAt: sql`now()`,
    })
    .where(eq(agreements.id, id));
}

/** The names of the people a list of changes shows, in one query. */
export async function peopleNamed(db: Executor, rows: ChangeRow[], approverId: string | null) {
  const userIds = new Set<string>(approverId ? [approverId] : []);
  const contactIds = new Set<string>();
  for (const r of rows) {
    for (const id of [r.proposedById, r.universityDecidedById, r.partnerRecordedById])
      if (id) userIds.add(id);
    if (r.partnerContactId) contactIds.add(r.partnerContactId);
  }
  const [people, partnerPeople] = await allOf(db, [
    () =>
      userIds.size
        ? db
            .select({ id: users.id, name: users.name })
            .from(users)
            .where(inArray(users.id, [...userIds]))
        : Promise.resolve([]),
    () =>
      contactIds.size
        ? db
            .select({ id: contacts.id, name: contacts.name })
            .from(contacts)
            .where(inArray(contacts.id, [...contactIds]))
        : Promise.resolve([]),
  ]);
  return {
    user: (id: string | null) => (id ? { id, name: people.find((p) => p.id === id)?.name ?? '' } : null),
    contact: (id: string) => ({ id, name: partnerPeople.find((p) => p.id === id)?.name ?? '' }),
  };
}

/**
 * Agreements in force whose review reminder is due by `today` and not yet sent for this review
 * date, claimed (marked reminded) in the caller's transaction. Unscoped: the reminder goes to the
 * owner, whom the audience rule checks again before telling them.
 */
export async function unsafeClaimReviewsDue(tx: Executor, today: string, limit: number) {
  return tx
    .update(agreements)
    .set({ remindedForReview: sql`${agreements.reviewDate}` })
    .where(
      inArray(
        agreements.id,
        tx
          .select({ id: agreements.id })
          .from(agreements)
          .where(
            sql`${agreements.status} = 'active' and ${agreements.reviewDate} is not null
              and ${agreements.reviewDate} - ${agreements.reviewReminderDays} <= ${today}::date
              and ${agreements.remindedForReview} is distinct from ${agreements.reviewDate}`,
          )
          .orderBy(asc(agreements.reviewDate))
          .limit(limit)
          .for('update', { skipLocked: true }),
      ),
    )
    .returning({ id: agreements.id });
}

/**
 * Claims up to `limit` agreements in force whose end date is within their reminder days and
 * whose owner was not yet reminded of that end date, marking them reminded (SKIP LOCKED: two
 * workers never claim one twice). "Unsafe": no audience rule, for the sweep only.
 */
export async function unsafeClaimEndsDue(tx: Executor, today: string, limit: number) {
  return tx
    .update(agreements)
    .set({ remindedForEnd: sql`${agreements.endDate}` })
    .where(
      inArray(
        agreements.id,
        tx
          .select({ id: agreements.id })
          .from(agreements)
          .where(
            sql`${agreements.status} = 'active' and ${agreements.endDate} is not null
              and ${agreements.endDate} >= ${today}::date
              and ${agreements.endDate} - ${agreements.endReminderDays} <= ${today}::date
              and ${agreements.remindedForEnd} is distinct from ${agreements.endDate}`,
          )
          .orderBy(asc(agreements.endDate))
          .limit(limit)
          .for('update', { skipLocked: true }),
      ),
    )
    .returning({ id: agreements.id });
}

/** Marks an approved change for its e-mail to the partner's contact (once: a repeat does nothing). */
export async function markChangeForPartnerNotice(tx: Executor, changeId: string) {
  await tx
    .update(agreementChanges)
    .set({ partnerNotice: 'pending' })
    .where(and(eq(agreementChanges.id, changeId), isNull(agreementChanges.partnerNotice)));
}

/**
 * Up to `limit` approved changes whose partner's contact is still to be told, locked (SKIP LOCKED:
 * two workers never send one twice). Who is told: the agreement's signatory, else the partner's
 * current key contact. With their name and first address, and what the e-mail says.
 */
export async function claimPendingPartnerNotices(tx: Executor, limit: number) {
  const due = tx
    .select({ id: agreementChanges.id })
    .from(agreementChanges)
    .where(eq(agreementChanges.partnerNotice, 'pending'))
    .orderBy(agreementChanges.proposedAt)
    .limit(limit)
    .for('update', { skipLocked: true });
  const told = sql<string | null>`coalesce(${agreements.partnerContactId}, (
    select ${affiliations.contactId} from ${affiliations}
    where ${affiliations.partnerId} = ${relationships.partnerId} and ${affiliations.isKeyContact}
      and (${affiliations.endDate} is null or ${affiliations.endDate} >= current_date)
    order by ${affiliations.isPrimary} desc, ${affiliations.createdAt}, ${affiliations.id}
    limit 1))`;
  const rows = await tx
    .select({
      id: agreementChanges.id,
      reason: agreementChanges.reason,
      terms: agreementChanges.terms,
      baseTerms: agreementChanges.baseTerms,
      title: agreements.title,
      unitName: units.name,
      partnerName: partners.name,
      contactId: told,
    })
    .from(agreementChanges)
    .innerJoin(agreements, eq(agreements.id, agreementChanges.agreementId))
    .innerJoin(relationships, eq(relationships.id, agreements.relationshipId))
    .innerJoin(partners, eq(partners.id, relationships.partnerId))
    .innerJoin(units, eq(units.id, agreements.unitId))
    .where(inArray(agreementChanges.id, due));
  const contactIds = [...new Set(rows.flatMap((r) => (r.contactId ? [r.contactId] : [])))];
  const people = contactIds.length
    ? await tx
        .select({ id: contacts.id, name: contacts.name, email: sql<string | null>`${contacts.emails}[1]` })
        .from(contacts)
        .where(inArray(contacts.id, contactIds))
    : [];
  const byId = new Map(people.map((p) => [p.id, p]));
  return rows.map((r) => ({ ...r, contact: r.contactId ? (byId.get(r.contactId) ?? null) : null }));
}

/** Records that these changes' partner e-mails were sent or withheld. */
export async function markPartnerNotices(tx: Executor, ids: readonly string[], outcome: 'sent' | 'withheld') {
  if (ids.length === 0) return;
  await tx
    .update(agreementChanges)
    .set({ partnerNotice: outcome, partnerNoticeAt: sql`now()` })
    .where(inArray(agreementChanges.id, [...ids]));
}

export const APPROVAL_RULES_KEY = 'agreement_approval_rules';

export async function readApprovalRules(db: Executor) {
  const [row] = await db.select().from(settings).where(eq(settings.key, APPROVAL_RULES_KEY));
  return row?.value ?? null;
}

export async function writeApprovalRules(tx: Executor, value: Record<string, unknown>) {
  await tx
    .insert(settings)
    .values({ key: APPROVAL_RULES_KEY, value })
    .onConflictDoUpdate({
      target: settings.key,
      set: { value, version: sql`${settings.version} + 1`, updatedAt: new Date() },
    });
}

/** Of these unit ids, the ones that exist. */
export async function unitsExist(db: Executor, ids: readonly string[]) {
  if (ids.length === 0) return [];
  const rows = await db
    .select({ id: units.id })
    .from(units)
    .where(inArray(units.id, [...ids]));
  return rows.map((r) => r.id);
}

/** The active senior managers whose unit is this unit or one above it. */
export async function seniorManagersOver(db: Executor, unitId: string) {
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .innerJoin(unitAncestry, eq(unitAncestry.ancestorId, users.unitId))
    .where(
      and(eq(unitAncestry.unitId, unitId), eq(users.role, 'senior_manager'), isNull(users.deactivatedAt)),
    )
    .orderBy(asc(users.id))
    .limit(100);
  return rows.map((r) => r.id);
}

export { iso };
