import { and, eq, getTableColumns, gte, inArray, isNull, lt, ne, or, sql } from 'drizzle-orm';
import type { ListAffiliationsQuery } from '../../../../common/src/contracts/affiliations.ts';
import { type Executor, queryRows } from '../../db/client.ts';
import { recordStore } from '../../db/records.ts';
import { affiliations } from '../../db/schema/affiliations.ts';
import { contacts } from '../../db/schema/contacts.ts';
import { partners } from '../../db/schema/partners.ts';
import { afterCursor, orderOf, type SortSpec, sortOptions } from '../../lib/pagination.ts';
import { presentRecord } from '../../lib/records.ts';

export const affiliationSortSpecs = sortOptions(
  {
    role: [affiliations.role, 'role'],
    createdAt: [affiliations.createdAt, 'createdAt'],
    updatedAt: [affiliations.updatedAt, 'updatedAt'],
  },
  affiliations.id,
);

const columns = { ...getTableColumns(affiliations), contactName: contacts.name, partnerName: partners.name };

function selectAffiliations(db: Executor) {
  return db
    .select(columns)
    .from(affiliations)
    .innerJoin(contacts, eq(contacts.id, affiliations.contactId))
    .innerJoin(partners, eq(partners.id, affiliations.partnerId));
}

const isCurrent = or(isNull(affiliations.endDate), gte(affiliations.endDate, sql`current_date`));

export async function listAffiliations(db: Executor, query: ListAffiliationsQuery, spec: SortSpec) {
  return selectAffiliations(db)
    .where(
      and(
        query.contactId ? eq(affiliations.contactId, query.contactId) : undefined,
        query.partnerId ? eq(affiliations.partnerId, query.partnerId) : undefined,
        query.current === undefined
          ? undefined
          : query.current
            ? isCurrent
            : lt(affiliations.endDate, sql`current_date`),
        query.keyContact === undefined ? undefined : eq(affiliations.isKeyContact, query.keyContact),
        afterCursor(spec, query.cursor),
      ),
    )
    .orderBy(...orderOf(spec))
    .limit(query.limit + 1);
}

export async function findAffiliation(db: Executor, id: string) {
  const [row] = await selectAffiliations(db).where(eq(affiliations.id, id));
  return row ?? null;
}

/** Affiliations' one write path; the public form carries the contact's and the partner's names. */
export const affiliationStore = recordStore({
  entity: 'affiliation',
  noun: 'affiliation',
  table: affiliations,
  fixed: ['contactId', 'partnerId'],
  // One query however many rows.
  present: async (db, rows) => {
    const found = rows.length
      ? await selectAffiliations(db).where(
          inArray(
            affiliations.id,
            rows.map((r) => r.id),
          ),
        )
      : [];
    const byId = new Map(found.map((r) => [r.id, r]));
    return rows.map((row) => presentRecord(byId.get(row.id)!));
  },
});

/**
 * Locks the contact's row until the transaction ends, so two requests changing the contact's
 * roles take turns: two making different affiliations primary, or two adding the same role
 * (the second then finds the first and is refused). NO KEY UPDATE does not block the key-share locks that
 * inserting affiliations takes on the contact, so it cannot deadlock with them.
 */
export async function lockContactsRoles(db: Executor, contactId: string) {
  await db.select({ id: contacts.id }).from(contacts).where(eq(contacts.id, contactId)).for('no key update');
}

export type RoleKey = { contactId: string; partnerId: string; role: string };

/**
 * The affiliations that already hold one of these roles (the same contact at the same partner
 * with the same role, case and surrounding spaces aside), `exceptId` left out: a merge already
 * treats two such rows as one, so a write never makes a second. One query however many keys,
 * each looked up by contact and partner together (affiliations_contact_partner_idx); the
 * partner's name is read for the rows found only. Joined with the partners, the planner (on
 * statistics from a small table) read each key's partner first and then every role at it: an
 * import's batch read more roles with every batch before it.
 */
export async function sameRoleAffiliations(db: Executor, keys: RoleKey[], exceptId: string | null = null) {
  if (keys.length === 0) return [];
  return queryRows<RoleKey & { id: string; partnerName: string }>(
    db,
    sql`
      select a.id, a.contact_id as "contactId", a.partner_id as "partnerId", a.role,
             (select p.name from ${partners} p where p.id = a.partner_id) as "partnerName"
      from unnest(${sql.param(keys.map((k) => k.contactId))}::uuid[], ${sql.param(keys.map((k) => k.partnerId))}::uuid[],
                  ${sql.param(keys.map((k) => k.role))}::text[]) as k(contact_id, partner_id, role)
      join ${affiliations} a on a.contact_id = k.contact_id and a.partner_id = k.partner_id
        and lower(btrim(a.role)) = lower(btrim(k.role))
      where ${exceptId}::uuid is null or a.id <> ${exceptId}::uuid`,
  );
}

/** The contact's other primary affiliations, which a new primary one replaces. */
export async function otherPrimaryAffiliations(db: Executor, contactId: string, exceptId: string | null) {
  return selectAffiliations(db).where(
    and(
      eq(affiliations.contactId, contactId),
      eq(affiliations.isPrimary, true),
      exceptId ? ne(affiliations.id, exceptId) : undefined,
    ),
  );
}

/** Every affiliation of a contact, past ones too, in id order. */
export async function affiliationIdsOf(db: Executor, contactId: string) {
  const rows = await db
    .select({ id: affiliations.id })
    .from(affiliations)
    .where(eq(affiliations.contactId, contactId))
    .orderBy(affiliations.id);
  return rows.map((r) => r.id);
}
