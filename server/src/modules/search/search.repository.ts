import { type SQL, type SQLWrapper, sql } from 'drizzle-orm';
import type { PartnerStatus } from '../../../../common/src/contracts/partners.ts';
import { type Executor, queryRows } from '../../db/client.ts';
import { contacts } from '../../db/schema/contacts.ts';
import { partnerTypes } from '../../db/schema/partner-types.ts';
import { partners } from '../../db/schema/partners.ts';
import { touchpoints } from '../../db/schema/touchpoints.ts';

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
 * Partners by full text (prefix words) or a close name; a name that starts with what was typed
 * comes first ("Ashdown Bu": Ashdown Building Society before Ashdown Biotech, which is only
 * close), then the better rank of the two matches.
 */
export async function searchPartners(db: Executor, q: string, limit: number) {
  const tsq = prefixQuery(q);
  const fullText = tsq ? sql`${partners.search} @@ ${asTsquery(tsq)}` : sql`false`;
  return queryRows<Hit & { status: PartnerStatus }>(
    db,
    sql`
    select ${partners.id} as id, ${partners.name} as title, pt.name as subtitle, ${partners.city} as snippet,
      ${partners.status} as status,
      greatest(${tsq ? sql`ts_rank(${partners.search}, ${asTsquery(tsq)})` : sql`0`}, similarity(${partners.name}, ${q}))::float8 as rank
    from ${partners}
    join ${partnerTypes} pt on pt.id = ${partners.typeId}
    where ${fullText} or ${nameIsClose(partners.name, q)}
    order by starts_with(lower(${partners.name}), ${q.trim().toLowerCase()}) desc, rank desc, ${partners.name}
    limit ${limit}`,
  );
}

export async function searchContacts(db: Executor, q: string, limit: number) {
  const tsq = prefixQuery(q);
  const fullText = tsq ? sql`${contacts.search} @@ ${asTsquery(tsq)}` : sql`false`;
  return queryRows<Hit>(
    db,
    sql`
    select ${contacts.id} as id, ${contacts.name} as title, ${contacts.jobTitle} as subtitle,
      array_to_string(${contacts.emails}, ', ') as snippet,
      greatest(${tsq ? sql`ts_rank(${contacts.search}, ${asTsquery(tsq)})` : sql`0`}, similarity(${contacts.name}, ${q}))::float8 as rank
    from ${contacts}
    where ${fullText} or ${nameIsClose(contacts.name, q)} or ${contacts.emails} @> array[lower(${q})]::text[]
    order by rank desc, ${contacts.name}
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
