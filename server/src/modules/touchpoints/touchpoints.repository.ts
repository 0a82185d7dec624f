import {
  and,
  eq,
  getTableColumns,
  gte,
  inArray,
  isNull,
  lt,
  type SQL,
  type SQLWrapper,
  sql,
} from 'drizzle-orm';
import type { FilterValues } from '../../../../common/src/lists/define.ts';
import { touchpointList } from '../../../../common/src/lists/touchpoints.ts';
import { type Executor, queryRows } from '../../db/client.ts';
import { type Changes, type NewRow, recordStore } from '../../db/records.ts';
import { contacts } from '../../db/schema/contacts.ts';
import { partners } from '../../db/schema/partners.ts';
import { relationships } from '../../db/schema/relationships.ts';
import {
  touchpointContacts,
  touchpointPartners,
  touchpointReaders,
  touchpointStaff,
  touchpoints,
} from '../../db/schema/touchpoints.ts';
import { units } from '../../db/schema/units.ts';
import { users } from '../../db/schema/users.ts';
import { bindList } from '../../lib/lists/list.ts';
import { type SortSpec, toPage } from '../../lib/pagination.ts';
import type { TouchpointScopes } from './touchpoints.policy.ts';

const { search: _search, ...touchpointColumns } = getTableColumns(touchpoints);
const columns = {
  ...touchpointColumns,
  partnerName: partners.name,
  unitName: units.name,
  authorName: users.name,
};

export type TouchpointRow = Awaited<ReturnType<typeof findTouchpoint>> & {};

function selectTouchpoints(db: Executor) {
  return db
    .select(columns)
    .from(touchpoints)
    .innerJoin(partners, eq(partners.id, touchpoints.partnerId))
    .innerJoin(units, eq(units.id, touchpoints.unitId))
    .innerJoin(users, eq(users.id, touchpoints.authorId));
}

export type TimelineFilter = FilterValues<typeof touchpointList> & { sort?: string };

const occurredSpec = (descending: boolean, at: SQLWrapper, id: SQLWrapper): SortSpec => ({
  name: descending ? '-occurredAt' : 'occurredAt',
  columns: [at, id],
  descending,
  keyOf: (row) => [(row.occurredAt as Date).toISOString(), row.id as string],
  // NULLS LAST descending (NULLS FIRST ascending), as the indexes are built (drizzle-kit writes
  // DESC NULLS LAST); otherwise the planner cannot walk the index in order and sorts the
  // partner's whole history instead.
  order: descending
    ? [sql`${at} desc nulls last`, sql`${id} desc nulls last`]
    : [sql`${at} asc nulls first`, sql`${id} asc nulls first`],
});

/** Filters that read the touch point itself, whichever table drives the query. */
const participantFilters = {
  authorId: (id: string) => eq(touchpoints.authorId, id),
  contactId: (id: string) =>
    sql`exists (select 1 from ${touchpointContacts} c where c.touchpoint_id = ${touchpoints.id} and c.contact_id = ${id})`,
  participantId: (id: string) =>
    sql`(exists (select 1 from ${touchpointStaff} s where s.touchpoint_id = ${touchpoints.id} and s.user_id = ${id})
        or exists (select 1 from ${touchpointContacts} c where c.touchpoint_id = ${touchpoints.id} and c.contact_id = ${id}))`,
  q: (q: string) => sql`${touchpoints.search} @@ (select websearch_to_tsquery('english', ${q}))`,
};

/** The touch-point list's filters and sorts as SQL (declared in common/src/lists/touchpoints.ts). */
export const touchpointListing = bindList(touchpointList, {
  where: {
    ...participantFilters,
    partnerId: (id) =>
      sql`exists (select 1 from ${touchpointPartners} tp where tp.touchpoint_id = ${touchpoints.id} and tp.partner_id = ${id})`,
    unitId: (id) => eq(touchpoints.unitId, id),
    kind: (kind) => eq(touchpoints.kind, kind),
    from: (from) => gte(touchpoints.occurredAt, new Date(from)),
    to: (to) => lt(touchpoints.occurredAt, new Date(to)),
  },
  sorts: {
    occurredAt: occurredSpec(false, touchpoints.occurredAt, touchpoints.id),
    '-occurredAt': occurredSpec(true, touchpoints.occurredAt, touchpoints.id),
  },
});

/**
 * The same list for one partner, driven by touchpoint_partners: its (partner_id, occurred_at
 * desc, touchpoint_id desc, unit, kind, visibility) index gives the partner's rows in order,
 * filtered by time, unit, kind and visibility before a single touch point is read. The keyset
 * values are the touch point's own (the columns are copies), so cursors work in both listings.
 */
const partnerTimelineListing = bindList(touchpointList, {
  where: {
    ...participantFilters,
    partnerId: (id) => eq(touchpointPartners.partnerId, id),
    unitId: (id) => eq(touchpointPartners.unitId, id),
    kind: (kind) => eq(touchpointPartners.kind, kind),
    from: (from) => gte(touchpointPartners.occurredAt, new Date(from)),
    to: (to) => lt(touchpointPartners.occurredAt, new Date(to)),
  },
  sorts: {
    occurredAt: occurredSpec(false, touchpointPartners.occurredAt, touchpointPartners.touchpointId),
    '-occurredAt': occurredSpec(true, touchpointPartners.occurredAt, touchpointPartners.touchpointId),
  },
});

/**
 * A page of touch points, newest first unless sorted otherwise, keyset-paginated on
 * (occurred_at, id). With a partner the page is read through touchpoint_partners (every partner
 * a touch point concerns, so a joint meeting is on each partner's timeline), whose index serves
 * a partner's timeline however long it is. `scopes` is the visibility rule from the policy.
 */
export async function listTimeline(
  db: Executor,
  filter: TimelineFilter,
  scopes: TouchpointScopes,
  page: { limit: number; cursor?: string },
) {
  const sort = filter.sort ?? touchpointList.defaultSort;
  if (filter.partnerId) {
    const { after, orderBy, spec } = partnerTimelineListing.page(sort, page.cursor);
    const rows = await selectTouchpoints(db)
      .innerJoin(touchpointPartners, eq(touchpointPartners.touchpointId, touchpoints.id))
      .where(and(scopes.partnerRows, partnerTimelineListing.where(filter), after))
      .orderBy(...orderBy)
      .limit(page.limit + 1);
    return toPage(rows, page.limit, spec);
  }
  const { after, orderBy, spec } = touchpointListing.page(sort, page.cursor);
  const rows = await selectTouchpoints(db)
    .where(and(scopes.touchpoints, touchpointListing.where(filter), after))
    .orderBy(...orderBy)
    .limit(page.limit + 1);
  return toPage(rows, page.limit, spec);
}

export async function findTouchpoint(db: Executor, id: string) {
  const [row] = await selectTouchpoints(db).where(eq(touchpoints.id, id));
  return row ?? null;
}

type Person = { touchpointId: string; id: string; name: string };
type PeopleList = 'staff' | 'contacts' | 'readers' | 'partners';
/** The people of a page of touch points, by list, each list in name order. */
export type PeopleOf = Record<PeopleList, Person[]>;

/**
 * Staff, contacts and readers (and partners) of the touch points whose ids `ids` gives (an
 * expression of type uuid[]), in name order: one statement for a whole page, on its own or
 * inside the overview's.
 */
export function participantsSql(ids: SQL) {
  return sql`
    select 'staff' as list, ${touchpointStaff.touchpointId} as "touchpointId", u.id, u.name
    from ${touchpointStaff} join ${users} u on u.id = ${touchpointStaff.userId}
    where ${touchpointStaff.touchpointId} = any(${ids})
    union all
    select 'contacts', ${touchpointContacts.touchpointId}, x.id, x.name
    from ${touchpointContacts} join ${contacts} x on x.id = ${touchpointContacts.contactId}
    where ${touchpointContacts.touchpointId} = any(${ids})
    union all
    select 'readers', ${touchpointReaders.touchpointId}, u.id, u.name
    from ${touchpointReaders} join ${users} u on u.id = ${touchpointReaders.userId}
    where ${touchpointReaders.touchpointId} = any(${ids})
    union all
    select 'partners', ${touchpointPartners.touchpointId}, p.id, p.name
    from ${touchpointPartners} join ${partners} p on p.id = ${touchpointPartners.partnerId}
    where ${touchpointPartners.touchpointId} = any(${ids})
    order by name`;
}

/** participantsSql's rows split by list (the name order kept). */
export function peopleByList(rows: (Person & { list: PeopleList })[]): PeopleOf {
  const of = (list: PeopleList) =>
    rows.filter((r) => r.list === list).map(({ touchpointId, id, name }) => ({ touchpointId, id, name }));
  return { staff: of('staff'), contacts: of('contacts'), readers: of('readers'), partners: of('partners') };
}

/** Staff, contacts and readers of many touch points: one query (one round trip) for a whole page. */
export async function participantsOf(db: Executor, ids: string[]): Promise<PeopleOf> {
  if (ids.length === 0) return peopleByList([]);
  // One array parameter, not one per id: building a statement with 150 parameters costs more
  // than running it.
  const list = sql.param(ids);
  return peopleByList(
    await queryRows<Person & { list: PeopleList }>(db, participantsSql(sql`${list}::uuid[]`)),
  );
}

/** Touch points as the API shows them, with their people fetched for the whole page at once. */
export async function presentTouchpoints(db: Executor, rows: TouchpointRow[]) {
  return presentTouchpointsWith(
    rows,
    await participantsOf(
      db,
      rows.map((r) => r.id),
    ),
  );
}

type Named = { id: string; name: string };

/** A list's people grouped by touch point, each group in the list's (name) order. */
function byTouchpoint(list: Person[]): Map<string, Named[]> {
  const groups = new Map<string, Named[]>();
  for (const { touchpointId, id, name } of list) {
    const group = groups.get(touchpointId);
    if (group) group.push({ id, name });
    else groups.set(touchpointId, [{ id, name }]);
  }
  return groups;
}

/** Touch points as the API shows them, given their people (participantsOf's answer). */
export function presentTouchpointsWith(rows: TouchpointRow[], people: PeopleOf) {
  const staff = byTouchpoint(people.staff);
  const contacts = byTouchpoint(people.contacts);
  const readers = byTouchpoint(people.readers);
  const partners = byTouchpoint(people.partners);
  const of = (list: Map<string, Named[]>, id: string) => list.get(id) ?? [];
  return rows.map((row) => ({
    ...row,
    occurredAt: row.occurredAt.toISOString(),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    staff: of(staff, row.id),
    contacts: of(contacts, row.id),
    readers: of(readers, row.id),
    // The primary partner first, then the others by name.
    partners: [
      { id: row.partnerId, name: row.partnerName },
      ...of(partners, row.id).filter((p) => p.id !== row.partnerId),
    ],
  }));
}

/** Touch points' one write path; the public form carries names and people (two queries per batch). */
export const touchpointStore = recordStore({
  entity: 'touchpoint',
  noun: 'touch point',
  table: touchpoints,
  fixed: ['partnerId', 'unitId', 'authorId'],
  present: async (db, rows) => {
    const ids = rows.map((r) => r.id);
    const found = await selectTouchpoints(db).where(inArray(touchpoints.id, ids));
    const byId = new Map(found.map((r) => [r.id, r]));
    return presentTouchpoints(
      db,
      ids.map((id) => byId.get(id)!),
    );
  },
});

/** Every column of a new touch point, named (a new column is a compile error until set here). */
export type TouchpointValues = NewRow<typeof touchpoints>;
/** Every changeable column, `undefined` where it stays (the partner, unit and author are fixed). */
export type TouchpointChanges = Changes<typeof touchpoints, 'partnerId' | 'unitId' | 'authorId'>;

type ParticipantLists = { staffIds?: string[]; contactIds?: string[]; readerIds?: string[] };

/**
 * Takes these partners' read-version row locks at once, in key order, before a write that
 * touches several of them. A touch point's write bumps its partners' versions in more than one
 * statement (the primary partner's row is added by the database, the others after it), so two
 * writes naming the same partners in different orders would lock them in opposite orders and
 * deadlock. Taken first and in order, the second write queues behind the first.
 */
export async function lockPartnersInOrder(db: Executor, partnerIds: string[]) {
  const distinct = [...new Set(partnerIds)];
  if (distinct.length < 2) return;
  await db.execute(sql`select read_versions_bump(${sql.param(distinct)}::uuid[])`);
}

/**
 * Makes these the touch point's other partners (the primary one's row is the database's, see
 * the schema); the copied columns are taken from the touch point itself.
 */
export async function replaceOtherPartners(
  db: Executor,
  touchpointId: string,
  primaryPartnerId: string,
  partnerIds: string[],
) {
  const others = partnerIds.filter((id) => id !== primaryPartnerId);
  await db
    .delete(touchpointPartners)
    .where(
      and(
        eq(touchpointPartners.touchpointId, touchpointId),
        sql`${touchpointPartners.partnerId} <> ${primaryPartnerId}`,
      ),
    );
  if (others.length === 0) return;
  await db.execute(sql`
    insert into ${touchpointPartners} (touchpoint_id, partner_id, occurred_at, unit_id, kind, visibility)
    select t.id, p.id, t.occurred_at, t.unit_id, t.kind, t.visibility
    from ${touchpoints} t, unnest(${sql.param(others)}::uuid[]) as p(id)
    where t.id = ${touchpointId}`);
}

/** Adds participants and readers to a touch point that has none yet (one just inserted). */
export async function addParticipants(db: Executor, touchpointId: string, lists: ParticipantLists) {
  if (lists.staffIds?.length)
    await db.insert(touchpointStaff).values(lists.staffIds.map((userId) => ({ touchpointId, userId })));
  if (lists.contactIds?.length) {
    await db
      .insert(touchpointContacts)
      .values(lists.contactIds.map((contactId) => ({ touchpointId, contactId })));
  }
  if (lists.readerIds?.length)
    await db.insert(touchpointReaders).values(lists.readerIds.map((userId) => ({ touchpointId, userId })));
}

/**
 * Adds participants and readers to many touch points that have none yet (just inserted), set-based:
 * at most three inserts however many touch points.
 */
export async function addParticipantsToMany(
  db: Executor,
  entries: { touchpointId: string; lists: ParticipantLists }[],
) {
  const staff = entries.flatMap((e) =>
    (e.lists.staffIds ?? []).map((userId) => ({ touchpointId: e.touchpointId, userId })),
  );
  const people = entries.flatMap((e) =>
    (e.lists.contactIds ?? []).map((contactId) => ({ touchpointId: e.touchpointId, contactId })),
  );
  const readers = entries.flatMap((e) =>
    (e.lists.readerIds ?? []).map((userId) => ({ touchpointId: e.touchpointId, userId })),
  );
  if (staff.length) await db.insert(touchpointStaff).values(staff);
  if (people.length) await db.insert(touchpointContacts).values(people);
  if (readers.length) await db.insert(touchpointReaders).values(readers);
}

/** Replaces the participant and reader lists given (undefined leaves a list as it is). */
export async function replaceParticipants(db: Executor, touchpointId: string, lists: ParticipantLists) {
  if (lists.staffIds) await db.delete(touchpointStaff).where(eq(touchpointStaff.touchpointId, touchpointId));
  if (lists.contactIds)
    await db.delete(touchpointContacts).where(eq(touchpointContacts.touchpointId, touchpointId));
  if (lists.readerIds)
    await db.delete(touchpointReaders).where(eq(touchpointReaders.touchpointId, touchpointId));
  await addParticipants(db, touchpointId, lists);
}

/** Which of these ids exist, per kind of reference, so bulk input can be checked item by item. */
export async function existingReferences(
  db: Executor,
  refs: { partnerIds: string[]; relationshipIds: string[]; userIds: string[]; contactIds: string[] },
) {
  const pick = async (ids: string[], query: () => Promise<{ id: string }[]>) =>
    ids.length ? new Set((await query()).map((r) => r.id)) : new Set<string>();
  return {
    partners: await pick(refs.partnerIds, () =>
      db.select({ id: partners.id }).from(partners).where(inArray(partners.id, refs.partnerIds)),
    ),
    relationships: new Map(
      (refs.relationshipIds.length
        ? await db
            .select({ id: relationships.id, partnerId: relationships.partnerId })
            .from(relationships)
            .where(inArray(relationships.id, refs.relationshipIds))
        : []
      ).map((r) => [r.id, r.partnerId]),
    ),
    users: await pick(refs.userIds, () =>
      db
        .select({ id: users.id })
        .from(users)
        .where(and(inArray(users.id, refs.userIds), isNull(users.deactivatedAt))),
    ),
    contacts: await pick(refs.contactIds, () =>
      db.select({ id: contacts.id }).from(contacts).where(inArray(contacts.id, refs.contactIds)),
    ),
  };
}

/**
 * The relationship of each (unit, partner) pair, for a touch point's default link: the recording
 * unit's relationship with the primary partner. One query for a whole bulk import.
 */
/** Each unit's default visibility, for what it records without saying. */
export async function defaultVisibilities(db: Executor, unitIds: string[]) {
  const rows = unitIds.length
    ? await db
        .select({ id: units.id, visibility: units.defaultVisibility })
        .from(units)
        .where(inArray(units.id, [...new Set(unitIds)]))
    : [];
  return new Map(rows.map((r) => [r.id, r.visibility]));
}

export async function relationshipsOfPairs(db: Executor, pairs: { unitId: string; partnerId: string }[]) {
  if (pairs.length === 0) return new Map<string, string>();
  const rows = await db
    .select({ id: relationships.id, unitId: relationships.unitId, partnerId: relationships.partnerId })
    .from(relationships)
    .where(
      and(
        inArray(relationships.unitId, [...new Set(pairs.map((p) => p.unitId))]),
        inArray(relationships.partnerId, [...new Set(pairs.map((p) => p.partnerId))]),
      ),
    );
  return new Map(rows.map((r) => [`${r.unitId}/${r.partnerId}`, r.id]));
}
