import { and, asc, desc, eq, inArray, isNotNull, isNull, lt, or, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { FilterValues } from '../../../../common/src/lists/define.ts';
import { requestList } from '../../../../common/src/lists/requests.ts';
import type { Executor } from '../../db/client.ts';
import { type Changes, lockVersions, recordStore } from '../../db/records.ts';
import { affiliations } from '../../db/schema/affiliations.ts';
import { contacts } from '../../db/schema/contacts.ts';
import { partners } from '../../db/schema/partners.ts';
import { relationships } from '../../db/schema/relationships.ts';
import {
  escalations,
  type RequestFieldChange,
  requestChanges,
  requestComments,
  requestReaders,
  requests,
  requestTransitions,
} from '../../db/schema/requests.ts';
import { units } from '../../db/schema/units.ts';
import { users } from '../../db/schema/users.ts';
import { allOf } from '../../lib/all-of.ts';
import { bindList } from '../../lib/lists/list.ts';
import { sortOptions, toPage } from '../../lib/pagination.ts';

const owner = alias(users, 'owner');
const raiser = alias(users, 'raiser');
const raisingContact = alias(contacts, 'raising_contact');

const columns = {
  id: requests.id,
  reference: requests.reference,
  partnerId: requests.partnerId,
  partnerName: partners.name,
  relationshipId: requests.relationshipId,
  unitId: requests.unitId,
  unitName: units.name,
  kind: requests.kind,
  title: requests.title,
  description: requests.description,
  priority: requests.priority,
  status: requests.status,
  raisedByContactId: requests.raisedByContactId,
  raisedByUserId: requests.raisedByUserId,
  raisedByName: sql<string | null>`coalesce(${raisingContact.name}, ${raiser.name})`,
  ownerId: requests.ownerId,
  ownerName: owner.name,
  createdById: requests.createdById,
  visibility: requests.visibility,
  resolution: requests.resolution,
  satisfaction: requests.satisfaction,
  responseDueAt: requests.responseDueAt,
  resolveDueAt: requests.resolveDueAt,
  firstRespondedAt: requests.firstRespondedAt,
  resolvedAt: requests.resolvedAt,
  closedAt: requests.closedAt,
  clockPausedAt: requests.clockPausedAt,
  escalationLevel: requests.escalationLevel,
  version: requests.version,
  createdAt: requests.createdAt,
  updatedAt: requests.updatedAt,
};

function selectRequests(db: Executor) {
  return db
    .select(columns)
    .from(requests)
    .innerJoin(partners, eq(partners.id, requests.partnerId))
    .innerJoin(units, eq(units.id, requests.unitId))
    .leftJoin(owner, eq(owner.id, requests.ownerId))
    .leftJoin(raiser, eq(raiser.id, requests.raisedByUserId))
    .leftJoin(raisingContact, eq(raisingContact.id, requests.raisedByContactId));
}

export type RequestRow = Awaited<ReturnType<typeof findRequest>> & {};

export async function findRequest(db: Executor, id: string, lock = false) {
  const query = selectRequests(db).where(eq(requests.id, id));
  const [row] = lock ? await query.for('update', { of: requests }) : await query;
  return row ?? null;
}

/** Several requests by id, in no particular order. */
export async function findRequests(db: Executor, ids: string[]) {
  if (!ids.length) return [];
  return selectRequests(db).where(inArray(requests.id, ids));
}

export type RequestFilter = FilterValues<typeof requestList>;

const stillOpen = sql`${requests.status} not in ('resolved', 'closed')`;

/** The request register's filters and sorts as SQL (declared in common/src/lists/requests.ts). */
export const requestListing = bindList(requestList, {
  where: {
    q: (q) => {
      const ref = /^#?(\d{1,12})$/.exec(q.trim());
      return ref
        ? eq(requests.reference, Number(ref[1]))
        : // Evaluated once per statement (an InitPlan): a prepared statement's generic plan would
          // otherwise run the function again for every row it checks.
          sql`${requests.search} @@ (select websearch_to_tsquery('english', ${q}))`;
    },
    partnerId: (id) => eq(requests.partnerId, id),
    relationshipId: (id) => eq(requests.relationshipId, id),
    unitId: (id) => eq(requests.unitId, id),
    // 'me' is resolved to the caller's id by the service before the filter gets here.
    ownerId: (id) => eq(requests.ownerId, id),
    status: (list) => inArray(requests.status, list),
    kind: (list) => inArray(requests.kind, list),
    priority: (list) => inArray(requests.priority, list),
    open: (open) => (open ? stillOpen : sql`${requests.status} in ('resolved', 'closed')`),
    escalated: (escalated) =>
      escalated ? isNotNull(requests.escalationLevel) : sql`${requests.escalationLevel} is null`,
    // Only "overdue" narrows; overdue=false asks for nothing in particular, as before.
    overdue: (overdue) =>
      overdue
        ? and(stillOpen, sql`${requests.clockPausedAt} is null`, lt(requests.resolveDueAt, new Date()))
        : undefined,
  },
  sorts: sortOptions(
    {
      created: [requests.createdAt, 'createdAt'],
      due: [requests.resolveDueAt, 'resolveDueAt'],
      updated: [requests.updatedAt, 'updatedAt'],
    },
    requests.id,
  ),
});

export async function listRequests(
  db: Executor,
  filter: RequestFilter,
  scope: SQL | undefined,
  page: { limit: number; cursor?: string; sort: string },
) {
  const { after, orderBy, spec } = requestListing.page(page.sort, page.cursor);
  const rows = await selectRequests(db)
    .where(and(scope, requestListing.where(filter), after))
    .orderBy(...orderBy)
    .limit(page.limit + 1);
  return toPage(rows, page.limit, spec);
}

/** Counts by status for the board, under the same filter and visibility. */
export async function countByStatus(db: Executor, filter: RequestFilter, scope: SQL | undefined) {
  return db
    .select({ status: requests.status, n: sql<number>`count(*)::int` })
    .from(requests)
    .where(and(scope, requestListing.where(filter)))
    .groupBy(requests.status);
}

export async function readersOf(db: Executor, requestIds: string[]) {
  if (!requestIds.length) return [];
  return db
    .select({ requestId: requestReaders.requestId, id: users.id, name: users.name })
    .from(requestReaders)
    .innerJoin(users, eq(users.id, requestReaders.userId))
    .where(inArray(requestReaders.requestId, requestIds))
    .orderBy(asc(users.name));
}

export async function addReaders(db: Executor, requestId: string, userIds: string[]) {
  if (userIds.length)
    await db
      .insert(requestReaders)
      .values([...new Set(userIds)].map((userId) => ({ requestId, userId })))
      .onConflictDoNothing();
}

export async function replaceReaders(db: Executor, requestId: string, userIds: string[]) {
  await db.delete(requestReaders).where(eq(requestReaders.requestId, requestId));
  await addReaders(db, requestId, userIds);
}

/** Every changeable column of a request, `undefined` where it stays as it is. */
export type RequestChanges = Changes<typeof requests, 'reference' | 'partnerId' | 'unitId' | 'createdById'>;

/** A change set that changes nothing: the start of one that changes a few columns. */
export const unchangedRequest: RequestChanges = {
  kind: undefined,
  raisedByContactId: undefined,
  raisedByUserId: undefined,
  relationshipId: undefined,
  title: undefined,
  description: undefined,
  priority: undefined,
  status: undefined,
  ownerId: undefined,
  visibility: undefined,
  resolution: undefined,
  satisfaction: undefined,
  responseDueAt: undefined,
  resolveDueAt: undefined,
  firstRespondedAt: undefined,
  clockPausedAt: undefined,
  resolvedAt: undefined,
  closedAt: undefined,
  escalationLevel: undefined,
};

/**
 * Requests' one write path. The public form (live targets, readers, allowed moves) is the
 * service's business, so the service hands its presenter in; rows are re-read with their names.
 */
export const requestStoreWith = <P>(present: (db: Executor, rows: RequestRow[]) => Promise<P[]>) =>
  recordStore({
    entity: 'request',
    noun: 'request',
    table: requests,
    fixed: ['reference', 'partnerId', 'unitId', 'createdById'],
    defaulted: ['reference', 'status'],
    present: async (db, rows) => {
      const found = new Map(
        (
          await findRequests(
            db,
            rows.map((r) => r.id),
          )
        ).map((r) => [r.id, r]),
      );
      return present(
        db,
        rows.map((r) => found.get(r.id)!),
      );
    },
  });

/**
 * Marks a request as touched now (a comment), without a new version: a comment does not
 * conflict with someone editing the request. Sets the first response when given.
 */
export async function touchRequest(db: Executor, id: string, firstRespondedAt?: Date) {
  await db
    .update(requests)
    .set({ ...(firstRespondedAt ? { firstRespondedAt } : {}), updatedAt: sql`now()` })
    .where(eq(requests.id, id));
}

/** The partner a relationship belongs to, or null when there is no such relationship. */
export async function partnerOfRelationship(db: Executor, relationshipId: string) {
  const [row] = await db
    .select({ partnerId: relationships.partnerId })
    .from(relationships)
    .where(eq(relationships.id, relationshipId));
  return row?.partnerId ?? null;
}

/** Whether the contact has (or had) an affiliation with the partner: one of the partner's contacts. */
export async function isContactOfPartner(db: Executor, contactId: string, partnerId: string) {
  const [row] = await db
    .select({ id: affiliations.id })
    .from(affiliations)
    .where(and(eq(affiliations.contactId, contactId), eq(affiliations.partnerId, partnerId)))
    .limit(1);
  return Boolean(row);
}

/** Records one edit of a request's fields for its timeline. */
export async function insertFieldChanges(
  db: Executor,
  values: { requestId: string; actorId: string | null; changes: RequestFieldChange[] },
) {
  await db.insert(requestChanges).values(values);
}

/**
 * The names behind the ids a request's edits mention: people, contacts, and relationships (by
 * their unit's name). Three small lookups for a whole timeline, none when it names nobody.
 */
export async function namesForChanges(
  db: Executor,
  ids: { userIds: string[]; contactIds: string[]; relationshipIds: string[] },
) {
  type Named = { id: string; name: string }[];
  const none = async (): Promise<Named> => [];
  const [people, contactNames, units_] = await allOf<[Named, Named, Named]>(db, [
    ids.userIds.length
      ? () => db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, ids.userIds))
      : none,
    ids.contactIds.length
      ? () =>
          db
            .select({ id: contacts.id, name: contacts.name })
            .from(contacts)
            .where(inArray(contacts.id, ids.contactIds))
      : none,
    ids.relationshipIds.length
      ? () =>
          db
            .select({ id: relationships.id, name: units.name })
            .from(relationships)
            .innerJoin(units, eq(units.id, relationships.unitId))
            .where(inArray(relationships.id, ids.relationshipIds))
      : none,
  ]);
  const byId = (rows: Named) => new Map(rows.map((r) => [r.id, r.name]));
  return { users: byId(people), contacts: byId(contactNames), relationships: byId(units_) };
}

/** The roles of those of these people who are active members of staff. */
export async function activeRolesOf(db: Executor, userIds: string[]) {
  if (!userIds.length) return new Map<string, string>();
  const rows = await db
    .select({ id: users.id, role: users.role })
    .from(users)
    .where(and(inArray(users.id, userIds), isNull(users.deactivatedAt)));
  return new Map<string, string>(rows.map((u) => [u.id, u.role]));
}

/** A member of staff's name (the author of a comment). */
export async function nameOf(db: Executor, userId: string) {
  const [row] = await db.select({ name: users.name }).from(users).where(eq(users.id, userId));
  return row?.name ?? null;
}

/**
 * Open requests with a target due before `horizon` (the breach check's candidates): the first
 * response not yet given, or the resolution with its clock running.
 */
export async function requestsWithTargetsBefore(db: Executor, horizon: Date) {
  const open = sql`${requests.status} not in ('resolved', 'closed')`;
  return db
    .select()
    .from(requests)
    .where(
      and(
        open,
        or(
          and(isNull(requests.firstRespondedAt), lt(requests.responseDueAt, horizon)),
          and(isNull(requests.clockPausedAt), lt(requests.resolveDueAt, horizon)),
        ),
      ),
    );
}

export async function insertTransition(db: Executor, values: typeof requestTransitions.$inferInsert) {
  await db.insert(requestTransitions).values(values);
}

export async function insertComment(db: Executor, values: typeof requestComments.$inferInsert) {
  const [row] = await db.insert(requestComments).values(values).returning();
  return row!;
}

/** The request's story: status changes, edits, comments and escalations, oldest first. */
export async function activityOf(db: Executor, requestId: string) {
  const author = alias(users, 'author');
  const [transitions, edits, comments, escalated] = await allOf(db, [
    () =>
      db
        .select({
          id: requestTransitions.id,
          at: requestTransitions.at,
          fromStatus: requestTransitions.fromStatus,
          toStatus: requestTransitions.toStatus,
          note: requestTransitions.note,
          actorId: requestTransitions.actorId,
          actorName: author.name,
        })
        .from(requestTransitions)
        .leftJoin(author, eq(author.id, requestTransitions.actorId))
        .where(eq(requestTransitions.requestId, requestId)),
    () =>
      db
        .select({
          id: requestChanges.id,
          at: requestChanges.at,
          changes: requestChanges.changes,
          actorId: requestChanges.actorId,
          actorName: author.name,
        })
        .from(requestChanges)
        .leftJoin(author, eq(author.id, requestChanges.actorId))
        .where(eq(requestChanges.requestId, requestId)),
    () =>
      db
        .select({
          id: requestComments.id,
          at: requestComments.createdAt,
          body: requestComments.body,
          isShareable: requestComments.isShareable,
          actorId: requestComments.authorId,
          actorName: author.name,
        })
        .from(requestComments)
        .innerJoin(author, eq(author.id, requestComments.authorId))
        .where(eq(requestComments.requestId, requestId)),
    () => escalationsOf(db, { requestId }),
  ]);
  return { transitions, edits, comments, escalations: escalated };
}

/** Escalations of a request, of a relationship, or every open one of any relationship. */
export async function escalationsOf(
  db: Executor,
  subject: { requestId: string } | { relationshipId: string } | { openRelationshipEscalations: true },
) {
  const raisedBy = alias(users, 'raised_by');
  const closedBy = alias(users, 'closed_by');
  return db
    .select({
      id: escalations.id,
      level: escalations.level,
      briefing: escalations.briefing,
      raisedAt: escalations.raisedAt,
      raisedById: escalations.raisedById,
      raisedByName: raisedBy.name,
      deescalatedAt: escalations.deescalatedAt,
      deescalatedByName: closedBy.name,
      deescalationReason: escalations.deescalationReason,
      namedUserIds: escalations.namedUserIds,
      relationshipId: escalations.relationshipId,
    })
    .from(escalations)
    .innerJoin(raisedBy, eq(raisedBy.id, escalations.raisedById))
    .leftJoin(closedBy, eq(closedBy.id, escalations.deescalatedById))
    .where(
      'requestId' in subject
        ? eq(escalations.requestId, subject.requestId)
        : 'relationshipId' in subject
          ? eq(escalations.relationshipId, subject.relationshipId)
          : and(isNotNull(escalations.relationshipId), isNull(escalations.deescalatedAt)),
    )
    .orderBy(desc(escalations.raisedAt));
}

/** Locks these requests (in id order, so two bulk actions cannot deadlock) and reads their versions. */
export const lockRequestVersions = (tx: Executor, ids: string[]) => lockVersions(tx, requests, ids);
