import { and, desc, eq, inArray, isNotNull, or, type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { type Row, recordStore } from '../../db/records.ts';
import { affiliations } from '../../db/schema/affiliations.ts';
import { agreements } from '../../db/schema/agreements.ts';
import { contacts } from '../../db/schema/contacts.ts';
import { disputeOutcomeMail, disputeProcedures } from '../../db/schema/disputes.ts';
import { partners } from '../../db/schema/partners.ts';
import { relationships } from '../../db/schema/relationships.ts';
import { requests } from '../../db/schema/requests.ts';
import { settings } from '../../db/schema/settings.ts';
import { units } from '../../db/schema/units.ts';

export const TIMESCALES_KEY = 'dispute_timescales';

/** The procedure as its history keeps it: never the link's hash. */
const presentRows = (_db: Executor, rows: Row<typeof disputeProcedures>[]) =>
  rows.map(({ linkHash: _hash, ...row }) => row);

export const disputeStore = recordStore({
  entity: 'dispute',
  noun: 'dispute',
  table: disputeProcedures,
  fixed: ['requestId'],
  present: presentRows,
});

/** The procedure row of a request, optionally locked for the rest of the transaction. */
export async function procedureOf(db: Executor, requestId: string, lock = false) {
  const query = db.select().from(disputeProcedures).where(eq(disputeProcedures.requestId, requestId));
  const [row] = lock ? await query.for('update') : await query;
  return row ?? null;
}

/** The procedure a private link is for, with what the page shows; locked when asked. */
export async function procedureByLink(db: Executor, linkHash: string, lock = false) {
  const query = db
    .select({
      procedure: disputeProcedures,
      title: requests.title,
      partnerName: partners.name,
      unitName: units.name,
      contactName: contacts.name,
    })
    .from(disputeProcedures)
    .innerJoin(requests, eq(requests.id, disputeProcedures.requestId))
    .innerJoin(partners, eq(partners.id, requests.partnerId))
    .innerJoin(units, eq(units.id, requests.unitId))
    .innerJoin(contacts, eq(contacts.id, disputeProcedures.contactId))
    .where(eq(disputeProcedures.linkHash, linkHash));
  const [row] = lock ? await query.for('update', { of: disputeProcedures }) : await query;
  return row ?? null;
}

type Governed = { relationshipId: string | null; partnerId: string; unitId: string };

/**
 * The key terms of the agreements in force that govern these requests' relationships (a request's
 * own relationship, or the one between its unit and partner), newest first, that the reader may
 * see (`scope`): one query however many requests. The caller matches them to each request.
 */
export async function governingTerms(db: Executor, governed: readonly Governed[], scope: SQL | undefined) {
  if (governed.length === 0) return [];
  const relationshipIds = [...new Set(governed.flatMap((g) => (g.relationshipId ? [g.relationshipId] : [])))];
  const pairs = governed.filter((g) => !g.relationshipId);
  return db
    .select({
      id: agreements.id,
      title: agreements.title,
      keyTerms: agreements.keyTerms,
      relationshipId: agreements.relationshipId,
      partnerId: relationships.partnerId,
      unitId: relationships.unitId,
    })
    .from(agreements)
    .innerJoin(relationships, eq(relationships.id, agreements.relationshipId))
    .where(
      and(
        scope,
        eq(agreements.status, 'active'),
        isNotNull(agreements.keyTerms),
        or(
          relationshipIds.length ? inArray(agreements.relationshipId, relationshipIds) : undefined,
          ...pairs.map((g) =>
            and(eq(relationships.partnerId, g.partnerId), eq(relationships.unitId, g.unitId)),
          ),
        ),
      ),
    )
    .orderBy(desc(agreements.createdAt), desc(agreements.id));
}

export async function readTimescales(db: Executor) {
  const [row] = await db.select().from(settings).where(eq(settings.key, TIMESCALES_KEY));
  return (row?.value ?? null) as Record<string, number> | null;
}

export async function writeTimescales(tx: Executor, value: Record<string, number>) {
  await tx
    .insert(settings)
    .values({ key: TIMESCALES_KEY, value })
    .onConflictDoUpdate({
      target: settings.key,
      set: { value, version: sql`${settings.version} + 1`, updatedAt: new Date() },
    });
}

/** The contact's name when they are (or were) affiliated with the partner, else null. */
export async function contactOfPartner(db: Executor, contactId: string, partnerId: string) {
  const [row] = await db
    .select({ name: contacts.name })
    .from(affiliations)
    .innerJoin(contacts, eq(contacts.id, affiliations.contactId))
    .where(and(eq(affiliations.contactId, contactId), eq(affiliations.partnerId, partnerId)))
    .limit(1);
  return row?.name ?? null;
}

/**
 * Open disputes the reader may see (`scope`, the request audience rule), with the stage each is
 * in: one without a procedure row is in its informal discussion since it was raised.
 */
export async function openDisputes(db: Executor, scope: SQL | undefined, limit: number) {
  return db
    .select({
      requestId: requests.id,
      reference: requests.reference,
      title: requests.title,
      partnerId: partners.id,
      partnerName: partners.name,
      unitName: units.name,
      relationshipId: requests.relationshipId,
      requestPartnerId: requests.partnerId,
      unitId: requests.unitId,
      stage: sql<string>`coalesce(${disputeProcedures.stage}, 'informal_discussion')`,
      stageStartedAt: sql<Date>`coalesce(${disputeProcedures.stageStartedAt}, ${requests.createdAt})`.mapWith(
        (v: string | Date) => new Date(v),
      ),
    })
    .from(requests)
    .innerJoin(partners, eq(partners.id, requests.partnerId))
    .innerJoin(units, eq(units.id, requests.unitId))
    .leftJoin(disputeProcedures, eq(disputeProcedures.requestId, requests.id))
    .where(
      and(
        scope,
        eq(requests.kind, 'dispute'),
        sql`${requests.status} not in ('resolved', 'closed')`,
        or(sql`${disputeProcedures.stage} is null`, sql`${disputeProcedures.stage} <> 'outcome'`),
      ),
    )
    .orderBy(sql`coalesce(${disputeProcedures.stageStartedAt}, ${requests.createdAt})`)
    .limit(limit);
}

/** Queues the e-mail of an outcome's private link to its contact (the link kept until it goes). */
export async function queueOutcomeMail(tx: Executor, procedureId: string, token: string) {
  await tx
    .insert(disputeOutcomeMail)
    .values({ procedureId, token })
    .onConflictDoUpdate({
      target: disputeOutcomeMail.procedureId,
      set: { token, createdAt: sql`now()`, emailedAt: null },
    });
}

/**
 * Up to `limit` outcome links waiting to be e-mailed, locked (SKIP LOCKED: two workers never send
 * one twice), with the contact's name and first address and the unit that records the dispute.
 */
export async function claimUnsentOutcomeMail(tx: Executor, limit: number) {
  const due = tx
    .select({ id: disputeOutcomeMail.procedureId })
    .from(disputeOutcomeMail)
    .where(isNotNull(disputeOutcomeMail.token))
    .orderBy(disputeOutcomeMail.createdAt)
    .limit(limit)
    .for('update', { skipLocked: true });
  return tx
    .select({
      id: disputeOutcomeMail.procedureId,
      token: disputeOutcomeMail.token,
      contactId: disputeProcedures.contactId,
      contactName: contacts.name,
      email: sql<string | null>`${contacts.emails}[1]`,
      reference: requests.reference,
      unitName: units.name,
      linkExpiresAt: disputeProcedures.linkExpiresAt,
      acknowledgedAt: disputeProcedures.acknowledgedAt,
    })
    .from(disputeOutcomeMail)
    .innerJoin(disputeProcedures, eq(disputeProcedures.id, disputeOutcomeMail.procedureId))
    .innerJoin(requests, eq(requests.id, disputeProcedures.requestId))
    .innerJoin(units, eq(units.id, requests.unitId))
    .leftJoin(contacts, eq(contacts.id, disputeProcedures.contactId))
    .where(inArray(disputeOutcomeMail.procedureId, due));
}

/** Erases the links of these outcome e-mails: sent (`emailed`) or withheld. */
export async function markOutcomeMail(tx: Executor, ids: readonly string[], emailed: boolean) {
  if (ids.length === 0) return;
  await tx
    .update(disputeOutcomeMail)
    .set({ token: null, ...(emailed ? { emailedAt: sql`now()` } : {}) })
    .where(inArray(disputeOutcomeMail.procedureId, [...ids]));
}
