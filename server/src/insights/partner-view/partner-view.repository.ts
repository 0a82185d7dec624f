import { and, asc, desc, eq, gte, isNull, or, type SQL, sql } from 'drizzle-orm';
import { OVERVIEW_CONTACTS } from '../../../../common/src/contracts/partner-view.ts';
import { type Executor, queryRows } from '../../db/client.ts';
import { affiliations } from '../../db/schema/affiliations.ts';
import { contacts } from '../../db/schema/contacts.ts';
import { partnerTypes } from '../../db/schema/partner-types.ts';
import { partners } from '../../db/schema/partners.ts';
import { readVersions } from '../../db/schema/read-versions.ts';
import { relationshipDeputies, relationships } from '../../db/schema/relationships.ts';
import { tasks } from '../../db/schema/tasks.ts';
import { touchpointCounts, touchpoints, touchpointPartners as tp } from '../../db/schema/touchpoints.ts';
import { units } from '../../db/schema/units.ts';
import { users } from '../../db/schema/users.ts';
import type { FoundPartner as PartnerRow } from '../../modules/partners/partners.service.ts';
import type { RelationshipRow } from '../../modules/relationships/relationships.service.ts';
import type { TaskRow } from '../../modules/tasks/tasks.service.ts';
import {
  participantsSql,
  type peopleByList,
  type TouchpointRow,
} from '../../modules/touchpoints/touchpoints.service.ts';

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
  return queryRows<CountRow>(db, countsOfLastYearSql(partnerId, scope));
}

type CountRow = { unitId: string | null; unitName: string | null; kind: string | null; count: number };

/** countsOfLastYear's statement, on its own or inside the overview's. */
function countsOfLastYearSql(partnerId: string, scope: SQL | undefined) {
  return sql`
    select c.unit_id as "unitId", u.name as "unitName", c.kind as kind, c.n::int as count
    from (
      select ${tp.unitId} as unit_id, ${tp.kind} as kind, count(*) as n
      from ${tp}
      where ${tp.partnerId} = ${partnerId}
        and ${tp.occurredAt} >= now() - interval '12 months'
        and ${scope ?? sql`true`}
      group by grouping sets ((${tp.unitId}), (${tp.kind}))
    ) c
    left join ${units} u on u.id = c.unit_id`;
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
    readVersionsSql(partnerId),
  );
  return [Number(row?.own ?? 0), Number(row?.every ?? 0)];
}

/** readVersionsOf's statement, on its own or inside the overview's. */
function readVersionsSql(partnerId: string) {
  return sql`
    select coalesce(max(${readVersions.version}) filter (where ${readVersions.key} = ${partnerId}), 0) as own,
           coalesce(max(${readVersions.version}) filter (where ${readVersions.key} = ${EVERY_PARTNER}::uuid), 0) as every
    from ${readVersions}
    where ${readVersions.key} in (${partnerId}::uuid, ${EVERY_PARTNER}::uuid)`;
}

/** JSON of a timestamp column: text that `new Date` reads back to the same instant. */
type Stamp = string;

export type OverviewRows = {
  /** readVersionsOf's answer, read in the same statement, so it is the version of this very answer. */
  versions: [number, number];
  partner: (Omit<PartnerRow, 'createdAt' | 'updatedAt'> & { createdAt: Stamp; updatedAt: Stamp }) | null;
  relationships: (Omit<RelationshipRow, 'createdAt' | 'updatedAt'> & {
    createdAt: Stamp;
    updatedAt: Stamp;
    lastContactAt: Stamp | null;
  })[];
  deputies: { relationshipId: string; id: string; name: string }[];
  keyContacts: Awaited<ReturnType<typeof keyContactsOf>>;
  timeline: (Omit<TouchpointRow, 'occurredAt' | 'createdAt' | 'updatedAt'> & {
    occurredAt: Stamp;
    createdAt: Stamp;
    updatedAt: Stamp;
  })[];
  people: Parameters<typeof peopleByList>[0];
  counts: CountRow[];
  tasks: (Omit<TaskRow, 'doneAt' | 'createdAt' | 'updatedAt'> & {
    doneAt: Stamp | null;
    createdAt: Stamp;
    updatedAt: Stamp;
  })[];
};

/**
 * Everything the partner overview shows, in one statement (prepared on PostgreSQL like every
 * other, see db/prepared.ts): ten statements in three dependent waves spent most of their
 * database time parsing and planning. Each part is the query it replaces, as a sub-select with
 * the same filters, order and limit, and the same visibility rule (`scopes`: touchpointScopes,
 * over touchpoint_partners for the timeline, counts and last contact, over touch points for
 * tasks linked to one), so the answer is the composition's; rows come back as JSON, people and
 * deputies by the page's ids, and the service presents them as the parts' services do. The
 * timeline reads `limit + 1` rows, as a page does, to know whether there is a next one. The
 * page's read versions come in the same statement, so its ETag is that of this very answer (one
 * statement sees one snapshot) and a first read costs one round trip, not two.
 */
export async function overviewRows(
  db: Executor,
  partnerId: string,
  scopes: { touchpoints: SQL | undefined; partnerRows: SQL | undefined },
  limits: { relationships: number; timeline: number; tasks: number },
): Promise<OverviewRows> {
  const id = sql`${partnerId}::uuid`;
  const partnerRows = scopes.partnerRows ?? sql`true`;
  const [row] = await queryRows<OverviewRows>(
    db,
    sql`
    with rels as (
      select r.id, r.unit_id as "unitId", r.partner_id as "partnerId", r.manager_id as "managerId",
        r.stage, r.status, r.objectives, r.cadence_days as "cadenceDays", r.start_date as "startDate",
        r.review_date as "reviewDate", r.version, r.created_at as "createdAt", r.updated_at as "updatedAt",
        coalesce(r.review_date, '9999-12-31'::date)::text as "reviewDateKey",
        u.name as "unitName", p.name as "partnerName", m.name as "managerName",
        (select ${tp.occurredAt} from ${tp}
          where ${tp.partnerId} = r.partner_id and ${tp.unitId} = r.unit_id and ${partnerRows}
          order by ${tp.occurredAt} desc nulls last
          limit 1) as "lastContactAt"
      from ${relationships} r
      join ${units} u on u.id = r.unit_id
      join ${partners} p on p.id = r.partner_id
      left join ${users} m on m.id = r.manager_id
      where r.partner_id = ${id}
      order by r.created_at asc, r.id asc
      limit ${sql.raw(String(limits.relationships))}
    ),
    page as (
      select t.id, t.partner_id as "partnerId", t.relationship_id as "relationshipId", t.unit_id as "unitId",
        t.author_id as "authorId", t.kind, t.is_formal as "isFormal", t.occurred_at as "occurredAt",
        t.subject, t.notes, t.sentiment, t.visibility, t.version, t.created_at as "createdAt",
        t.updated_at as "updatedAt", p.name as "partnerName", u.name as "unitName", a.name as "authorName"
      from ${tp}
      join ${touchpoints} t on t.id = ${tp.touchpointId}
      join ${partners} p on p.id = t.partner_id
      join ${units} u on u.id = t.unit_id
      join ${users} a on a.id = t.author_id
      where ${tp.partnerId} = ${id} and ${partnerRows}
      order by ${tp.occurredAt} desc nulls last, ${tp.touchpointId} desc nulls last
      limit ${sql.raw(String(limits.timeline + 1))}
    ),
    open_tasks as (
      select ${tasks.id} as id, ${tasks.title} as title, ${tasks.assigneeId} as "assigneeId",
        ${users.name} as "assigneeName", ${tasks.createdById} as "createdById", ${tasks.dueOn} as "dueOn",
        ${tasks.doneAt} as "doneAt", ${tasks.touchpointId} as "touchpointId", ${tasks.partnerId} as "partnerId",
        p.name as "partnerName", ${tasks.relationshipId} as "relationshipId", ${tasks.version} as version,
        ${tasks.createdAt} as "createdAt", ${tasks.updatedAt} as "updatedAt"
      from ${tasks}
      join ${users} on ${users.id} = ${tasks.assigneeId}
      left join ${partners} p on p.id = ${tasks.partnerId}
      left join ${touchpoints} on ${touchpoints.id} = ${tasks.touchpointId}
      where ${tasks.partnerId} = ${id} and ${tasks.doneAt} is null
        and ${scopes.touchpoints ? sql`(${tasks.touchpointId} is null or ${scopes.touchpoints})` : sql`true`}
      order by coalesce(${tasks.dueOn}, '9999-12-31'::date), ${tasks.id}
      limit ${sql.raw(String(limits.tasks))}
    )
    select
      (select row_to_json(x) from (
        select p.id, p.name, p.type_id as "typeId", p.parent_id as "parentId", p.is_internal as "isInternal",
          p.unit_id as "unitId", p.status, p.website, p.sector, p.address_line as "addressLine", p.city,
          p.postcode, p.country, p.tags, p.version, p.created_at as "createdAt", p.updated_at as "updatedAt",
          ty.name as "typeName", parent.name as "parentName"
        from ${partners} p
        join ${partnerTypes} ty on ty.id = p.type_id
        left join ${partners} parent on parent.id = p.parent_id
        where p.id = ${id}) x) as partner,
      (select coalesce(json_agg(r order by r."createdAt", r.id), '[]') from rels r) as relationships,
      (select coalesce(json_agg(d order by d.name), '[]') from (
        select dep.relationship_id as "relationshipId", u.id, u.name
        from ${relationshipDeputies} dep join ${users} u on u.id = dep.user_id
        where dep.relationship_id in (select id from rels)) d) as deputies,
      (select coalesce(json_agg(k order by k."isKeyContact" desc, k.name), '[]') from (
        select c.id as "contactId", c.name, c.job_title as "jobTitle", c.emails, c.phones, a.role,
          a.is_key_contact as "isKeyContact"
        from ${affiliations} a join ${contacts} c on c.id = a.contact_id
        where a.partner_id = ${id} and (a.end_date is null or a.end_date >= current_date)
        order by a.is_key_contact desc, c.name asc
        limit ${sql.raw(String(OVERVIEW_CONTACTS))}) k) as "keyContacts",
      (select coalesce(json_agg(t order by t."occurredAt" desc, t.id desc), '[]') from page t) as timeline,
      (select coalesce(json_agg(x order by x.name), '[]') from (
        ${participantsSql(sql`array(select id from page)`)}) x) as people,
      (select coalesce(json_agg(c), '[]') from (${countsOfLastYearSql(partnerId, scopes.partnerRows)}) c) as counts,
      (select coalesce(json_agg(o order by coalesce(o."dueOn", '9999-12-31'::date), o.id), '[]') from open_tasks o) as tasks,
      (select json_build_array(v.own, v.every) from (${readVersionsSql(partnerId)}) v) as versions`,
  );
  return row!;
}
