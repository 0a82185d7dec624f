import { and, asc, desc, eq, gte, isNull, or, type SQL, sql } from 'drizzle-orm';
import { OVERVIEW_CONTACTS } from '../../../../common/src/contracts/partner-view.ts';
import { type Executor, queryRows } from '../../db/client.ts';
import { affiliations } from '../../db/schema/affiliations.ts';
import { contacts } from '../../db/schema/contacts.ts';
import { readVersions } from '../../db/schema/read-versions.ts';
import { relationshipDeputies, relationships } from '../../db/schema/relationships.ts';
import { touchpointPartners as tp } from '../../db/schema/touchpoints.ts';
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
 * are joined to the couple of hundred counts.
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
