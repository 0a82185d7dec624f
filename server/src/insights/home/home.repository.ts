import { type SQL, sql } from 'drizzle-orm';
import { type Executor, queryRows } from '../../db/client.ts';
import { relationshipDeputies, relationships } from '../../db/schema/relationships.ts';
import { touchpointPartners as tp } from '../../db/schema/touchpoints.ts';

/**
 * Visible touch points of the relationships a person manages or deputises on, counted by month
 * in the university's time zone ('2026-03'), from `since` to now (a planned meeting is not yet a
 * touch point). One probe per relationship on touchpoint_partners' (partner_id, unit_id,
 * occurred_at desc) index: a relationship's touch points are its unit's with its partner, so a
 * large partner's other units are never read. `scope` is touchpointPartnerScope.
 */
export async function touchpointsByMonth(
  db: Executor,
  userId: string,
  options: { since: Date; timeZone: string; scope: SQL | undefined },
) {
  return queryRows<{ month: string; count: number }>(
    db,
    sql`
    select to_char(${tp.occurredAt} at time zone ${options.timeZone}, 'YYYY-MM') as month, count(*)::int as count
    from ${relationships} r
    join ${tp} on ${tp.partnerId} = r.partner_id and ${tp.unitId} = r.unit_id
    where (r.manager_id = ${userId}
        or exists (select 1 from ${relationshipDeputies} d where d.relationship_id = r.id and d.user_id = ${userId}))
      and ${tp.occurredAt} >= ${options.since.toISOString()}::timestamptz
      and ${tp.occurredAt} <= now()
      and ${options.scope ?? sql`true`}
    group by 1`,
  );
}
