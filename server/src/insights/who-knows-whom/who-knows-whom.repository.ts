import { type SQL, sql } from 'drizzle-orm';
import { type Executor, queryRows } from '../../db/client.ts';
import { partners } from '../../db/schema/partners.ts';
import {
  touchpointContacts,
  touchpointPartners,
  touchpointStaff,
  touchpoints,
} from '../../db/schema/touchpoints.ts';
import { units } from '../../db/schema/units.ts';
import { users } from '../../db/schema/users.ts';

/**
 * A touch point went both ways when the partner came to us (an enquiry) or its people took
 * part (a meeting, call, visit or event with a contact recorded): what the touch point records.
 * An e-mail or a note with no reply recorded is one-way.
 */
const isTwoWay = sql`(${touchpointPartners.kind} = 'enquiry' or (${touchpointPartners.kind} in ('meeting', 'call', 'visit', 'event') and exists (select 1 from ${touchpointContacts} where ${touchpointContacts.touchpointId} = ${touchpointPartners.touchpointId})))`;

/**
 * The partner's touch points the viewer may see (`scope`, over touchpoint_partners' copies, so
 * the filter runs in the partner's index walk), each with every member of staff who took part:
 * those recorded as taking part and the author. Deactivated staff are left out.
 */
const visibleParticipation = (partnerId: string, scope: SQL | undefined) => sql`
  select distinct p.user_id, tp.touchpoint_id, tp.occurred_at, tp.kind, tp.two_way
  from (
    select ${touchpointPartners.touchpointId} as touchpoint_id, ${touchpointPartners.occurredAt} as occurred_at,
           ${touchpointPartners.kind} as kind, ${isTwoWay} as two_way
    from ${touchpointPartners}
    where ${touchpointPartners.partnerId} = ${partnerId} ${scope ? sql`and ${scope}` : sql``}
  ) tp
  join lateral (
    select ${touchpointStaff.userId} as user_id from ${touchpointStaff} where ${touchpointStaff.touchpointId} = tp.touchpoint_id
    union
    select ${touchpoints.authorId} from ${touchpoints} where ${touchpoints.id} = tp.touchpoint_id
  ) p on true
  join ${users} u on u.id = p.user_id and u.deactivated_at is null`;

export type LinkRow = {
  userId: string;
  name: string;
  unitName: string | null;
  touchpoints: number;
  twoWay: number;
  lastYear: number;
  events: number;
  firstContact: Date;
  lastContact: Date;
};

/** Per member of staff, what their visible touch points with the partner add up to. */
export async function linkFactsOf(
  db: Executor,
  partnerId: string,
  scope: SQL | undefined,
  now: Date,
): Promise<LinkRow[]> {
  const yearAgo = new Date(now.getTime() - 365 * 86_400_000);
  const rows = await queryRows<{
    user_id: string;
    name: string;
    unit_name: string | null;
    touchpoints: number;
    two_way: number;
    last_year: number;
    events: number;
    first_contact: string | Date;
    last_contact: string | Date;
  }>(
    db,
    sql`with v as (${visibleParticipation(partnerId, scope)})
        select v.user_id, u.name, un.name as unit_name, count(*)::int as touchpoints,
               (count(*) filter (where v.two_way))::int as two_way,
               (count(*) filter (where v.occurred_at > ${yearAgo.toISOString()}::timestamptz and v.occurred_at <= ${now.toISOString()}::timestamptz))::int as last_year,
               (count(*) filter (where v.kind = 'event'))::int as events,
               min(v.occurred_at) as first_contact, max(v.occurred_at) as last_contact
        from v
        join ${users} u on u.id = v.user_id
        left join ${units} un on un.id = u.unit_id
        group by v.user_id, u.name, un.name`,
  );
  return rows.map((r) => ({
    userId: r.user_id,
    name: r.name,
    unitName: r.unit_name,
    touchpoints: r.touchpoints,
    twoWay: r.two_way,
    lastYear: r.last_year,
    events: r.events,
    firstContact: new Date(r.first_contact),
    lastContact: new Date(r.last_contact),
  }));
}

export type EvidenceRow = {
  userId: string;
  id: string;
  subject: string;
  kind: string;
  occurredAt: Date;
  twoWay: boolean;
};

/** The latest three visible touch points of each of these members of staff with the partner. */
export async function recentEvidenceOf(
  db: Executor,
  partnerId: string,
  scope: SQL | undefined,
  userIds: string[],
): Promise<EvidenceRow[]> {
  if (userIds.length === 0) return [];
  const rows = await queryRows<{
    user_id: string;
    touchpoint_id: string;
    subject: string;
    kind: string;
    occurred_at: string | Date;
    two_way: boolean;
  }>(
    db,
    sql`select * from (
          select v.user_id, v.touchpoint_id, t.subject, v.kind, v.occurred_at, v.two_way,
                 row_number() over (partition by v.user_id order by v.occurred_at desc, v.touchpoint_id desc) as n
          from (${visibleParticipation(partnerId, scope)}) v
          join ${touchpoints} t on t.id = v.touchpoint_id
          where v.user_id in (${sql.join(
            userIds.map((id) => sql`${id}`),
            sql`, `,
          )})
        ) ranked where n <= 3 order by user_id, occurred_at desc`,
  );
  return rows.map((r) => ({
    userId: r.user_id,
    id: r.touchpoint_id,
    subject: r.subject,
    kind: r.kind,
    occurredAt: new Date(r.occurred_at),
    twoWay: r.two_way,
  }));
}

/** Whether the partner exists (partners are shared records: everyone signed in reads them). */
export async function partnerExists(db: Executor, partnerId: string): Promise<boolean> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`select ${partners.id} as id from ${partners} where ${partners.id} = ${partnerId}`,
  );
  return rows.length > 0;
}
