import { type SQL, sql } from 'drizzle-orm';
import { type Executor, queryRows } from '../../db/client.ts';
import { unitReads } from '../../db/schema/audit.ts';
import { relationships } from '../../db/schema/relationships.ts';
import { touchpointPartners, touchpoints } from '../../db/schema/touchpoints.ts';
import { units } from '../../db/schema/units.ts';

/** Months as YYYY-MM, and the instants (UTC) that bound them: [start, end). */
export type MonthRange = { first: string; last: string; start: Date; end: Date };

type Count = { unit_id: string; month: string; n: number };
type Counted = Map<string, number>;
const keyed = (rows: Count[]): Counted => new Map(rows.map((r) => [`${r.unit_id}:${r.month}`, r.n]));
const monthOf = (column: unknown) => sql`to_char(${column} at time zone 'UTC', 'YYYY-MM')`;

/**
 * The counts behind the institution's stage, per unit and month: its active relationships (active
 * now and recorded by the month's end), those with a touch point of the unit in the month, the
 * touch points it recorded and those visible to the institution, and its reads of other units'
 * touch points. Only touch points the reader may see count (the audience rule every read takes:
 * `touchpoints` takes `scope`, `touchpoint_partners` the same rule over its copies), so a
 * confidential touch point never moves a figure for someone who cannot read it.
 */
export async function unitCountsOf(
  db: Executor,
  range: MonthRange,
  scope: { touchpoints: SQL | undefined; touchpointPartners: SQL | undefined },
) {
  const start = range.start.toISOString();
  const end = range.end.toISOString();
  const [unitRows, active, touched, recorded, reads] = await Promise.all([
    queryRows<{ id: string; name: string }>(
      db,
      sql`select ${units.id} as id, ${units.name} as name from ${units} order by ${units.name}, ${units.id}`,
    ),
    queryRows<Count>(
      db,
      sql`select r.unit_id, to_char(m, 'YYYY-MM') as month, count(*)::int as n
          from ${relationships} r
          cross join generate_series(${start}::timestamptz at time zone 'UTC', (${end}::timestamptz at time zone 'UTC') - interval '1 month', interval '1 month') m
          where r.status = 'active' and r.created_at < (m + interval '1 month') at time zone 'UTC'
          group by 1, 2`,
    ),
    queryRows<Count>(
      db,
      sql`select r.unit_id, ${monthOf(touchpointPartners.occurredAt)} as month, count(distinct r.id)::int as n
          from ${relationships} r
          join ${touchpointPartners} on ${touchpointPartners.partnerId} = r.partner_id and ${touchpointPartners.unitId} = r.unit_id
          where r.status = 'active' and ${touchpointPartners.occurredAt} >= ${start}::timestamptz and ${touchpointPartners.occurredAt} < ${end}::timestamptz
            and ${scope.touchpointPartners ?? sql`true`}
            and r.created_at < (date_trunc('month', ${touchpointPartners.occurredAt} at time zone 'UTC') + interval '1 month') at time zone 'UTC'
          group by 1, 2`,
    ),
    queryRows<Count & { shared: number }>(
      db,
      sql`select ${touchpoints.unitId} as unit_id, ${monthOf(touchpoints.occurredAt)} as month, count(*)::int as n,
                 (count(*) filter (where ${touchpoints.visibility} = 'institution'))::int as shared
          from ${touchpoints}
          where ${touchpoints.occurredAt} >= ${start}::timestamptz and ${touchpoints.occurredAt} < ${end}::timestamptz
            and ${scope.touchpoints ?? sql`true`}
          group by 1, 2`,
    ),
    queryRows<Count>(
      db,
      sql`select ${unitReads.readerUnitId} as unit_id, to_char(${unitReads.month}, 'YYYY-MM') as month, sum(${unitReads.reads})::int as n
          from ${unitReads}
          where ${unitReads.month} >= ${`${range.first}-01`}::date and ${unitReads.month} <= ${`${range.last}-01`}::date
          group by 1, 2`,
    ),
  ]);
  return {
    units: unitRows,
    active: keyed(active),
    touched: keyed(touched),
    recorded: keyed(recorded),
    shared: new Map(recorded.map((r) => [`${r.unit_id}:${r.month}`, r.shared])),
    reads: keyed(reads),
  };
}
