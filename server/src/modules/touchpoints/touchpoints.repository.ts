import { and, eq, getTableColumns, gte, inArray, isNull, lt, type SQL, sql } from 'drizzle-orm';
import type { FilterValues } from '../../../../common/src/lists/define.ts';
import { touchpointList } from '../../../../common/src/lists/touchpoints.ts';
import { type Executor, queryRows } from '../../db/client.ts';
import { type Changes, type NewRow, recordStore } from '../../db/records.ts';
import { contacts } from '../../db/schema/contacts.ts';
import { partners } from '../../db/schema/partners.ts';
import { relationships } from '../../db/schema/relationships.ts';
import {
  touchpointContacts,
  touchpointReaders,
  touchpointStaff,
  touchpoints,
} from '../../db/schema/touchpoints.ts';
import { units } from '../../db/schema/units.ts';
import { users } from '../../db/schema/users.ts';
import { bindList } from '../../lib/lists/list.ts';
import { type SortSpec, toPage } from '../../lib/pagination.ts';

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

const occurredSpec = (descending: boolean): SortSpec => ({
  name: descending ? '-occurredAt' : 'occurredAt',
  columns: [touchpoints.occurredAt, touchpoints.id],
  descending,
  keyOf: (row) => [(row.occurredAt as Date).toISOString(), row.id as string],
  // NULLS LAST descending (NULLS FIRST ascending), as the indexes are built (drizzle-kit writes
  // DESC NULLS LAST); otherwise the planner cannot walk the index in order and sorts the
  // partner's whole history instead.
  order: descending
    ? [sql`${touchpoints.occurredAt} desc nulls last`, sql`${touchpoints.id} desc nulls last`]
    : [sql`${touchpoints.occurredAt} asc nulls first`, sql`${touchpoints.id} asc nulls first`],
});

/** The touch-point list's filters and sorts as SQL (declared in common/src/lists/touchpoints.ts). */
export const touchpointListing = bindList(touchpointList, {
  where: {
    partnerId: (id) => eq(touchpoints.partnerId, id),
    unitId: (id) => eq(touchpoints.unitId, id),
    kind: (kind) => eq(touchpoints.kind, kind),
    authorId: (id) => eq(touchpoints.authorId, id),
    from: (from) => gte(touchpoints.occurredAt, new Date(from)),
    to: (to) => lt(touchpoints.occurredAt, new Date(to)),
    contactId: (id) =>
      sql`exists (select 1 from ${touchpointContacts} c where c.touchpoint_id = ${touchpoints.id} and c.contact_id = ${id})`,
    participantId: (id) =>
      sql`(exists (select 1 from ${touchpointStaff} s where s.touchpoint_id = ${touchpoints.id} and s.user_id = ${id})
          or exists (select 1 from ${touchpointContacts} c where c.touchpoint_id = ${touchpoints.id} and c.contact_id = ${id}))`,
  },
  sorts: { occurredAt: occurredSpec(false), '-occurredAt': occurredSpec(true) },
});

/**
 * A page of touch points, newest first unless sorted otherwise, keyset-paginated on
 * (occurred_at, id) so the (partner_id, occurred_at desc, id desc) index serves a partner's
 * timeline however long it is. `scope` is the visibility rule from the policy.
 */
export async function listTimeline(
  db: Executor,
  filter: TimelineFilter,
  scope: SQL | undefined,
  page: { limit: number; cursor?: string },
) {
  const { after, orderBy, spec } = touchpointListing.page(
    filter.sort ?? touchpointList.defaultSort,
    page.cursor,
  );
  const rows = await selectTouchpoints(db)
    .where(and(scope, touchpointListing.where(filter), after))
    .orderBy(...orderBy)
    .limit(page.limit + 1);
  return toPage(rows, page.limit, spec);
}

export async function findTouchpoint(db: Executor, id: string) {
  const [row] = await selectTouchpoints(db).where(eq(touchpoints.id, id));
  return row ?? null;
}

/** Staff, contacts and readers of many touch points: one query (one round trip) for a whole page. */
export async function participantsOf(db: Executor, ids: string[]) {
  type Person = { touchpointId: string; id: string; name: string };
  type List = 'staff' | 'contacts' | 'readers';
  if (ids.length === 0) return { staff: [] as Person[], contacts: [] as Person[], readers: [] as Person[] };
  // One array parameter, not one per id: building a statement with 150 parameters costs more
  // than running it.
  const list = sql.param(ids);
  const rows = await queryRows<Person & { list: List }>(
    db,
    sql`
    select 'staff' as list, ${touchpointStaff.touchpointId} as "touchpointId", u.id, u.name
    from ${touchpointStaff} join ${users} u on u.id = ${touchpointStaff.userId}
    where ${touchpointStaff.touchpointId} = any(${list}::uuid[])
    union all
    select 'contacts', ${touchpointContacts.touchpointId}, x.id, x.name
    from ${touchpointContacts} join ${contacts} x on x.id = ${touchpointContacts.contactId}
    where ${touchpointContacts.touchpointId} = any(${list}::uuid[])
    union all
    select 'readers', ${touchpointReaders.touchpointId}, u.id, u.name
    from ${touchpointReaders} join ${users} u on u.id = ${touchpointReaders.userId}
    where ${touchpointReaders.touchpointId} = any(${list}::uuid[])
    order by name`,
  );
  const of = (list: List) =>
    rows.filter((r) => r.list === list).map(({ touchpointId, id, name }) => ({ touchpointId, id, name }));
  return { staff: of('staff'), contacts: of('contacts'), readers: of('readers') };
}

/** Touch points as the API shows them, with their people fetched for the whole page at once. */
export async function presentTouchpoints(db: Executor, rows: TouchpointRow[]) {
  const people = await participantsOf(
    db,
    rows.map((r) => r.id),
  );
  const of = (list: { touchpointId: string; id: string; name: string }[], id: string) =>
    list.filter((p) => p.touchpointId === id).map(({ id: pid, name }) => ({ id: pid, name }));
  return rows.map((row) => ({
    ...row,
    occurredAt: row.occurredAt.toISOString(),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    staff: of(people.staff, row.id),
    contacts: of(people.contacts, row.id),
    readers: of(people.readers, row.id),
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
