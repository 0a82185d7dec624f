import { type SQL, type SQLWrapper, sql } from 'drizzle-orm';
import type { PartnerStatus } from '../../../../common/src/labels/partners.ts';
import { type Executor, queryRows } from '../../db/client.ts';
import { contacts } from '../../db/schema/contacts.ts';
import { partnerTypes } from '../../db/schema/partner-types.ts';
import { partners } from '../../db/schema/partners.ts';
import { requests } from '../../db/schema/requests.ts';
import { touchpoints } from '../../db/schema/touchpoints.ts';
import { units } from '../../db/schema/units.ts';
import { users } from '../../db/schema/users.ts';

/** Words of the query as a prefix tsquery ("north eng" → 'north':* & 'eng':*), safe from operators. */
export function prefixQuery(q: string): string | null {
  const words = q.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  return words.length
    ? words
        .slice(0, 8)
        .map((w) => `${w}:*`)
        .join(' & ')
    : null;
}

type Hit = { id: string; title: string; subtitle: string | null; snippet: string | null; rank: number };

/**
 * A name close to `q` (pg_trgm word similarity ≥ 0.6, as the contacts list matches), so a
 * misspelt name still finds its record. Unlike `name % q` (similarity ≥ 0.3), which on 50,000
 * partners whose names share words hands thousands of candidates to a per-row recheck, this is
 * answered by the trigram index with few candidates. Under three characters there are too few
 * trigrams to be selective, and the prefix full-text match covers short input.
 */
function nameIsClose(name: SQLWrapper, q: string): SQL {
  return q.length >= 3 ? sql`${q} <% ${name}` : sql`false`;
}

/**
 * The prefix query as a typed tsquery parameter, not `to_tsquery('simple', $1)`: a prepared
 * statement's generic plan cannot fold the function call to a constant and evaluates it again for
 * every row it checks (13.7 → 0.8 ms for an exact partner name at the medium scale).
 */
const asTsquery = (tsq: string) => sql`${tsq}::tsquery`;

/**
 * The user's words as an English full-text query, evaluated once per statement (an InitPlan), for
 * the same reason: stemming needs the database, and a generic plan would otherwise run it per row.
 */
const websearchQuery = (q: string) => sql`(select websearch_to_tsquery('english', ${q}))`;

/**
 * How well a name matches what was typed, as a rank: 3 and up the whole name, 2 and up the name
 * starts with it, 1 and up every word starts a word of the name; the fraction is the trigram
 * similarity to what was typed. Near names (trigram only) rank below 1.
 */
function wordRank(name: SQLWrapper, q: string): SQL {
  const typed = q.trim().toLowerCase();
  return sql`(case when lower(${name}) = ${typed} then 3 when starts_with(lower(${name}), ${typed}) then 2 else 1 end
    + similarity(${name}, ${q}))::float8`;
}

/**
 * Ranked by how the name matches (exact, prefix, every word), then by trigram similarity to what
 * was typed: "Pennine Logistics 1221" ranks above "Pennine Logistics 1222" for that query, where
 * ts_rank scored any name sharing two words alike. Near names (a misspelling) are looked up only
 * while the word matches leave room under the limit: the one-time filter skips the trigram scan
 * (and its recheck of every close name) when they would add nothing.
 */
function rankedNames(
  q: string,
  limit: number,
  parts: {
    select: SQL;
    from: SQL;
    name: SQLWrapper;
    words: SQL;
    near: SQL;
  },
): SQL {
  const { select, from, name, words, near } = parts;
  return sql`
    with word_hits as (
      select ${select}, ${wordRank(name, q)} as rank
      from ${from}
      where ${words}
      order by rank desc, ${name}
      limit ${limit}
    ), near_hits as (
      select ${select}, similarity(${name}, ${q})::float8 as rank
      from ${from}
      where (select count(*) from word_hits) < ${limit} and ${near} and not (${words})
      order by rank desc, ${name}
      limit ${limit}
    )
    select * from (select * from word_hits union all select * from near_hits) hits
    order by rank desc, title
    limit ${limit}`;
}

/** Partners by the words of their name (prefix), or a close name for a misspelling. */
export async function searchPartners(db: Executor, q: string, limit: number) {
  const tsq = prefixQuery(q);
  return queryRows<Hit & { status: PartnerStatus }>(
    db,
    rankedNames(q, limit, {
      select: sql`${partners.id} as id, ${partners.name} as title, pt.name as subtitle, ${partners.city} as snippet,
        ${partners.status} as status`,
      from: sql`${partners} join ${partnerTypes} pt on pt.id = ${partners.typeId}`,
      name: partners.name,
      words: tsq ? sql`${partners.search} @@ ${asTsquery(tsq)}` : sql`false`,
      near: nameIsClose(partners.name, q),
    }),
  );
}

/** Contacts by the words of their name, an exact e-mail address, or a close name. */
export async function searchContacts(db: Executor, q: string, limit: number) {
  const tsq = prefixQuery(q);
  const email = sql`${contacts.emails} @> array[lower(${q})]::text[]`;
  return queryRows<Hit>(
    db,
    rankedNames(q, limit, {
      select: sql`${contacts.id} as id, ${contacts.name} as title, ${contacts.jobTitle} as subtitle,
        array_to_string(${contacts.emails}, ', ') as snippet`,
      from: sql`${contacts}`,
      name: contacts.name,
      words: tsq ? sql`(${contacts.search} @@ ${asTsquery(tsq)} or ${email})` : email,
      near: nameIsClose(contacts.name, q),
    }),
  );
}

/**
 * Active users (colleagues) by the words of their name (each contained in it), their e-mail
 * address, or a close name. Contained words, not a per-row tsvector: the trigram index answers
 * `ilike` (a tsvector computed on every row cost 13 ms for 300 users).
 */
export async function searchUsers(db: Executor, q: string, limit: number) {
  const words =
    q
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu)
      ?.slice(0, 8) ?? [];
  const nameWords = words.length
    ? sql.join(
        words.map((w) => sql`${users.name} ilike ${`%${w}%`}`),
        sql` and `,
      )
    : sql`false`;
  const email = sql`lower(${users.email}) = lower(${q})`;
  return queryRows<Hit>(
    db,
    rankedNames(q, limit, {
      select: sql`${users.id} as id, ${users.name} as title, u.name as subtitle, ${users.email} as snippet`,
      from: sql`${users} left join ${units} u on u.id = ${users.unitId}`,
      name: users.name,
      words: sql`${users.deactivatedAt} is null and (${nameWords} or ${email})`,
      near: sql`${users.deactivatedAt} is null and ${nameIsClose(users.name, q)}`,
    }),
  );
}

/**
 * Requests by reference ("#42" or "42") or the words of their title and description, within
 * the visibility scope; a reference first, then the title's rank.
 */
export async function searchRequests(db: Executor, q: string, limit: number, scope: SQL | undefined) {
  const ref = /^#?(\d{1,12})$/.exec(q.trim());
  const byReference = ref ? sql`${requests.reference} = ${Number(ref[1])}::bigint` : sql`false`;
  const query = websearchQuery(q);
  return queryRows<Hit & { reference: number; partnerId: string }>(
    db,
    sql`
    select ${requests.id} as id, ${requests.title} as title, p.name as subtitle, null as snippet,
      ${requests.reference}::int as reference, ${requests.partnerId} as "partnerId",
      (case when ${byReference} then 1 else ts_rank(${requests.search}, ${query}) end)::float8 as rank
    from ${requests}
    join ${partners} p on p.id = ${requests.partnerId}
    where (${byReference} or ${requests.search} @@ ${query}) and ${scope ?? sql`true`}
    order by rank desc, ${requests.createdAt} desc
    limit ${limit}`,
  );
}

/** Touch points by full text on subject and notes, within the visibility scope. */
export async function searchTouchpoints(db: Executor, q: string, limit: number, scope: SQL | undefined) {
  const query = websearchQuery(q);
  return queryRows<Hit & { partnerId: string; occurredAt: Date | string }>(
    db,
    sql`
    select ${touchpoints.id} as id, ${touchpoints.subject} as title, p.name as subtitle,
      ts_headline('english', coalesce(${touchpoints.notes}, ${touchpoints.subject}), ${query},
        'StartSel="", StopSel="", MaxWords=20, MinWords=5') as snippet,
      ts_rank(${touchpoints.search}, ${query})::float8 as rank,
      ${touchpoints.partnerId} as "partnerId", ${touchpoints.occurredAt} as "occurredAt"
    from ${touchpoints}
    join ${partners} p on p.id = ${touchpoints.partnerId}
    where ${touchpoints.search} @@ ${query} and ${scope ?? sql`true`}
    order by rank desc, ${touchpoints.occurredAt} desc
    limit ${limit}`,
  );
}
