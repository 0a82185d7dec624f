import { DateTime } from 'luxon';
import {
  defaultHealthWeights,
  type HealthRule,
  type HealthScore,
  type HealthWeights,
  healthWeightsSchema,
  type PartnerHealth,
  type RelationshipHealth,
} from '../../../../common/src/contracts/relationship-health.ts';
import type { Db, Executor } from '../../db/client.ts';
import { recordChange } from '../../db/records.ts';
import { notFound } from '../../errors.ts';
import { JOB } from '../../jobs/names.ts';
import type { Ctx } from '../../lib/context.ts';
import { type Actor, isAdministrator } from '../../modules/access/actor.ts';
import {
  activityAudience,
  requestAudience,
  touchpointPartnerScope,
} from '../../modules/access/audience.repository.ts';
import {
  addRuleVersion,
  audienceScope,
  factsOf,
  type HealthAudience,
  type HealthScope,
  healthAudiences,
  type KeptHealth,
  keepHealth,
  keptHealthOf,
  latestRule,
  namedReaderIn,
  partnerExists,
  type RelationshipHead,
  relationshipHeads,
  relationshipIdsAfter,
  ruleVersions,
  snapshotHealth,
  surveyViewerScope,
  trendsOf,
} from './relationship-health.repository.ts';
import { combineHealth, scoreHealth } from './score.ts';

/** The health rule's fixed id in the audit log and the event stream (settings are keyed by a fixed id each). */
export const HEALTH_RULE_ID = '00000000-0000-4000-8000-000000000018';

/** The rule in force: the newest version, or version 1 (the defaults) until an administrator changes it. */
export async function currentRule(db: Executor): Promise<{ version: number; weights: HealthWeights }> {
  return (await latestRule(db)) ?? { version: 1, weights: defaultHealthWeights };
}

/**
 * Recomputes and keeps the scores of these relationships for every kept audience, under the
 * rule in force. Whether confidential records exist comes from the widest audience and is kept
 * on every row: their named readers get a score computed for them (see scoresForViewer).
 */
export async function refreshHealth(db: Executor, ids: readonly string[], now = new Date()) {
  if (ids.length === 0) return;
  const rule = await currentRule(db);
  const byAudience = new Map<HealthAudience, Awaited<ReturnType<typeof factsOf>>>();
  for (const audience of healthAudiences)
    byAudience.set(audience, await factsOf(db, ids, audienceScope(audience), now));
  const rows: KeptHealth[] = [];
  for (const audience of healthAudiences) {
    for (const [relationshipId, facts] of byAudience.get(audience)!) {
      const { score, parts } = scoreHealth(facts, rule.weights, now);
      const hasConfidential = byAudience.get('all')!.get(relationshipId)?.hasConfidential ?? false;
      rows.push({ relationshipId, audience, score, parts, ruleVersion: rule.version, hasConfidential });
    }
  }
  await keepHealth(db, rows);
}

/**
 * The kept score a viewer is shown for a relationship of this unit: administrators every
 * record's; those who read the unit's own records that one; everyone else what the whole
 * institution may read.
 */
export function audienceFor(actor: Actor, unitId: string): HealthAudience {
  if (isAdministrator(actor)) return 'all';
  return actor.unitScope.includes(unitId) ? 'unit' : 'institution';
}

const viewerScope = (actor: Actor): HealthScope => ({
  touchpoints: touchpointPartnerScope(actor),
  requests: requestAudience.scope(actor),
  activities: activityAudience.scope(actor),
  surveys: surveyViewerScope(actor),
});

const present = (
  h: { score: number | null; parts: HealthScore['parts']; ruleVersion: number; computedAt: Date | string },
  basis: HealthScore['basis'],
): HealthScore => ({
  score: h.score,
  parts: h.parts,
  ruleVersion: h.ruleVersion,
  basis,
  computedAt: new Date(h.computedAt).toISOString(),
});

/**
 * The scores these relationships show this viewer, from the kept scores: one query, and one
 * more over the viewer's own reader rows when confidential records fed some of them. Only where
 * the viewer is named on such a record (and is not an administrator) is the score recomputed
 * from exactly what they may read: a confidential record never moves the score of someone who
 * cannot read it, and does move its readers'.
 */
async function scoresForViewer(ctx: Ctx, heads: RelationshipHead[], now: Date) {
  const wanted = heads.map((h) => ({
    relationshipId: h.relationshipId,
    audience: audienceFor(ctx.actor, h.unitId),
  }));
  const kept = new Map((await keptHealthOf(ctx.db, wanted)).map((k) => [k.relationshipId, k]));
  const result = new Map<string, HealthScore>();
  // Confidential records fed these scores; only their named readers need a score of their own.
  const fedByConfidential = wanted
    .filter((w) => w.audience !== 'all' && kept.get(w.relationshipId)?.hasConfidential)
    .map((w) => w.relationshipId);
  const named = await namedReaderIn(ctx.db, ctx.actor.userId, fedByConfidential);
  const recompute: string[] = [];
  for (const w of wanted) {
    const k = kept.get(w.relationshipId);
    if (!k) continue;
    if (named.has(w.relationshipId)) recompute.push(w.relationshipId);
    else result.set(w.relationshipId, present(k, w.audience));
  }
  if (recompute.length) {
    const rule = await currentRule(ctx.db);
    for (const [id, facts] of await factsOf(ctx.db, recompute, viewerScope(ctx.actor), now)) {
      const { score, parts } = scoreHealth(facts, rule.weights, now);
      result.set(id, present({ score, parts, ruleVersion: rule.version, computedAt: now }, 'viewer'));
    }
  }
  return { wanted, scores: result };
}

const fromDay = (days: number, now: Date) =>
  DateTime.fromJSDate(now, { zone: 'utc' }).minus({ days }).toISODate()!;

async function withTrends(
  ctx: Ctx,
  heads: RelationshipHead[],
  days: number,
  now: Date,
): Promise<RelationshipHealth[]> {
  const { wanted, scores } = await scoresForViewer(ctx, heads, now);
  // Trends are the kept audience's snapshots; where a viewer's own score was computed, the
  // institution-wide history stands in (snapshots are never kept per person).
  const trendWanted = wanted.map((w) =>
    scores.get(w.relationshipId)?.basis === 'viewer' ? { ...w, audience: 'institution' as const } : w,
  );
  const points = await trendsOf(ctx.db, trendWanted, fromDay(days, now));
  return heads.map((h) => ({
    ...h,
    health: scores.get(h.relationshipId) ?? null,
    trend: points.get(h.relationshipId) ?? [],
  }));
}

/** One relationship's health, its parts and its daily trend. */
export async function relationshipHealthFor(ctx: Ctx, id: string, days: number, now = new Date()) {
  const heads = await relationshipHeads(ctx.db, { id });
  if (heads.length === 0) throw notFound('Relationship');
  return (await withTrends(ctx, heads, days, now))[0]!;
}

/** The health of the relationships I manage, from kept scores (Home), with a month's trend each. */
export async function portfolioHealth(ctx: Ctx, now = new Date()) {
  const heads = await relationshipHeads(ctx.db, { managerId: ctx.actor.userId });
  return { items: await withTrends(ctx, heads, 30, now) };
}

/** A partner's health: each part the mean of its relationships' parts, and the mean of their daily scores as its trend. */
export async function partnerHealth(
  ctx: Ctx,
  partnerId: string,
  days: number,
  now = new Date(),
): Promise<PartnerHealth> {
  const heads = await relationshipHeads(ctx.db, { partnerId });
  if (heads.length === 0) {
    // A partner without relationships has no health; one that does not exist is not found.
    if (!(await partnerExists(ctx.db, partnerId))) throw notFound('Partner');
    return { partnerId, health: null, relationships: [], trend: [] };
  }
  const relationships = await withTrends(ctx, heads, days, now);
  const scored = relationships.filter((r) => r.health);
  const rule = await currentRule(ctx.db);
  const combined = combineHealth(
    scored.map((r) => ({ name: r.unitName, parts: r.health!.parts })),
    rule.weights,
  );
  const byDay = new Map<string, number[]>();
  for (const r of relationships)
    for (const p of r.trend) if (p.score !== null) byDay.set(p.day, [...(byDay.get(p.day) ?? []), p.score]);
  const trend = [...byDay.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([day, s]) => ({
      day,
      score: Math.round(s.reduce((a, b) => a + b, 0) / s.length),
      ruleVersion: rule.version,
    }));
  const bases = new Set(scored.map((r) => r.health!.basis));
  return {
    partnerId,
    health: scored.length
      ? {
          ...combined,
          ruleVersion: rule.version,
          basis: bases.size === 1 ? [...bases][0]! : 'viewer',
          computedAt: now.toISOString(),
        }
      : null,
    relationships,
    trend,
  };
}

const presentRule = (r: {
  version: number;
  weights: HealthWeights;
  createdAt: Date | null;
  createdByName: string | null;
}): HealthRule => ({ ...r, createdAt: r.createdAt?.toISOString() ?? null });

/** The rule in force and every earlier version. */
export async function healthRules(ctx: Ctx) {
  const versions = (await ruleVersions(ctx.db)).map(presentRule);
  const current =
    versions[0] ??
    presentRule({ version: 1, weights: defaultHealthWeights, createdAt: null, createdByName: null });
  return { current, versions: versions.length ? versions : [current] };
}

/**
 * Changes the weights: a new version of the rule (the old ones stay as they were, and so do the
 * snapshots computed with them). The kept scores are then recomputed by the refresh job.
 */
export async function changeHealthRule(ctx: Ctx, weights: HealthWeights) {
  const parsed = healthWeightsSchema.parse(weights);
  await ctx.db.transaction(async (tx) => {
    const before = await currentRule(tx);
    const version = await addRuleVersion(tx, parsed, ctx.actor.userId, defaultHealthWeights);
    await recordChange(tx, ctx, {
      entity: 'setting',
      entityId: HEALTH_RULE_ID,
      action: 'updated',
      before,
      after: { version, weights: parsed },
    });
  });
  await ctx.jobs.trigger(JOB.refreshHealth);
  return healthRules(ctx);
}

/** Recomputes every relationship's kept score, a page at a time; with `snapshotDay`, also records that day's snapshot. */
export async function refreshAllHealth(db: Db, options: { snapshotDay?: string } = {}, now = new Date()) {
  let after: string | null = null;
  let total = 0;
  for (;;) {
    const ids = await relationshipIdsAfter(db, after, 200);
    if (ids.length === 0) return total;
    await db.transaction(async (tx) => {
      await refreshHealth(tx, ids, now);
      if (options.snapshotDay) await snapshotHealth(tx, options.snapshotDay, ids);
    });
    total += ids.length;
    after = ids[ids.length - 1]!;
  }
}

/**
 * A history for a database loaded in bulk (the demo): a snapshot each week for `weeks` weeks
 * back, each counted from the records as they stood that day, then today's. Statuses are today's
 * (a request resolved since counts as resolved), so the older points are an approximation.
 */
export async function backfillHealthHistory(db: Db, today: Date, weeks: number) {
  for (let w = weeks; w >= 0; w--) {
    const at = new Date(today.getTime() - w * 7 * 86_400_000);
    await refreshAllHealth(db, { snapshotDay: at.toISOString().slice(0, 10) }, at);
  }
}
