import {
  type InstitutionStage,
  type InstitutionStageQuery,
  MAX_STAGE_MONTHS,
} from '../../../../common/src/contracts/institution-stage.ts';
import { forbidden, invalid } from '../../errors.ts';
import type { Ctx } from '../../lib/context.ts';
import { hasRole } from '../../modules/access/actor.ts';
import { touchpointAudience, touchpointPartnerScope } from '../../modules/access/audience.repository.ts';
import { flushReads } from '../../modules/audit/read-counts.ts';
import { type MonthRange, unitCountsOf } from './institution-stage.repository.ts';
import { institutionStage, judgeUnit, type UnitFigures } from './stage.ts';

const monthText = (d: Date) => d.toISOString().slice(0, 7);
const monthStart = (text: string) => new Date(`${text}-01T00:00:00.000Z`);
const addMonths = (d: Date, n: number) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + n, 1));

/** The months asked for: `to` defaults to this month, `from` to five months before it; at most 24, in order. */
export function monthRangeOf(query: InstitutionStageQuery, now: Date): MonthRange & { months: string[] } {
  const last = query.to ?? monthText(now);
  const first = query.from ?? monthText(addMonths(monthStart(last), -5));
  if (first > last) throw invalid('from', 'is after `to`: give the first month first');
  const start = monthStart(first);
  const end = addMonths(monthStart(last), 1);
  const months: string[] = [];
  for (let m = start; m < end; m = addMonths(m, 1)) months.push(monthText(m));
  if (months.length > MAX_STAGE_MONTHS) throw invalid('from', `covers more than ${MAX_STAGE_MONTHS} months`);
  return { first, last, start, end, months };
}

/**
 * The institution's stage, and who shares: per unit and month the share of its active
 * relationships touched, the share of what it recorded visible to the institution, its reads of
 * other units' records against what it shares; and the institution's adoption stage by month
 * (stage.ts). For senior managers and administrators, counting only the touch points they may see.
 */
export async function institutionStageOf(
  ctx: Ctx,
  query: InstitutionStageQuery,
  now = new Date(),
): Promise<InstitutionStage> {
  if (!hasRole(ctx.actor, 'senior_manager'))
    throw forbidden("Only senior managers and administrators see the institution's stage");
  const range = monthRangeOf(query, now);
  // This instance's reads tallied in memory first (other instances' are at most seconds behind).
  await flushReads(ctx.db);
  const counts = await unitCountsOf(ctx.db, range, {
    touchpoints: touchpointAudience.scope(ctx.actor),
    touchpointPartners: touchpointPartnerScope(ctx.actor),
  });
  const figures = (unitId: string, month: string): UnitFigures => {
    const key = `${unitId}:${month}`;
    return {
      activeRelationships: counts.active.get(key) ?? 0,
      touchedRelationships: counts.touched.get(key) ?? 0,
      recorded: counts.recorded.get(key) ?? 0,
      sharedWithInstitution: counts.shared.get(key) ?? 0,
      readsOfOthers: counts.reads.get(key) ?? 0,
    };
  };
  const months = range.months.map((month) => ({
    month,
    ...institutionStage(counts.units.map((u) => figures(u.id, month))),
  }));
  return {
    from: range.first,
    to: range.last,
    stage: months.at(-1)!.stage,
    months,
    units: counts.units.map((u) => ({
      unitId: u.id,
      unitName: u.name,
      months: range.months.map((month) => ({ month, ...judgeUnit(figures(u.id, month)) })),
    })),
  };
}
