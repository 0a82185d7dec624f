import { and, type SQL, sql } from 'drizzle-orm';
import { type Executor, queryRows } from '../../db/client.ts';
import { partners } from '../../db/schema/partners.ts';
import { relationships } from '../../db/schema/relationships.ts';
import { requests } from '../../db/schema/requests.ts';
import { touchpointPartners, touchpoints } from '../../db/schema/touchpoints.ts';
import { units } from '../../db/schema/units.ts';
import { users } from '../../db/schema/users.ts';

const DAY_MS = 86_400_000;
/** Only targets due within this window can be approaching (the longest default target is 6 weeks). */
const LOOKAHEAD_MS = 28 * DAY_MS;
const open = sql`${requests.status} not in ('resolved', 'closed')`;

/** Which requests a senior-view list holds; the scope and the order are the caller's. */
export type SeniorRequests =
  | { escalated: true }
  | { nearTargets: { now: Date } }
  | { disputesOpenSince: Date };

/** Ids of the visible requests of one list of the senior view, at most `limit`. */
export async function seniorRequestIds(
  db: Executor,
  which: SeniorRequests,
  scope: SQL | undefined,
  limit: number,
) {
  let where: SQL;
  let order = sql`${requests.createdAt} asc`;
  if ('escalated' in which) {
    where = sql`${requests.escalationLevel} is not null`;
    order = sql`${requests.updatedAt} desc`;
  } else if ('nearTargets' in which) {
    const horizon = new Date(which.nearTargets.now.getTime() + LOOKAHEAD_MS);
    where = sql`${open} and ((${requests.firstRespondedAt} is null and ${requests.responseDueAt} < ${horizon})
          or (${requests.clockPausedAt} is null and ${requests.resolveDueAt} < ${horizon}))`;
    order = sql`${requests.resolveDueAt} asc`;
  } else {
    where = sql`${open} and ${requests.kind} = 'dispute' and ${requests.createdAt} < ${which.disputesOpenSince}`;
  }
  return db.select({ id: requests.id }).from(requests).where(and(scope, where)).orderBy(order).limit(limit);
}

export type RelationshipRisk = {
  relationshipId: string;
  partnerId: string;
  partnerName: string;
  unitId: string;
  unitName: string;
  managerName: string | null;
  cadenceDays: number | null;
};

/** Relationships with their partner, unit and manager: these ones, or every active one with a cadence. */
export async function relationshipsAtRisk(
  db: Executor,
  which: { ids: string[] } | { activeWithCadence: true },
) {
  const where =
    'ids' in which
      ? sql`r.id in (${sql.join(
          which.ids.map((id) => sql`${id}`),
          sql`, `,
        )})`
      : sql`r.status = 'active' and r.cadence_days is not null`;
  return queryRows<RelationshipRisk>(
    db,
    sql`select r.id as "relationshipId", r.partner_id as "partnerId", p.name as "partnerName", r.unit_id as "unitId",
               u.name as "unitName", m.name as "managerName", r.cadence_days as "cadenceDays"
        from ${relationships} r join ${partners} p on p.id = r.partner_id join ${units} u on u.id = r.unit_id
        left join ${users} m on m.id = r.manager_id
        where ${where}`,
  );
}

/**
 * Partners whose average sentiment over the recent window (visible touch points only, at least
 * `minTouchpoints` of them) is at or below `threshold`, most negative first, with the average of
 * the window before for comparison. A joint touch point counts for each partner it concerns.
 */
export async function partnersBySentiment(
  db: Executor,
  rules: { now: Date; windowDays: number; minTouchpoints: number; threshold: number; limit: number },
  scope: SQL | undefined,
) {
  const window = rules.windowDays * DAY_MS;
  const recentFrom = new Date(rules.now.getTime() - window);
  const previousFrom = new Date(rules.now.getTime() - 2 * window);
  return queryRows<{
    partnerId: string;
    partnerName: string;
    averageSentiment: string;
    touchpoints: number;
    previousAverage: string | null;
  }>(
    db,
    sql`select tp.partner_id as "partnerId", p.name as "partnerName",
               avg(${touchpoints.sentiment}) filter (where ${touchpoints.occurredAt} >= ${recentFrom}) as "averageSentiment",
               (count(*) filter (where ${touchpoints.occurredAt} >= ${recentFrom}))::int as "touchpoints",
               avg(${touchpoints.sentiment}) filter (where ${touchpoints.occurredAt} < ${recentFrom}) as "previousAverage"
        from ${touchpoints}
        join ${touchpointPartners} tp on tp.touchpoint_id = ${touchpoints.id}
        join ${partners} p on p.id = tp.partner_id
        where ${touchpoints.occurredAt} >= ${previousFrom} and ${touchpoints.occurredAt} <= ${rules.now}
          and ${touchpoints.sentiment} is not null and ${scope ?? sql`true`}
        group by tp.partner_id, p.name
        having count(*) filter (where ${touchpoints.occurredAt} >= ${recentFrom}) >= ${rules.minTouchpoints}
           and avg(${touchpoints.sentiment}) filter (where ${touchpoints.occurredAt} >= ${recentFrom}) <= ${rules.threshold}
        order by "averageSentiment" asc
        limit ${rules.limit}`,
  );
}
