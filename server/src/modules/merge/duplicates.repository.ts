import { eq, sql } from 'drizzle-orm';
import type { MergeKind } from '../../../../common/src/labels/merges.ts';
import { duplicateList, type ListDuplicatesQuery } from '../../../../common/src/lists/duplicates.ts';
import { webmailDomains } from '../../../../common/src/webmail.ts';
import { type Executor, queryRows } from '../../db/client.ts';
import { duplicateDismissals } from '../../db/schema/merges.ts';
import { bindList } from '../../lib/lists/list.ts';
import { type SortSpec, toPage } from '../../lib/pagination.ts';

/** How close two names must be to be proposed (pg_trgm similarity, 0–1), as for contacts being added. */
export const SIMILAR_NAME = 0.5;
/** Webmail says nothing about the partner; a domain shared by more than a handful of partners is left out too. */
const MAX_PARTNERS_PER_DOMAIN = 5;

const publicMail = sql.raw(`array[${webmailDomains.map((d) => `'${d}'`).join(',')}]`);

/** A website as its bare host name: `https://www.ashdown.example/about` → `ashdown.example`. */
const hostOf = (column: string) =>
  sql.raw(`lower(regexp_replace(regexp_replace(${column}, '^[a-zA-Z]+://(www\\.)?', ''), '[/:?#].*$', ''))`);

/**
 * Candidate pairs of partners, one row per pair (the lower id first): a similar name (trigram,
 * through the name's trigram index), a website or contacts' e-mail domain in common.
 */
const partnerPairs = sql`
  with domains as (
    select id, ${hostOf('website')} as domain from partners where website is not null
    union
    select a.partner_id as id, lower(split_part(e.address, '@', 2)) as domain
    from affiliations a join contacts c on c.id = a.contact_id, unnest(c.emails) as e(address)
    where position('@' in e.address) > 0
  ),
  shared as (
    select domain from domains where domain <> '' and not (domain = any(${publicMail}))
    group by domain having count(distinct id) between 2 and ${MAX_PARTNERS_PER_DOMAIN}
  ),
  evidence as (
    select p1.id as first_id, p2.id as second_id, similarity(p1.name, p2.name) as name_score, null::text as domain
    from partners p1 join partners p2 on p1.id < p2.id and p1.name % p2.name
    where similarity(p1.name, p2.name) >= ${SIMILAR_NAME}
    union all
    select d1.id, d2.id, 0, d1.domain
    from shared s join domains d1 on d1.domain = s.domain join domains d2 on d2.domain = s.domain and d1.id < d2.id
  ),
  pairs as (
    select first_id, second_id, max(name_score) as name_score, min(domain) as domain,
           null::text as email, false as same_partner
    from evidence group by first_id, second_id
  )
  select pairs.*, f.name as first_name, s.name as second_name,
         f.website as first_detail, s.website as second_detail,
         round(least(1, greatest(name_score, case when domain is not null then 0.75 else 0 end)
           + case when domain is not null and name_score > 0 then 0.2 else 0 end)::numeric, 3)::float8 as likelihood
  from pairs join partners f on f.id = pairs.first_id join partners s on s.id = pairs.second_id
  -- A group and its sites share a name and a website by design: never one another's duplicates.
  where f.parent_id is distinct from s.id and s.parent_id is distinct from f.id
    and (f.parent_id is null or f.parent_id is distinct from s.parent_id)`;

/** Candidate pairs of contacts: an e-mail address in common, or a similar name (more so at one partner). */
const contactPairs = sql`
  with evidence as (
    select c1.id as first_id, c2.id as second_id, similarity(c1.name, c2.name) as name_score, null::text as email
    from contacts c1 join contacts c2 on c1.id < c2.id and c1.name % c2.name
    where similarity(c1.name, c2.name) >= ${SIMILAR_NAME}
    union all
    select c1.id, c2.id, 0, (select min(x) from unnest(c1.emails) x where x = any(c2.emails))
    from contacts c1 join contacts c2 on c1.id < c2.id and c1.emails && c2.emails
  ),
  pairs as (
    select first_id, second_id, max(name_score) as name_score, null::text as domain, min(email) as email,
           exists (select 1 from affiliations a join affiliations b on b.partner_id = a.partner_id
                   where a.contact_id = first_id and b.contact_id = second_id) as same_partner
    from evidence group by first_id, second_id
  )
  select pairs.*, f.name as first_name, s.name as second_name,
         f.emails[1] as first_detail, s.emails[1] as second_detail,
         round(least(1, greatest(case when email is not null then 0.95 else 0 end, name_score)
           + case when email is not null and name_score > 0 then 0.05 else 0 end
           + case when same_partner and name_score > 0 then 0.1 else 0 end)::numeric, 3)::float8 as likelihood
  from pairs join contacts f on f.id = pairs.first_id join contacts s on s.id = pairs.second_id`;

export type PairRow = {
  first_id: string;
  second_id: string;
  first_name: string;
  second_name: string;
  first_detail: string | null;
  second_detail: string | null;
  name_score: number;
  domain: string | null;
  email: string | null;
  same_partner: boolean;
  likelihood: number;
};

const likelihoodSpecs = Object.fromEntries(
  [false, true].map((descending) => {
    const name = descending ? '-likelihood' : 'likelihood';
    const spec: SortSpec = {
      name,
      columns: [sql`likelihood`, sql`first_id`, sql`second_id`],
      descending,
      keyOf: (row) => [row.likelihood as number, row.first_id as string, row.second_id as string],
    };
    return [name, spec];
  }),
) as Record<'likelihood' | '-likelihood', SortSpec>;

export const duplicateListing = bindList(duplicateList, {
  where: {
    // The kind chooses the query itself (partners or contacts), not a condition on it.
    kind: () => undefined,
    q: (q) => sql`(first_name ilike ${`%${q}%`} or second_name ilike ${`%${q}%`})`,
  },
  sorts: likelihoodSpecs,
});

/** A page of likely duplicates of one kind, dismissed pairs left out, the likeliest first. */
export async function listDuplicatePairs(db: Executor, kind: MergeKind, query: ListDuplicatesQuery) {
  const { limit, cursor, sort, ...filters } = query;
  const { after, orderBy, spec } = duplicateListing.page(sort, cursor);
  const where = sql.join(
    [
      sql`not exists (select 1 from duplicate_dismissals d where d.kind = ${kind} and d.first_id = c.first_id and d.second_id = c.second_id)`,
      duplicateListing.where(filters),
      after,
    ].filter((part) => part !== undefined),
    sql` and `,
  );
  const rows = await queryRows<PairRow>(
    db,
    sql`select * from (${kind === 'partner' ? partnerPairs : contactPairs}) c where ${where}
        order by ${sql.join(orderBy, sql`, `)} limit ${limit + 1}`,
  );
  return toPage(rows, limit, spec);
}

/** Records "not a duplicate" for the pair (in id order); a pair dismissed before stays as it was. */
export async function insertDismissal(
  tx: Executor,
  values: { id: string; kind: MergeKind; firstId: string; secondId: string; dismissedById: string },
) {
  const rows = await tx
    .insert(duplicateDismissals)
    .values(values)
    .onConflictDoNothing()
    .returning({ id: duplicateDismissals.id });
  return rows.length > 0;
}

export type DismissalRow = {
  id: string;
  kind: MergeKind;
  first_id: string;
  second_id: string;
  first_name: string | null;
  second_name: string | null;
  first_detail: string | null;
  second_detail: string | null;
  dismissed_by_name: string;
  dismissed_at: Date;
};

/** The latest dismissed pairs of a kind with the records' names (null for one gone since), and how many in all. */
export async function listDismissals(db: Executor, kind: MergeKind, limit: number) {
  const names =
    kind === 'partner'
      ? sql`(select name from partners where id = d.first_id) as first_name,
            (select name from partners where id = d.second_id) as second_name,
            (select website from partners where id = d.first_id) as first_detail,
            (select website from partners where id = d.second_id) as second_detail`
      : sql`(select name from contacts where id = d.first_id) as first_name,
            (select name from contacts where id = d.second_id) as second_name,
            (select emails[1] from contacts where id = d.first_id) as first_detail,
            (select emails[1] from contacts where id = d.second_id) as second_detail`;
  const items = await queryRows<DismissalRow>(
    db,
    sql`select d.id, d.kind, d.first_id, d.second_id, ${names}, u.name as dismissed_by_name, d.dismissed_at
          from duplicate_dismissals d join users u on u.id = d.dismissed_by_id
          where d.kind = ${kind}
          order by d.dismissed_at desc, d.id desc limit ${limit}`,
  );
  const [count] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from duplicate_dismissals where kind = ${kind}`,
  );
  return { items, total: count?.n ?? 0 };
}

/** Removes a dismissal (the pair is proposed again); the row removed, or null when there is none. */
export async function deleteDismissal(tx: Executor, id: string) {
  const [row] = await tx.delete(duplicateDismissals).where(eq(duplicateDismissals.id, id)).returning();
  return row ?? null;
}
