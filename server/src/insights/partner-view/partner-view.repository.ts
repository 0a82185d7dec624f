import { and, asc, desc, eq, gte, isNull, or, type SQL, sql } from 'drizzle-orm';
import { OVERVIEW_CONTACTS } from '../../../../common/src/contracts/partner-view.ts';
import { type Executor, queryRows } from '../../db/client.ts';
import { affiliations } from '../../db/schema/affiliations.ts';
import { contacts } from '../../db/schema/contacts.ts';
import { readVersions } from '../../db/schema/read-versions.ts';
import { relationshipDeputies, relationships } from '../../db/schema/relationships.ts';
import { touchpointCounts, touchpointPartners as tp } from '../../db/schema/touchpoints.ts';
import { units } from '../../db/schema/units.ts';

/** Current key contacts of a partner, key contacts first. */
export async function keyContactsOf(db: Executor, partnerId: string) {
  return db
    .select({
      contactId: contacts.id,
      name: contacts.name,
      jobTitle: contacts.jobTitle,
      emails: contacts.emails,
      phones: contacts.phones,
      role: affiliations.role,
      isKeyContact: affiliations.isKeyContact,
    })
    .from(affiliations)
    .innerJoin(contacts, eq(contacts.id, affiliations.contactId))
    .where(
      and(
        eq(affiliations.partnerId, partnerId),
        or(isNull(affiliations.endDate), gte(affiliations.endDate, sql`current_date`)),
      ),
    )
    .orderBy(desc(affiliations.isKeyContact), asc(contacts.name))
    .limit(OVERVIEW_CONTACTS);
}

/**
 * Visible touch points of the last twelve months counted by unit and by kind, in one pass over
 * touchpoint_partners' (partner_id, occurred_at, touchpoint_id, unit_id, kind, visibility) index
 * that never reads a table (a partner with 24,000 a year: 11 ms). A joint touch point has one
 * row per partner, so it counts once for each. `scope` is touchpointPartnerScope. Unit names
 * are joined to the couple of hundred counts. The overview's count: at the benchmark's density
 * it beats keptCountsOfLastYear (medium, the busiest partner: 1.2 against 2.1 ms).
 */
export async function countsOfLastYear(db: Executor, partnerId: string, scope: SQL | undefined) {
  return queryRows<{ unitId: string | null; unitName: string | null; kind: string | null; count: number }>(
    db,
    sql`
    select c.unit_id as "unitId", u.name as "unitName", c.kind as kind, c.n::int as count
    from (
      select ${tp.unitId} as unit_id, ${tp.kind} as kind, count(*) as n
      from ${tp}
      where ${tp.partnerId} = ${partnerId}
        and ${tp.occurredAt} >= now() - interval '12 months'
        and ${scope ?? sql`true`}
      group by grouping sets ((${tp.unitId}), (${tp.kind}))
    ) c
    left join ${units} u on u.id = c.unit_id`,
  );
}

// The last twelve months, cut where the kept counts take over: they hold whole UTC months, from the
// first month that starts inside the window to the one before the current one.
const since = sql`now() - interval '12 months'`;
const keptFromMonth = sql`(date_trunc('month', (now() - interval '12 months') at time zone 'UTC') + interval '1 month')`;
const keptToMonth = sql`date_trunc('month', now() at time zone 'UTC')`;
const keptFrom = sql`(${keptFromMonth} at time zone 'UTC')`;
const keptTo = sql`(${keptToMonth} at time zone 'UTC')`;

/**
 * Visible touch points of the last twelve months counted by unit and by kind. The whole months
 * in between come from the kept counts (touchpoint_counts, a few hundred rows however busy the
 * partner: 24,000 index rows a year took 8 ms to count); the partial month at each end and the
 * confidential rows (each with its named-reader check, through their own partial index) are
 * counted live from touchpoint_partners' index, so the answer is the live count's for every
 * viewer. A joint touch point has one row per partner, so it counts once for each. `scope` is
 * touchpointPartnerScope, `keptScope` touchpointCountScope: the same rule. Unit names are
 * joined to the counts. It gives countsOfLastYear's answer; it wins only where a partner's
 * touch points are dense in (unit, kind, month) cells, which the benchmark's are not (its
 * busiest partner at medium has 2,100 kept cells for 3,300 touch points a year), so the
 * overview does not call it yet.
 */
export async function keptCountsOfLastYear(
  db: Executor,
  partnerId: string,
  scope: SQL | undefined,
  keptScope: SQL | undefined,
) {
  const visible = scope ?? sql`true`;
  return queryRows<{ unitId: string | null; unitName: string | null; kind: string | null; count: number }>(
    db,
    sql`
    select c.unit_id as "unitId", u.name as "unitName", c.kind as kind, c.n::int as count
    from (
      select p.unit_id, p.kind, sum(p.n) as n
      from (
        select ${touchpointCounts.unitId} as unit_id, ${touchpointCounts.kind} as kind, ${touchpointCounts.count} as n
        from ${touchpointCounts}
        where ${touchpointCounts.partnerId} = ${partnerId}::uuid
          and ${touchpointCounts.month} >= ${keptFromMonth}::date and ${touchpointCounts.month} < ${keptToMonth}::date
          and ${keptScope ?? sql`true`}
        union all
        select ${tp.unitId}, ${tp.kind}, 1 from ${tp}
        where ${tp.partnerId} = ${partnerId}::uuid and ${tp.occurredAt} >= ${since} and ${tp.occurredAt} < ${keptFrom}
          and ${visible}
        union all
        select ${tp.unitId}, ${tp.kind}, 1 from ${tp}
        where ${tp.partnerId} = ${partnerId}::uuid and ${tp.occurredAt} >= ${keptTo} and ${visible}
        union all
        select ${tp.unitId}, ${tp.kind}, 1 from ${tp}
        where ${tp.partnerId} = ${partnerId}::uuid and ${tp.visibility} = 'confidential'
          and ${tp.occurredAt} >= ${keptFrom} and ${tp.occurredAt} < ${keptTo} and ${visible}
      ) p
      group by grouping sets ((p.unit_id), (p.kind))
      having sum(p.n) > 0
    ) c
    left join ${units} u on u.id = c.unit_id`,
  );
}

/**
 * Which relationships a last-contact look-up is for: a partner's (the overview), those a person
 * manages or deputises on (home), or every active one with a cadence (the senior view).
 */
export type RelationshipSelection =
  | { partnerId: string }
  | { managedBy: string }
  | { activeWithCadence: true };

/** The selection as a condition on relationships, written over alias r. */
function selected(which: RelationshipSelection): SQL {
  if ('partnerId' in which) return sql`r.partner_id = ${which.partnerId}`;
  if ('managedBy' in which)
    return sql`(r.manager_id = ${which.managedBy} or exists (select 1 from ${relationshipDeputies} d where d.relationship_id = r.id and d.user_id = ${which.managedBy}))`;
  return sql`r.status = 'active' and r.cadence_days is not null`;
}

/**
 * The latest visible touch point of each selected relationship's unit with its partner (joint
 * ones included): one probe per relationship on touchpoint_partners' (partner_id, unit_id,
 * occurred_at desc) index, not a scan of the whole history. `scope` is touchpointPartnerScope.
 */
export async function lastContactByRelationship(
  db: Executor,
  which: RelationshipSelection,
  scope: SQL | undefined,
) {
  return queryRows<{ relationshipId: string; lastContactAt: Date | string | null }>(
    db,
    sql`
    select r.id as "relationshipId", last.occurred_at as "lastContactAt"
    from ${relationships} r
    left join lateral (
      select ${tp.occurredAt} as occurred_at from ${tp}
      where ${tp.partnerId} = r.partner_id and ${tp.unitId} = r.unit_id and ${scope ?? sql`true`}
      order by ${tp.occurredAt} desc nulls last
      limit 1
    ) last on true
    where ${selected(which)}`,
  );
}

/** The key under which changes that can show on every partner's page are counted. */
const EVERY_PARTNER = '00000000-0000-0000-0000-000000000000';

/**
 * How often what this partner's page shows has changed, and what every page shows (names, the
 * unit tree): read_versions, bumped by triggers in each writing transaction. Read before the
 * data, so a write landing between the two can only make the tag older than the answer, never
 * newer (the next read then answers 200, never a stale 304).
 */
export async function readVersionsOf(db: Executor, partnerId: string): Promise<[number, number]> {
  const [row] = await queryRows<{ own: string | number; every: string | number }>(
    db,
    sql`
    select coalesce(max(${readVersions.version}) filter (where ${readVersions.key} = ${partnerId}), 0) as own,
           coalesce(max(${readVersions.version}) filter (where ${readVersions.key} = ${EVERY_PARTNER}::uuid), 0) as every
    from ${readVersions}
    where ${readVersions.key} in (${partnerId}::uuid, ${EVERY_PARTNER}::uuid)`,
  );
  return [Number(row?.own ?? 0), Number(row?.every ?? 0)];
}
