import { and, asc, eq, getTableColumns, gte, ilike, inArray, isNull, or, sql } from 'drizzle-orm';
import type { ListContactsQuery } from '../../../../common/src/lists/contacts.ts';
import { contactList } from '../../../../common/src/lists/contacts.ts';
import { type Executor, queryRows } from '../../db/client.ts';
import { lockVersions, recordStore } from '../../db/records.ts';
import { affiliations } from '../../db/schema/affiliations.ts';
import { contacts } from '../../db/schema/contacts.ts';
import { partners } from '../../db/schema/partners.ts';
import { bindList } from '../../lib/lists/list.ts';
import { sortOptions, toPage } from '../../lib/pagination.ts';
import { presentRecord } from '../../lib/records.ts';

/** `%` and `_` typed into a filter are letters, not wildcards. */
const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

const { search: _search, ...contactColumns } = getTableColumns(contacts);

/**
 * `offset 0` stops PostgreSQL from flattening the matching subquery, so it finds the matches
 * through the trigram and e-mail indexes and sorts those few, instead of walking the whole
 * name index looking for them (seconds on 300,000 contacts when nothing matches). Drizzle
 * leaves out a numeric 0, hence SQL.
 */
const NO_FLATTEN = sql`0` as unknown as number;

/**
 * The contact list's filters and sorts as SQL (declared in common/src/lists/contacts.ts).
 * `q`: name contains it, or is close to it (pg_trgm word similarity ≥ 0.6, indexed), or an
 * e-mail is `q`.
 */
export const contactListing = bindList(contactList, {
  where: {
    q: (q) =>
      or(
        ilike(contacts.name, `%${q}%`),
        q.length >= 3 ? sql`${q} <% ${contacts.name}` : undefined,
        sql`${contacts.emails} @> array[${q.toLowerCase()}]::text[]`,
      ),
    email: (email) => sql`${contacts.emails} @> array[${email}]::text[]`,
    partnerId: (id) =>
      sql`exists (select 1 from ${affiliations} where ${affiliations.contactId} = ${contacts.id} and ${affiliations.partnerId} = ${id})`,
    role: (role) =>
      sql`exists (select 1 from ${affiliations} where ${affiliations.contactId} = ${contacts.id} and ${affiliations.role} ilike ${`%${escapeLike(role)}%`})`,
    consentStatus: (statuses) => inArray(contacts.consentStatus, statuses),
  },
  sorts: sortOptions(
    {
      name: [contacts.name, 'name'],
      createdAt: [contacts.createdAt, 'createdAt'],
      updatedAt: [contacts.updatedAt, 'updatedAt'],
    },
    contacts.id,
  ),
});

/** A page of the contact list for the filters, sort and cursor. */
export async function listContacts(db: Executor, query: ListContactsQuery) {
  const { after, orderBy, spec } = contactListing.page(query.sort, query.cursor);
  const where = and(contactListing.where(query), after);
  if (!query.q || query.q.length < 3) {
    const rows = await db
      .select(contactColumns)
      .from(contacts)
      .where(where)
      .orderBy(...orderBy)
      .limit(query.limit + 1);
    return toPage(rows, query.limit, spec);
  }
  // Named like the table, so the sort and cursor columns resolve against the matches.
  const matches = db.select(contactColumns).from(contacts).where(where).offset(NO_FLATTEN).as('contacts');
  const rows = await db
    .select()
    .from(matches)
    .orderBy(...orderBy)
    .limit(query.limit + 1);
  return toPage(rows, query.limit, spec);
}

/** How many contacts the filters match (the directory's total). */
export async function countContacts(
  db: Executor,
  query: Omit<ListContactsQuery, 'limit' | 'cursor' | 'sort'>,
) {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(contacts)
    .where(contactListing.where(query as ListContactsQuery));
  return row?.n ?? 0;
}

/** How close a name must be to count as the same person (pg_trgm similarity, 0–1). */
const SIMILAR_NAME = 0.5;

/**
 * People who may already be the one being added: an e-mail address in common (exact, through
 * the e-mail index), or a name close to this one (trigram similarity, through the trigram
 * index: `%` uses `pg_trgm.similarity_threshold`, 0.3, and the stricter bound is checked after).
 * Same e-mail first, then the closest names.
 */
export async function findSimilarContacts(
  db: Executor,
  probe: { name?: string; emails: string[]; excludeId?: string },
  limit: number,
) {
  const byEmail = probe.emails.length
    ? sql`${contacts.emails} && array[${sql.join(
        probe.emails.map((e) => sql`${e}`),
        sql`, `,
      )}]::text[]`
    : sql`false`;
  const byName = probe.name
    ? sql`(${contacts.name} % ${probe.name} and similarity(${contacts.name}, ${probe.name}) >= ${SIMILAR_NAME})`
    : sql`false`;
  const sameEmail = sql<boolean>`${byEmail}`;
  const score = probe.name ? sql<number>`similarity(${contacts.name}, ${probe.name})` : sql<number>`0`;
  return db
    .select({ ...contactColumns, sameEmail: sameEmail.as('same_email'), score: score.as('score') })
    .from(contacts)
    .where(and(or(byEmail, byName), probe.excludeId ? sql`${contacts.id} <> ${probe.excludeId}` : undefined))
    .orderBy(sql`same_email desc`, sql`score desc`, asc(contacts.name), asc(contacts.id))
    .limit(limit);
}

export async function findContact(db: Executor, id: string) {
  const [row] = await db.select(contactColumns).from(contacts).where(eq(contacts.id, id));
  return row ?? null;
}

/** Many contacts by id in one query, in the order of `ids` (ids that name none are left out). */
export async function findContacts(db: Executor, ids: string[]) {
  if (ids.length === 0) return [];
  const rows = await db.select(contactColumns).from(contacts).where(inArray(contacts.id, ids));
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

const ARRAY_COLUMNS = new Set(['emails', 'phones']);
const CHANGEABLE = {
  name: 'name',
  emails: 'emails',
  phones: 'phones',
  jobTitle: 'job_title',
  notes: 'notes',
  lawfulBasis: 'lawful_basis',
  consentStatus: 'consent_status',
  consentRecordedOn: 'consent_recorded_on',
} as const;

/**
 * Applies many contacts' changes in one statement, each if the contact is still at its version
 * (as `contactStore.update` does one at a time: the version bumped, the time stamped). Each
 * change names only the columns it changes. Returns the ids changed: fewer than given when
 * someone changed one first.
 */
export async function bumpContacts(
  tx: Executor,
  changes: { id: string; version: number; columns: Partial<Record<keyof typeof CHANGEABLE, unknown>> }[],
) {
  if (changes.length === 0) return new Set<string>();
  const given = changes.map((c) => ({
    id: c.id,
    version: c.version,
    d: Object.fromEntries(
      Object.entries(c.columns)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [CHANGEABLE[k as keyof typeof CHANGEABLE], v]),
    ),
  }));
  const set = Object.values(CHANGEABLE).map((column) => {
    const value = ARRAY_COLUMNS.has(column)
      ? sql`array(select e from jsonb_array_elements_text(v.d -> ${column}) with ordinality as x(e, n) order by n)`
      : column === 'consent_recorded_on'
        ? sql`(v.d ->> ${column})::date`
        : sql`v.d ->> ${column}`;
    return sql`${sql.identifier(column)} = case when v.d ? ${column} then ${value} else c.${sql.identifier(column)} end`;
  });
  const rows = await queryRows<{ id: string }>(
    tx,
    sql`update ${contacts} as c set ${sql.join(set, sql`, `)}, version = c.version + 1, updated_at = now()
        from jsonb_to_recordset(${JSON.stringify(given)}::jsonb) as v(id uuid, version int, d jsonb)
        where c.id = v.id and c.version = v.version
        returning c.id`,
  );
  return new Set(rows.map((r) => r.id));
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

type ContactRow = NonNullable<Awaited<ReturnType<typeof findContact>>>;

/** Contacts as the API shows them, with their current affiliations fetched for a whole page at once. */
export async function presentContacts(db: Executor, rows: ContactRow[]) {
  const links = await currentAffiliationsOf(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((row) => ({
    ...presentRecord(row),
    affiliations: links.filter((l) => l.contactId === row.id).map(({ contactId: _c, ...l }) => l),
  }));
}

/** Contacts' one write path: create, update (If-Match) and delete, each audited and published. */
/** Locks these contacts (in id order, so two bulk actions cannot deadlock) and reads their versions. */
export const lockContactVersions = (tx: Executor, ids: string[]) => lockVersions(tx, contacts, ids);

export const contactStore = recordStore({
  entity: 'contact',
  noun: 'contact',
  table: contacts,
  fixed: [],
  // Two queries however many rows (the contacts as listed, then their affiliations).
  present: async (db, rows) =>
    presentContacts(
      db,
      await findContacts(
        db,
        rows.map((r) => r.id),
      ),
    ),
});
