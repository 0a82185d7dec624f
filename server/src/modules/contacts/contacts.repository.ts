import { and, asc, eq, getTableColumns, gte, ilike, inArray, isNull, or, sql } from 'drizzle-orm';
import type {
  CreateContact,
  ListContactsQuery,
  UpdateContact,
} from '../../../../common/src/contracts/contacts.ts';
import type { Executor } from '../../db/client.ts';
import { affiliations } from '../../db/schema/affiliations.ts';
import { contacts } from '../../db/schema/contacts.ts';
import { partners } from '../../db/schema/partners.ts';
import { afterCursor, orderOf, type SortSpec, sortOptions } from '../../lib/pagination.ts';

export const contactSortSpecs = sortOptions(
  {
    name: [contacts.name, 'name'],
    createdAt: [contacts.createdAt, 'createdAt'],
    updatedAt: [contacts.updatedAt, 'updatedAt'],
  },
  contacts.id,
);

const { search: _search, ...contactColumns } = getTableColumns(contacts);

/**
 * `offset 0` stops PostgreSQL from flattening the matching subquery, so it finds the matches
 * through the trigram and e-mail indexes and sorts those few, instead of walking the whole
 * name index looking for them (seconds on 300,000 contacts when nothing matches). Drizzle
 * leaves out a numeric 0, hence SQL.
 */
const NO_FLATTEN = sql`0` as unknown as number;

/** Name contains `q`, or is close to it (pg_trgm word similarity ≥ 0.6, indexed), or an e-mail is `q`. */
function matching(q: string) {
  return or(
    ilike(contacts.name, `%${q}%`),
    q.length >= 3 ? sql`${q} <% ${contacts.name}` : undefined,
    sql`${contacts.emails} @> array[${q.toLowerCase()}]::text[]`,
  );
}

export async function listContacts(db: Executor, query: ListContactsQuery, spec: SortSpec) {
  const atPartner = query.partnerId
    ? sql`exists (select 1 from ${affiliations} where ${affiliations.contactId} = ${contacts.id} and ${affiliations.partnerId} = ${query.partnerId})`
    : undefined;
  const where = and(
    query.q ? matching(query.q) : undefined,
    atPartner,
    query.email ? sql`${contacts.emails} @> array[${query.email}]::text[]` : undefined,
    afterCursor(spec, query.cursor),
  );
  if (!query.q || query.q.length < 3) {
    return db
      .select(contactColumns)
      .from(contacts)
      .where(where)
      .orderBy(...orderOf(spec))
      .limit(query.limit + 1);
  }
  // Named like the table, so the sort and cursor columns resolve against the matches.
  const matches = db.select(contactColumns).from(contacts).where(where).offset(NO_FLATTEN).as('contacts');
  return db
    .select()
    .from(matches)
    .orderBy(...orderOf(spec))
    .limit(query.limit + 1);
}

export async function findContact(db: Executor, id: string) {
  const [row] = await db.select(contactColumns).from(contacts).where(eq(contacts.id, id));
  return row ?? null;
}

/** Current affiliations of many contacts in one query, for a page of contacts. */
export async function currentAffiliationsOf(db: Executor, contactIds: string[]) {
  if (contactIds.length === 0) return [];
  return db
    .select({
      id: affiliations.id,
      contactId: affiliations.contactId,
      partnerId: affiliations.partnerId,
      partnerName: partners.name,
      role: affiliations.role,
      isKeyContact: affiliations.isKeyContact,
      isPrimary: affiliations.isPrimary,
    })
    .from(affiliations)
    .innerJoin(partners, eq(partners.id, affiliations.partnerId))
    .where(
      and(
        inArray(affiliations.contactId, contactIds),
        or(isNull(affiliations.endDate), gte(affiliations.endDate, sql`current_date`)),
      ),
    )
    .orderBy(asc(partners.name));
}

export async function insertContact(db: Executor, values: CreateContact) {
  const [row] = await db.insert(contacts).values(values).returning({ id: contacts.id });
  return row!.id;
}

export async function updateContact(db: Executor, id: string, version: number, values: UpdateContact) {
  const rows = await db
    .update(contacts)
    .set({ ...values, version: sql`${contacts.version} + 1`, updatedAt: sql`now()` })
    .where(and(eq(contacts.id, id), eq(contacts.version, version)))
    .returning({ id: contacts.id });
  return rows.length === 1;
}

export async function deleteContact(db: Executor, id: string) {
  await db.delete(contacts).where(eq(contacts.id, id));
}
