import { and, asc, eq, inArray, isNull, or, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { InvolvementKind } from '../../../../common/src/labels/initiatives.ts';
import type { FilterValues } from '../../../../common/src/lists/define.ts';
import { initiativeList } from '../../../../common/src/lists/initiatives.ts';
import type { Executor } from '../../db/client.ts';
import { type Row, recordStore } from '../../db/records.ts';
import { activities, activityFeedback } from '../../db/schema/activities.ts';
import { affiliations } from '../../db/schema/affiliations.ts';
import { contacts } from '../../db/schema/contacts.ts';
import {
  initiativeInputs,
  initiativeLinks,
  initiativeMilestones,
  initiativeOutbox,
  initiativePartners,
  initiatives,
} from '../../db/schema/initiatives.ts';
import { partners } from '../../db/schema/partners.ts';
import { requests } from '../../db/schema/requests.ts';
import { touchpointPartners, touchpoints } from '../../db/schema/touchpoints.ts';
import { units } from '../../db/schema/units.ts';
import { users } from '../../db/schema/users.ts';
import { allOf } from '../../lib/all-of.ts';
import { bindList } from '../../lib/lists/list.ts';
import { sortOptions, toPage } from '../../lib/pagination.ts';

export type InitiativeRow = Row<typeof initiatives>;
export type InputRow = Row<typeof initiativeInputs>;
export type MilestoneRow = Row<typeof initiativeMilestones>;

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** The public path of a published page (the web app's route). */
export const publicPathOf = (token: string) => `/you-said/${token}`;

/**
 * Initiatives with their names, partners, milestones and counts: four queries for the whole
 * page, not four per initiative.
 */
export async function presentInitiatives(db: Executor, rows: InitiativeRow[]) {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const owner = alias(users, 'owner');
  const reacher = alias(users, 'reacher');
  const [names, involved, milestones, counts] = await allOf(db, [
    () =>
      db
        .select({ id: initiatives.id, unitName: units.name, ownerName: owner.name })
        .from(initiatives)
        .innerJoin(units, eq(units.id, initiatives.unitId))
        .innerJoin(owner, eq(owner.id, initiatives.ownerId))
        .where(inArray(initiatives.id, ids)),
    () =>
      db
        .select({
          initiativeId: initiativePartners.initiativeId,
          id: partners.id,
          name: partners.name,
          involvement: initiativePartners.involvement,
        })
        .from(initiativePartners)
        .innerJoin(partners, eq(partners.id, initiativePartners.partnerId))
        .where(inArray(initiativePartners.initiativeId, ids))
        .orderBy(asc(partners.name)),
    () =>
      db
        .select({
          initiativeId: initiativeMilestones.initiativeId,
          id: initiativeMilestones.id,
          title: initiativeMilestones.title,
          dueDate: initiativeMilestones.dueDate,
          reachedAt: initiativeMilestones.reachedAt,
          reachedById: initiativeMilestones.reachedById,
          reachedByName: reacher.name,
        })
        .from(initiativeMilestones)
        .leftJoin(reacher, eq(reacher.id, initiativeMilestones.reachedById))
        .where(inArray(initiativeMilestones.initiativeId, ids))
        .orderBy(asc(initiativeMilestones.dueDate), asc(initiativeMilestones.id)),
    () =>
      db
        .select({
          initiativeId: initiativeInputs.initiativeId,
          inputs: sql<number>`count(*)::int`,
          open: sql<number>`count(*) filter (where ${initiativeInputs.status} = 'open')::int`,
        })
        .from(initiativeInputs)
        .where(inArray(initiativeInputs.initiativeId, ids))
        .groupBy(initiativeInputs.initiativeId),
  ]);
  return rows.map((r) => {
    const n = names.find((x) => x.id === r.id)!;
    const c = counts.find((x) => x.initiativeId === r.id);
    return {
      id: r.id,
      version: r.version,
      createdAt: r.createdAt.toISOString(),
      updatedAt: r.updatedAt.toISOString(),
      title: r.title,
      description: r.description,
      unit: { id: r.unitId, name: n.unitName },
      owner: { id: r.ownerId, name: n.ownerName },
      status: r.status,
      startDate: r.startDate,
      partners: involved
        .filter((p) => p.initiativeId === r.id)
        .map(({ id, name, involvement }) => ({ id, name, involvement })),
      milestones: milestones
        .filter((m) => m.initiativeId === r.id)
        .map((m) => ({
          id: m.id,
          title: m.title,
          dueDate: m.dueDate,
          reachedAt: iso(m.reachedAt),
          reachedBy: m.reachedById ? { id: m.reachedById, name: m.reachedByName ?? '' } : null,
        })),
      counts: { inputs: c?.inputs ?? 0, open: c?.open ?? 0 },
      // The link is kept only as its hash: its path is shown once, when it is made (publishing).
      publication: r.publishedAt ? { path: null, publishedAt: r.publishedAt.toISOString() } : null,
    };
  });
}
export type PresentedInitiative = Awaited<ReturnType<typeof presentInitiatives>>[number];

/** Initiatives' one write path. */
export const initiativeStore = recordStore({
  entity: 'initiative',
  noun: 'initiative',
  table: initiatives,
  fixed: ['unitId', 'createdById'],
  defaulted: ['publishedAt'],
  present: presentInitiatives,
});

export const presentInitiative = async (db: Executor, id: string) => {
  const row = await initiativeStore.find(db, id);
  return row ? (await presentInitiatives(db, [row]))[0]! : null;
};

export type InitiativeFilter = FilterValues<typeof initiativeList>;

/** The initiative list's filters and sorts as SQL (declared in common/src/lists/initiatives.ts). */
export const initiativeListing = bindList(initiativeList, {
  where: {
    q: (q) => sql`position(${q.toLowerCase()} in lower(${initiatives.title})) > 0`,
    status: (status) => eq(initiatives.status, status),
    unitId: (id) => eq(initiatives.unitId, id),
    partnerId: (id) =>
      inArray(
        initiatives.id,
        sql`(select ${initiativePartners.initiativeId} from ${initiativePartners} where ${initiativePartners.partnerId} = ${id})`,
      ),
  },
  sorts: sortOptions(
    { created: [initiatives.createdAt, 'createdAt'], title: [initiatives.title, 'title'] },
    initiatives.id,
  ),
});

/** A page of initiatives; `scope` is the read rule's where-clause (none today: see the policy). */
export async function listInitiatives(
  db: Executor,
  filter: InitiativeFilter,
  scope: SQL | undefined,
  page: { limit: number; cursor?: string; sort: string },
) {
  const { after, orderBy, spec } = initiativeListing.page(page.sort, page.cursor);
  const rows = await db
    .select()
    .from(initiatives)
    .where(and(scope, initiativeListing.where(filter), after))
    .orderBy(...orderBy)
    .limit(page.limit + 1);
  return toPage(rows, page.limit, spec);
}

/** Makes exactly these partners the ones involved. */
export async function replacePartners(
  tx: Executor,
  initiativeId: string,
  entries: readonly { partnerId: string; involvement: InvolvementKind }[],
) {
  await tx.delete(initiativePartners).where(eq(initiativePartners.initiativeId, initiativeId));
  const unique = [...new Map(entries.map((e) => [e.partnerId, e])).values()];
  if (unique.length) await tx.insert(initiativePartners).values(unique.map((e) => ({ initiativeId, ...e })));
}

/** Of these ids, those that name partners. */
export async function existingPartners(db: Executor, ids: readonly string[]) {
  if (ids.length === 0) return new Set<string>();
  const rows = await db
    .select({ id: partners.id })
    .from(partners)
    .where(inArray(partners.id, [...new Set(ids)]));
  return new Set(rows.map((r) => r.id));
}

export async function activeUser(db: Executor, id: string) {
  const [row] = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.id, id), isNull(users.deactivatedAt)));
  return Boolean(row);
}

export async function unitExists(db: Executor, id: string) {
  const [row] = await db.select({ id: units.id }).from(units).where(eq(units.id, id));
  return Boolean(row);
}

export async function isInvolved(db: Executor, initiativeId: string, partnerId: string) {
  const [row] = await db
    .select({ id: initiativePartners.id })
    .from(initiativePartners)
    .where(
      and(eq(initiativePartners.initiativeId, initiativeId), eq(initiativePartners.partnerId, partnerId)),
    );
  return Boolean(row);
}

/**
 * Publishes the page at a new link (its token's hash given) or withdraws it (null): either way
 * every link given out before, the digests' too, stops working.
 */
export async function setPublication(
  tx: Executor,
  id: string,
  tokenHash: string | null,
): Promise<InitiativeRow | null> {
  await tx.delete(initiativeLinks).where(eq(initiativeLinks.initiativeId, id));
  if (tokenHash) await tx.insert(initiativeLinks).values({ initiativeId: id, tokenHash });
  const [row] = await tx
    .update(initiatives)
    .set({
      publishedAt: tokenHash ? sql`now()` : null,
      version: sql`${initiatives.version} + 1`,
      updatedAt: sql`now()`,
    })
    .where(eq(initiatives.id, id))
    .returning();
  return row ?? null;
}

/** More links to a published page (one per digest), by their tokens' hashes. */
export async function insertLinks(tx: Executor, initiativeId: string, tokenHashes: string[]) {
  if (tokenHashes.length === 0) return;
  await tx.insert(initiativeLinks).values(tokenHashes.map((tokenHash) => ({ initiativeId, tokenHash })));
}

/** Locks the initiative row until the transaction ends. */
export async function lockInitiative(tx: Executor, id: string) {
  const [row] = await tx.select().from(initiatives).where(eq(initiatives.id, id)).for('update');
  return row ?? null;
}

export async function insertMilestone(tx: Executor, values: typeof initiativeMilestones.$inferInsert) {
  const [row] = await tx.insert(initiativeMilestones).values(values).returning();
  return row!;
}

export async function findMilestone(db: Executor, initiativeId: string, id: string) {
  const [row] = await db
    .select()
    .from(initiativeMilestones)
    .where(and(eq(initiativeMilestones.id, id), eq(initiativeMilestones.initiativeId, initiativeId)))
    .for('update');
  return row ?? null;
}

export async function markReached(tx: Executor, id: string, userId: string) {
  await tx
    .update(initiativeMilestones)
    .set({ reachedAt: sql`now()`, reachedById: userId })
    .where(eq(initiativeMilestones.id, id));
}

export async function earliestMilestone(db: Executor, initiativeId: string) {
  const [row] = await db
    .select({ dueDate: sql<string | null>`min(${initiativeMilestones.dueDate})::text` })
    .from(initiativeMilestones)
    .where(eq(initiativeMilestones.initiativeId, initiativeId));
  return row?.dueDate ?? null;
}

/** The source records of inputs, with the columns the read rule needs. */
export async function touchpointSource(db: Executor, id: string) {
  const [row] = await db
    .select({ id: touchpoints.id, subject: touchpoints.subject, visibility: touchpoints.visibility })
    .from(touchpoints)
    .where(eq(touchpoints.id, id));
  return row ?? null;
}

export async function requestSource(db: Executor, id: string) {
  const [row] = await db
    .select({ id: requests.id, partnerId: requests.partnerId, title: requests.title })
    .from(requests)
    .where(eq(requests.id, id));
  return row ?? null;
}

export async function feedbackSource(db: Executor, id: string) {
  const [row] = await db
    .select({ id: activityFeedback.id, activityId: activityFeedback.activityId, title: activities.title })
    .from(activityFeedback)
    .innerJoin(activities, eq(activities.id, activityFeedback.activityId))
    .where(eq(activityFeedback.id, id));
  return row ?? null;
}

/** Whether a touch point involves a partner (touchpoint_partners lists the primary partner too). */
export async function touchpointInvolves(db: Executor, touchpointId: string, partnerId: string) {
  const [row] = await db
    .select({ id: touchpointPartners.touchpointId })
    .from(touchpointPartners)
    .where(
      and(eq(touchpointPartners.touchpointId, touchpointId), eq(touchpointPartners.partnerId, partnerId)),
    )
    .limit(1);
  return Boolean(row);
}

/**
 * Whether each input's source is confidential (a confidential touch point, request or
 * activity): such an input is never published, whatever its flag says.
 */
const withheldSql = sql<boolean>`coalesce(
  (select ${touchpoints.visibility} = 'confidential' from ${touchpoints} where ${touchpoints.id} = ${initiativeInputs.touchpointId}),
  (select ${requests.visibility} = 'confidential' from ${requests} where ${requests.id} = ${initiativeInputs.requestId}),
  (select ${activities.visibility} = 'confidential' from ${activityFeedback} join ${activities} on ${activities.id} = ${activityFeedback.activityId} where ${activityFeedback.id} = ${initiativeInputs.feedbackId}),
  false)`;

const inputColumns = {
  input: initiativeInputs,
  partnerName: partners.name,
  createdByName: users.name,
  withheld: withheldSql,
};

function selectInputs(db: Executor) {
  return db
    .select(inputColumns)
    .from(initiativeInputs)
    .innerJoin(partners, eq(partners.id, initiativeInputs.partnerId))
    .innerJoin(users, eq(users.id, initiativeInputs.createdById));
}
export type InputListRow = Awaited<ReturnType<typeof inputsOf>>[number];

export async function inputsOf(db: Executor, initiativeId: string) {
  return selectInputs(db)
    .where(eq(initiativeInputs.initiativeId, initiativeId))
    .orderBy(asc(initiativeInputs.createdAt), asc(initiativeInputs.id))
    .limit(2000);
}

export async function findInput(db: Executor, initiativeId: string, id: string) {
  const [row] = await selectInputs(db).where(
    and(eq(initiativeInputs.id, id), eq(initiativeInputs.initiativeId, initiativeId)),
  );
  return row ?? null;
}

export const inputStore = recordStore({
  entity: 'initiative_input',
  noun: 'input',
  table: initiativeInputs,
  fixed: ['initiativeId', 'partnerId', 'touchpointId', 'feedbackId', 'requestId', 'createdById'],
  defaulted: [],
  present: async (_db, rows) => rows,
});

/**
 * The published items of an initiative: published, responded to or not, and never one whose
 * source is confidential. Only the partner's name, what they said and what was done.
 */
export async function publishedItems(db: Executor, initiativeId: string, partnerId?: string) {
  return db
    .select({
      partnerName: partners.name,
      youSaid: initiativeInputs.summary,
      weDid: initiativeInputs.response,
      status: initiativeInputs.status,
      reason: initiativeInputs.reason,
    })
    .from(initiativeInputs)
    .innerJoin(partners, eq(partners.id, initiativeInputs.partnerId))
    .where(
      and(
        eq(initiativeInputs.initiativeId, initiativeId),
        eq(initiativeInputs.published, true),
        sql`not ${withheldSql}`,
        partnerId ? eq(initiativeInputs.partnerId, partnerId) : undefined,
      ),
    )
    .orderBy(asc(initiativeInputs.createdAt), asc(initiativeInputs.id))
    .limit(2000);
}

/** The published initiative a link's token (by its hash) opens; none when withdrawn or unknown. */
export async function initiativeByTokenHash(db: Executor, tokenHash: string) {
  const [row] = await db
    .select({ initiative: initiatives, unitName: units.name })
    .from(initiativeLinks)
    .innerJoin(initiatives, eq(initiatives.id, initiativeLinks.initiativeId))
    .innerJoin(units, eq(units.id, initiatives.unitId))
    .where(and(eq(initiativeLinks.tokenHash, tokenHash), sql`${initiatives.publishedAt} is not null`));
  return row ?? null;
}

export async function milestonesOf(db: Executor, initiativeId: string) {
  return db
    .select()
    .from(initiativeMilestones)
    .where(eq(initiativeMilestones.initiativeId, initiativeId))
    .orderBy(asc(initiativeMilestones.dueDate), asc(initiativeMilestones.id))
    .limit(500);
}

/** The current key contacts of the involved partners, with their first address (digest recipients). */
export async function keyContactsOf(db: Executor, initiativeId: string) {
  return db
    .selectDistinct({
      contactId: contacts.id,
      partnerId: affiliations.partnerId,
      email: sql<string | null>`${contacts.emails}[1]`,
    })
    .from(initiativePartners)
    .innerJoin(affiliations, eq(affiliations.partnerId, initiativePartners.partnerId))
    .innerJoin(contacts, eq(contacts.id, affiliations.contactId))
    .where(
      and(
        eq(initiativePartners.initiativeId, initiativeId),
        eq(affiliations.isKeyContact, true),
        or(isNull(affiliations.endDate), sql`${affiliations.endDate} >= current_date`),
      ),
    );
}

/** A partner's initiatives with how they are involved, and their open items from that partner. */
export async function initiativesOfPartner(db: Executor, partnerId: string, scope: SQL | undefined) {
  const rows = await db
    .select({
      id: initiatives.id,
      title: initiatives.title,
      status: initiatives.status,
      involvement: initiativePartners.involvement,
    })
    .from(initiativePartners)
    .innerJoin(initiatives, eq(initiatives.id, initiativePartners.initiativeId))
    .where(and(eq(initiativePartners.partnerId, partnerId), scope))
    .orderBy(asc(initiatives.title))
    .limit(200);
  if (rows.length === 0) return [];
  const open = await db
    .select({
      initiativeId: initiativeInputs.initiativeId,
      id: initiativeInputs.id,
      summary: initiativeInputs.summary,
    })
    .from(initiativeInputs)
    .where(
      and(
        eq(initiativeInputs.partnerId, partnerId),
        eq(initiativeInputs.status, 'open'),
        inArray(
          initiativeInputs.initiativeId,
          rows.map((r) => r.id),
        ),
      ),
    )
    .orderBy(asc(initiativeInputs.createdAt))
    .limit(2000);
  return rows.map((r) => ({
    ...r,
    open: open.filter((o) => o.initiativeId === r.id).map(({ id, summary }) => ({ id, summary })),
  }));
}

export async function insertOutbox(
  tx: Executor,
  rows: { milestoneId: string; contactId: string; partnerId: string; email: string; token: string | null }[],
) {
  if (rows.length === 0) return 0;
  const inserted = await tx
    .insert(initiativeOutbox)
    .values(rows)
    .onConflictDoNothing()
    .returning({ id: initiativeOutbox.id });
  return inserted.length;
}

/** Unsent digests, locked (SKIP LOCKED) so two workers never send one twice; with what they need. */
export async function claimDigests(tx: Executor, limit: number) {
  const due = tx
    .select({ id: initiativeOutbox.id })
    .from(initiativeOutbox)
    .where(isNull(initiativeOutbox.sentAt))
    .orderBy(asc(initiativeOutbox.createdAt))
    .limit(limit)
    .for('update', { skipLocked: true });
  return tx
    .select({
      id: initiativeOutbox.id,
      email: initiativeOutbox.email,
      token: initiativeOutbox.token,
      contactId: initiativeOutbox.contactId,
      contactName: contacts.name,
      partnerId: initiativeOutbox.partnerId,
      milestoneTitle: initiativeMilestones.title,
      initiative: initiatives,
      unitName: units.name,
    })
    .from(initiativeOutbox)
    .innerJoin(contacts, eq(contacts.id, initiativeOutbox.contactId))
    .innerJoin(initiativeMilestones, eq(initiativeMilestones.id, initiativeOutbox.milestoneId))
    .innerJoin(initiatives, eq(initiatives.id, initiativeMilestones.initiativeId))
    .innerJoin(units, eq(units.id, initiatives.unitId))
    .where(inArray(initiativeOutbox.id, due));
}

/** Sent, or withheld (consent withdrawn since it was queued): either way never sent again. */
export async function closeDigests(tx: Executor, ids: string[]) {
  if (ids.length === 0) return;
  // The link's token goes with the message: from now on only its hash is kept.
  await tx
    .update(initiativeOutbox)
    .set({ sentAt: sql`now()`, token: null })
    .where(inArray(initiativeOutbox.id, ids));
}
