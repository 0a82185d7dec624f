import { and, eq, getTableColumns, ilike, inArray, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { ListPartnersQuery } from '../../../../common/src/lists/partners.ts';
import { partnerList } from '../../../../common/src/lists/partners.ts';
import { type Executor, queryRows } from '../../db/client.ts';
import { lockVersions, recordStore } from '../../db/records.ts';
import { partnerTypes } from '../../db/schema/partner-types.ts';
import { partners } from '../../db/schema/partners.ts';
import { relationships } from '../../db/schema/relationships.ts';
import { bindList } from '../../lib/lists/list.ts';
import { sortOptions, toPage } from '../../lib/pagination.ts';
import { presentRecord } from '../../lib/records.ts';

const parent = alias(partners, 'parent');

const { search: _search, ...partnerColumns } = getTableColumns(partners);
const columns = { ...partnerColumns, typeName: partnerTypes.name, parentName: parent.name };

function selectPartners(db: Executor) {
  return db
    .select(columns)
    .from(partners)
    .innerJoin(partnerTypes, eq(partnerTypes.id, partners.typeId))
    .leftJoin(parent, eq(parent.id, partners.parentId));
}

/**
 * The partner list's filters and sorts as SQL (declared in common/src/lists/partners.ts).
 * Name contains `q`, or is close to it (pg_trgm word similarity ≥ 0.6, as the contacts list
 * matches): both answered by the trigram index, where `word_similarity(q, name) > 0.3` read
 * and scored every partner (330 ms at 50,000).
 */
export const partnerListing = bindList(partnerList, {
  where: {
    q: (q) => or(ilike(partners.name, `%${q}%`), q.length >= 3 ? sql`${q} <% ${partners.name}` : undefined),
    typeId: (id) => eq(partners.typeId, id),
    unitId: (id) =>
      or(
        eq(partners.unitId, id),
        sql`exists (select 1 from ${relationships} where ${relationships.partnerId} = ${partners.id} and ${relationships.unitId} = ${id})`,
      ),
    status: (statuses) => inArray(partners.status, statuses),
    tag: (tag) => sql`${partners.tags} @> array[${tag}]::text[]`,
    isInternal: (value) => eq(partners.isInternal, value),
    parentId: (id) => eq(partners.parentId, id),
  },
  sorts: sortOptions(
    {
      name: [partners.name, 'name'],
      createdAt: [partners.createdAt, 'createdAt'],
      updatedAt: [partners.updatedAt, 'updatedAt'],
    },
    partners.id,
  ),
});

/** A page of the partner list for the filters, sort and cursor. */
export async function listPartners(db: Executor, query: ListPartnersQuery) {
  const { after, orderBy, spec } = partnerListing.page(query.sort, query.cursor);
  const rows = await selectPartners(db)
    .where(and(partnerListing.where(query), after))
    .orderBy(...orderBy)
    .limit(query.limit + 1);
  return toPage(rows, query.limit, spec);
}

/** How close a name must be to count as the same partner (pg_trgm similarity, 0–1), as for contacts. */
const SIMILAR_NAME = 0.5;
/** A website's bare host: `https://www.ashdown.example/about` → `ashdown.example`. */
const hostOf = (value: unknown) =>
  sql`lower(regexp_replace(regexp_replace(${value}, '^[a-zA-Z]+://(www\\.)?', ''), '[/:?#].*$', ''))`;

/** The same in JavaScript, for the website being typed. */
const hostOfValue = (website: string | null) =>
  (website ?? '')
    .replace(/^[a-z]+:\/\/(www\.)?/i, '')
    .replace(/[/:?#].*$/, '')
    .toLowerCase();

/**
 * Partners that may be the one being created: a similar name (through the trigram index) or the
 * same web host. The same website first, then the closest names.
 */
export async function findSimilarPartners(
  db: Executor,
  probe: { name?: string; website?: string; excludeId?: string },
  limit: number,
) {
  const host = hostOfValue(probe.website ?? null);
  const byName = probe.name
    ? sql`(${partners.name} % ${probe.name} and similarity(${partners.name}, ${probe.name}) >= ${SIMILAR_NAME})`
    : sql`false`;
  const byWebsite = host
    ? sql`(${partners.website} is not null and ${hostOf(partners.website)} = ${host})`
    : sql`false`;
  // A constant is no sort key to PostgreSQL: each term only when there is something to compare.
  const order = [
    ...(host ? [sql`${byWebsite} desc`] : []),
    ...(probe.name ? [sql`similarity(${partners.name}, ${probe.name}) desc`] : []),
  ];
  return selectPartners(db)
    .where(
      and(or(byName, byWebsite), probe.excludeId ? sql`${partners.id} <> ${probe.excludeId}` : undefined),
    )
    .orderBy(...order, partners.name, partners.id)
    .limit(limit)
    .then((rows) =>
      rows.map((row) => ({ row, sameWebsite: host !== '' && hostOfValue(row.website) === host })),
    );
}

export async function findPartner(db: Executor, id: string) {
  const [row] = await selectPartners(db).where(eq(partners.id, id));
  return row ?? null;
}

/** Many partners by id in one query, in the order of `ids` (ids that name none are left out). */
export async function findPartners(db: Executor, ids: string[]) {
  if (ids.length === 0) return [];
  const rows = await selectPartners(db).where(inArray(partners.id, ids));
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/** Which of these ids name a partner (one query). */
export async function existingPartnerIds(db: Executor, ids: string[]) {
  const distinct = [...new Set(ids)];
  if (distinct.length === 0) return new Set<string>();
  const rows = await db.select({ id: partners.id }).from(partners).where(inArray(partners.id, distinct));
  return new Set(rows.map((r) => r.id));
}

/** Partners' one write path: create, update (If-Match) and delete, each audited and published. */
export const partnerStore = recordStore({
  entity: 'partner',
  noun: 'partner',
  table: partners,
  fixed: [],
  // One query however many rows.
  present: async (db, rows) =>
    (
      await findPartners(
        db,
        rows.map((r) => r.id),
      )
    ).map(presentRecord),
});

/** True when `candidateParentId` is `id` itself or one of its descendants. */
export async function isInPartnerSubtree(
  db: Executor,
  id: string,
  candidateParentId: string,
): Promise<boolean> {
  const rows = await queryRows<{ found: boolean }>(
    db,
    sql`
    with recursive subtree as (
      select id from partners where id = ${id}
      union all
      select p.id from partners p join subtree s on p.parent_id = s.id
    )
    select exists(select 1 from subtree where id = ${candidateParentId}) as found`,
  );
  return rows[0]?.found === true;
}

/** Locks these partners (in id order, so two bulk actions cannot deadlock) and reads their versions. */
export const lockPartnerVersions = (tx: Executor, ids: string[]) => lockVersions(tx, partners, ids);
