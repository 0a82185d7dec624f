import { and, asc, desc, eq, gte, inArray, isNotNull, isNull, lt, ne, or, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Executor } from '../../db/client.ts';
import { type Row, recordStore } from '../../db/records.ts';
import { activities, activityAttendance } from '../../db/schema/activities.ts';
import { affiliations } from '../../db/schema/affiliations.ts';
import { agreements } from '../../db/schema/agreements.ts';
import { contacts } from '../../db/schema/contacts.ts';
import { partners } from '../../db/schema/partners.ts';
import { relationshipDeputies, relationships } from '../../db/schema/relationships.ts';
import { escalations, requests } from '../../db/schema/requests.ts';
import { relationshipReviews, reviewActions } from '../../db/schema/reviews.ts';
import { tasks } from '../../db/schema/tasks.ts';
import { units } from '../../db/schema/units.ts';
import { users } from '../../db/schema/users.ts';
import { allOf } from '../../lib/all-of.ts';

/** The relationship a review belongs to, with what the policy and the schedule need. */
export async function relationshipOf(db: Executor, id: string) {
  const [row] = await db
    .select({
      id: relationships.id,
      unitId: relationships.unitId,
      partnerId: relationships.partnerId,
      managerId: relationships.managerId,
      startDate: relationships.startDate,
      reviewDate: relationships.reviewDate,
      createdAt: relationships.createdAt,
      deputyIds: sql<
        string[]
      >`coalesce((select array_agg(${relationshipDeputies.userId}) from ${relationshipDeputies} where ${relationshipDeputies.relationshipId} = ${relationships.id}), '{}')`,
    })
    .from(relationships)
    .where(eq(relationships.id, id));
  return row ?? null;
}
export type ReviewedRelationship = NonNullable<Awaited<ReturnType<typeof relationshipOf>>>;

/** An agreement's review date and its relationship, to schedule from (the caller checks it may read it). */
export async function agreementOf(db: Executor, id: string) {
  const [row] = await db
    .select({
      id: agreements.id,
      relationshipId: agreements.relationshipId,
      reviewDate: agreements.reviewDate,
    })
    .from(agreements)
    .where(eq(agreements.id, id));
  return row ?? null;
}

/** Reviews with their names and actions: three queries however many rows. */
async function presentReviews(db: Executor, rows: Row<typeof relationshipReviews>[]) {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const [names, actions] = await allOf(db, [
    () =>
      db
        .select({
          id: relationshipReviews.id,
          partnerId: partners.id,
          partnerName: partners.name,
          unitName: units.name,
          agreementTitle: agreements.title,
        })
        .from(relationshipReviews)
        .innerJoin(relationships, eq(relationships.id, relationshipReviews.relationshipId))
        .innerJoin(partners, eq(partners.id, relationships.partnerId))
        .innerJoin(units, eq(units.id, relationshipReviews.unitId))
        .leftJoin(agreements, eq(agreements.id, relationshipReviews.agreementId))
        .where(inArray(relationshipReviews.id, ids)),
    () => actionsOf(db, ids),
  ]);
  const byId = new Map(names.map((n) => [n.id, n]));
  return rows.map((r) => {
    const n = byId.get(r.id)!;
    return {
      id: r.id,
      version: r.version,
      relationshipId: r.relationshipId,
      partner: { id: n.partnerId, name: n.partnerName },
      unit: { id: r.unitId, name: n.unitName },
      agreement: r.agreementId ? { id: r.agreementId, title: n.agreementTitle ?? '' } : null,
      status: r.status,
      scheduledFor: r.scheduledFor,
      heldOn: r.heldOn,
      minutes: r.minutes,
      actions: actions.filter((a) => a.reviewId === r.id),
      createdAt: r.createdAt.toISOString(),
      updatedAt: r.updatedAt.toISOString(),
    };
  });
}
export type PresentedReview = Awaited<ReturnType<typeof presentReviews>>[number];

export const reviewStore = recordStore({
  entity: 'review',
  noun: 'review',
  table: relationshipReviews,
  fixed: ['relationshipId', 'unitId', 'createdById'],
  defaulted: ['status', 'remindedFor'],
  present: presentReviews,
});

export const presentReview = async (db: Executor, id: string) => {
  const row = await reviewStore.find(db, id);
  return row ? (await presentReviews(db, [row]))[0]! : null;
};

/** A relationship's reviews, latest date first. */
export async function reviewsOf(db: Executor, relationshipId: string) {
  const rows = await db
    .select()
    .from(relationshipReviews)
    .where(eq(relationshipReviews.relationshipId, relationshipId))
    .orderBy(desc(relationshipReviews.scheduledFor), desc(relationshipReviews.id))
    .limit(500);
  return presentReviews(db, rows);
}

/** When the review before this one ended: the day it was held (or was due), or null for the first. */
export async function previousReviewDay(db: Executor, review: Row<typeof relationshipReviews>) {
  const [row] = await db
    .select({
      day: sql<string>`coalesce(${relationshipReviews.heldOn}, ${relationshipReviews.scheduledFor})`,
    })
    .from(relationshipReviews)
    .where(
      and(
        eq(relationshipReviews.relationshipId, review.relationshipId),
        ne(relationshipReviews.id, review.id),
        or(
          lt(relationshipReviews.scheduledFor, review.scheduledFor),
          and(
            eq(relationshipReviews.scheduledFor, review.scheduledFor),
            lt(relationshipReviews.id, review.id),
          ),
        ),
      ),
    )
    .orderBy(desc(relationshipReviews.scheduledFor), desc(relationshipReviews.id))
    .limit(1);
  return row?.day ?? null;
}

async function actionsOf(db: Executor, reviewIds: readonly string[]) {
  const owner = alias(users, 'owner');
  const rows = await db
    .select({
      id: reviewActions.id,
      reviewId: reviewActions.reviewId,
      description: reviewActions.description,
      ownerUserId: reviewActions.ownerUserId,
      ownerUserName: owner.name,
      ownerContactId: reviewActions.ownerContactId,
      ownerContactName: contacts.name,
      dueOn: reviewActions.dueOn,
      taskId: reviewActions.taskId,
      doneAt: tasks.doneAt,
      createdAt: reviewActions.createdAt,
    })
    .from(reviewActions)
    .innerJoin(tasks, eq(tasks.id, reviewActions.taskId))
    .leftJoin(owner, eq(owner.id, reviewActions.ownerUserId))
    .leftJoin(contacts, eq(contacts.id, reviewActions.ownerContactId))
    .where(inArray(reviewActions.reviewId, [...reviewIds]))
    .orderBy(asc(reviewActions.dueOn), asc(reviewActions.id));
  return rows.map((r) => ({
    id: r.id,
    reviewId: r.reviewId,
    description: r.description,
    owner: r.ownerUserId
      ? { side: 'university' as const, id: r.ownerUserId, name: r.ownerUserName ?? '' }
      : { side: 'partner' as const, id: r.ownerContactId!, name: r.ownerContactName ?? '' },
    dueOn: r.dueOn,
    taskId: r.taskId,
    done: r.doneAt !== null,
    createdAt: r.createdAt.toISOString(),
  }));
}

export async function insertAction(
  tx: Executor,
  values: {
    reviewId: string;
    description: string;
    ownerUserId: string | null;
    ownerContactId: string | null;
    dueOn: string;
    taskId: string;
  },
) {
  const [row] = await tx.insert(reviewActions).values(values).returning({ id: reviewActions.id });
  return row!.id;
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

/** Locks the relationship's row for the rest of the transaction: two schedules of one relationship queue. */
export async function lockRelationship(tx: Executor, id: string) {
  await tx.select({ id: relationships.id }).from(relationships).where(eq(relationships.id, id)).for('update');
}

/** The relationship's review still to be held, if any. */
export async function scheduledReviewOf(db: Executor, relationshipId: string) {
  const [row] = await db
    .select({ id: relationshipReviews.id, scheduledFor: relationshipReviews.scheduledFor })
    .from(relationshipReviews)
    .where(
      and(
        eq(relationshipReviews.relationshipId, relationshipId),
        eq(relationshipReviews.status, 'scheduled'),
      ),
    )
    .limit(1);
  return row ?? null;
}

export async function activeUserExists(db: Executor, userId: string) {
  const [row] = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.id, userId), isNull(users.deactivatedAt)));
  return Boolean(row);
}

type Period = { partnerId: string; unitId: string; from: Date; to: Date };

const isOpen = sql`${requests.status} not in ('resolved', 'closed')`;
const finishedAt = sql`coalesce(${requests.resolvedAt}, ${requests.closedAt})`;

/**
 * The request figures of a relationship's partner and unit for a period, counting only what
 * `scope` (the request audience rule for the reader) lets through: one query.
 */
export async function requestFigures(db: Executor, p: Period, scope: SQL | undefined) {
  const closedIn = sql`(${finishedAt} >= ${p.from} and ${finishedAt} < ${p.to})`;
  const [row] = await db
    .select({
      open: sql<number>`count(*) filter (where ${isOpen} and ${requests.createdAt} < ${p.to})::int`,
      raised: sql<number>`count(*) filter (where ${requests.createdAt} >= ${p.from} and ${requests.createdAt} < ${p.to})::int`,
      closed: sql<number>`count(*) filter (where ${closedIn})::int`,
      withTarget: sql<number>`count(*) filter (where ${closedIn} and ${requests.resolveDueAt} is not null)::int`,
      metTarget: sql<number>`count(*) filter (where ${closedIn} and ${requests.resolveDueAt} is not null and ${finishedAt} <= ${requests.resolveDueAt})::int`,
    })
    .from(requests)
    .where(and(scope, eq(requests.partnerId, p.partnerId), eq(requests.unitId, p.unitId)));
  return row!;
}

/** Concerns, complaints and disputes raised in the period that the reader may see. */
export async function tensionsRaised(db: Executor, p: Period, scope: SQL | undefined) {
  return db
    .select({
      id: requests.id,
      reference: requests.reference,
      kind: requests.kind,
      title: requests.title,
      status: requests.status,
    })
    .from(requests)
    .where(
      and(
        scope,
        eq(requests.partnerId, p.partnerId),
        eq(requests.unitId, p.unitId),
        inArray(requests.kind, ['concern', 'complaint', 'dispute']),
        gte(requests.createdAt, p.from),
        lt(requests.createdAt, p.to),
      ),
    )
    .orderBy(asc(requests.createdAt))
    .limit(200);
}

/**
 * Escalations raised in the period: of the relationship itself, and of the requests the reader
 * may see (`scope` is over requests; an escalation of a hidden request is left out).
 */
export async function escalationsRaised(
  db: Executor,
  p: Period & { relationshipId: string },
  scope: SQL | undefined,
) {
  const rows = await db
    .select({
      level: escalations.level,
      briefing: escalations.briefing,
      raisedAt: escalations.raisedAt,
      requestTitle: requests.title,
    })
    .from(escalations)
    .leftJoin(requests, eq(requests.id, escalations.requestId))
    .where(
      and(
        gte(escalations.raisedAt, p.from),
        lt(escalations.raisedAt, p.to),
        or(
          eq(escalations.relationshipId, p.relationshipId),
          and(
            isNotNull(escalations.requestId),
            eq(requests.partnerId, p.partnerId),
            eq(requests.unitId, p.unitId),
            scope,
          ),
        ),
      ),
    )
    .orderBy(asc(escalations.raisedAt))
    .limit(200);
  return rows.map((r) => ({ ...r, raisedAt: r.raisedAt.toISOString() }));
}

/** Activities in the period, visible to the reader, that the partner's contacts attended, with how many. */
export async function activitiesAttended(db: Executor, p: Period, scope: SQL | undefined) {
  const rows = await db
    .select({
      id: activities.id,
      title: activities.title,
      startsAt: activities.startsAt,
      attended: sql<number>`count(distinct ${activityAttendance.contactId})::int`,
    })
    .from(activityAttendance)
    .innerJoin(activities, eq(activities.id, activityAttendance.activityId))
    .where(
      and(
        scope,
        eq(activityAttendance.status, 'attended'),
        gte(activities.startsAt, p.from),
        lt(activities.startsAt, p.to),
        inArray(
          activityAttendance.contactId,
          db
            .select({ id: affiliations.contactId })
            .from(affiliations)
            .where(eq(affiliations.partnerId, p.partnerId)),
        ),
      ),
    )
    .groupBy(activities.id, activities.title, activities.startsAt)
    .orderBy(asc(activities.startsAt))
    .limit(200);
  return rows.map((r) => ({ ...r, startsAt: r.startsAt.toISOString() }));
}

/**
 * Scheduled reviews due before `today`: of the relationships a person manages or deputises on,
 * or of the relationships of some units (the senior view). Reviews carry no audience of their
 * own: whoever may see the relationship may see that its review is late.
 */
export async function overdueReviews(
  db: Executor,
  filter: { managedBy?: string; unitIds?: readonly string[] },
  today: string,
  limit = 200,
) {
  const manager = alias(users, 'manager');
  const mine = filter.managedBy
    ? or(
        eq(relationships.managerId, filter.managedBy),
        sql`exists (select 1 from ${relationshipDeputies} where ${relationshipDeputies.relationshipId} = ${relationships.id} and ${relationshipDeputies.userId} = ${filter.managedBy})`,
      )
    : undefined;
  const rows = await db
    .select({
      id: relationshipReviews.id,
      relationshipId: relationshipReviews.relationshipId,
      partnerId: partners.id,
      partnerName: partners.name,
      unitName: units.name,
      managerName: manager.name,
      scheduledFor: relationshipReviews.scheduledFor,
    })
    .from(relationshipReviews)
    .innerJoin(relationships, eq(relationships.id, relationshipReviews.relationshipId))
    .innerJoin(partners, eq(partners.id, relationships.partnerId))
    .innerJoin(units, eq(units.id, relationshipReviews.unitId))
    .leftJoin(manager, eq(manager.id, relationships.managerId))
    .where(
      and(
        eq(relationshipReviews.status, 'scheduled'),
        lt(relationshipReviews.scheduledFor, today),
        eq(relationships.status, 'active'),
        mine,
        filter.unitIds ? inArray(relationshipReviews.unitId, [...filter.unitIds]) : undefined,
      ),
    )
    .orderBy(asc(relationshipReviews.scheduledFor), asc(relationshipReviews.id))
    .limit(limit);
  return rows.map(({ partnerId, partnerName, ...r }) => ({
    ...r,
    partner: { id: partnerId, name: partnerName },
  }));
}

/**
 * Claims up to `limit` scheduled reviews, of active relationships, due within `aheadDays` (or
 * already past) whose manager was not yet reminded of that date, marking them reminded. SKIP
 * LOCKED, so two workers never claim one twice. Returns each with whom to remind.
 */
export async function unsafeClaimReviewsDue(tx: Executor, today: string, aheadDays: number, limit: number) {
  const claimed = await tx
    .update(relationshipReviews)
    .set({ remindedFor: sql`${relationshipReviews.scheduledFor}` })
    .where(
      inArray(
        relationshipReviews.id,
        tx
          .select({ id: relationshipReviews.id })
          .from(relationshipReviews)
          .innerJoin(relationships, eq(relationships.id, relationshipReviews.relationshipId))
          .where(
            sql`${relationshipReviews.status} = 'scheduled' and ${relationships.status} = 'active'
              and ${relationshipReviews.scheduledFor} - ${aheadDays}::int <= ${today}::date
              and ${relationshipReviews.remindedFor} is distinct from ${relationshipReviews.scheduledFor}`,
          )
          .orderBy(asc(relationshipReviews.scheduledFor))
          .limit(limit)
          .for('update', { of: relationshipReviews, skipLocked: true }),
      ),
    )
    .returning({ id: relationshipReviews.id });
  return claimed.map((r) => r.id);
}
