import { isRetentionRuleKey, retentionRuleLabels } from '../../../../common/src/contracts/personal-data.ts';
import { type RetentionRuleKey, retentionRuleKeys } from '../../../../common/src/labels/personal-data.ts';
import type { Db } from '../../db/client.ts';
import { recordChange, type Writer } from '../../db/records.ts';
import { AppError, notFound, stale } from '../../errors.ts';
import type { Ctx } from '../../lib/context.ts';
import { requireDataProtection } from './consents.service.ts';
import { eraseInside } from './erasure.service.ts';
import {
  clearOldNotes,
  EXAMPLES,
  findRule,
  insertRun,
  lastRuns,
  listRules,
  listRuns,
  reachedBy,
  updateRule,
} from './retention.repository.ts';

/** Contacts one run erases at most: a run is one transaction, the next run takes the rest. */
const ERASE_PER_RUN = 500;

/** The day `years` years before `now`, as an ISO date: records from before it are due. */
export function cutoffOf(years: number, now = new Date()) {
  const d = new Date(Date.UTC(now.getUTCFullYear() - years, now.getUTCMonth(), now.getUTCDate()));
  return d.toISOString().slice(0, 10);
}

const ruleEntityId = (key: RetentionRuleKey) =>
  `00000000-0000-4000-8000-${String(retentionRuleKeys.indexOf(key) + 1).padStart(12, '0')}`;

export async function retentionRules(ctx: Ctx) {
  await requireDataProtection(ctx);
  const [rules, runs] = await Promise.all([listRules(ctx.db), lastRuns(ctx.db)]);
  return {
    items: rules.map((r) => {
      const last = runs.find((run) => run.rule === r.key);
      return {
        key: r.key,
        ...retentionRuleLabels[r.key],
        years: r.years,
        enabled: r.enabled,
        version: r.version,
        lastRun: last ? { at: last.at.toISOString(), dryRun: last.dryRun, affected: last.affected } : null,
      };
    }),
  };
}

export async function changeRetentionRule(
  ctx: Ctx,
  key: string,
  version: number,
  changes: { years?: number; enabled?: boolean },
) {
  await requireDataProtection(ctx);
  if (!isRetentionRuleKey(key)) throw notFound('Retention rule');
  await ctx.db.transaction(async (tx) => {
    const before = await findRule(tx, key);
    if (!before) throw notFound('Retention rule');
    const values = { years: changes.years ?? before.years, enabled: changes.enabled ?? before.enabled };
    const after = await updateRule(tx, key, version, values);
    if (!after) throw stale('retention rule');
    await recordChange(tx, ctx, {
      entity: 'retention_rule',
      entityId: ruleEntityId(key),
      action: 'updated',
      before: { key, years: before.years, enabled: before.enabled },
      after: { key, years: after.years, enabled: after.enabled },
    });
  });
  return (await retentionRules(ctx)).items.find((r) => r.key === key)!;
}

/**
 * Runs one rule, or with `dryRun` only reports what it would reach. Either way the run is
 * recorded (rule, cut-off, count, the ids reached) and audited.
 */
export async function applyRule(
  db: Db,
  writer: Writer,
  key: RetentionRuleKey,
  options: { dryRun: boolean; runById: string | null },
) {
  const rule = await findRule(db, key);
  if (!rule) throw notFound('Retention rule');
  const cutoff = cutoffOf(rule.years);
  const found = await reachedBy(db, key, cutoff);
  const examples = found.rows.slice(0, EXAMPLES);
  return db.transaction(async (tx) => {
    let affected = found.affected;
    let ids = found.rows.map((r) => r.id);
    if (!options.dryRun && key === 'touchpoint_notes') {
      ids = await clearOldNotes(tx, cutoff);
      affected = ids.length;
    }
    if (!options.dryRun && key === 'unlinked_contacts') {
      ids = ids.slice(0, ERASE_PER_RUN);
      for (const id of ids) await eraseInside(tx, writer, id, options.runById);
      affected = ids.length;
    }
    const runId = await insertRun(tx, {
      rule: key,
      dryRun: options.dryRun,
      cutoff,
      affected,
      ids,
      runById: options.runById,
    });
    await recordChange(tx, writer, {
      entity: 'retention_rule',
      entityId: ruleEntityId(key),
      action: 'ran',
      detail: { runId, dryRun: options.dryRun, cutoff, affected },
    });
    return { rule: key, dryRun: options.dryRun, cutoff, affected, examples, runId };
  });
}

export async function runRetentionRule(ctx: Ctx, key: string, dryRun: boolean) {
  await requireDataProtection(ctx);
  if (!isRetentionRuleKey(key)) throw notFound('Retention rule');
  if (!dryRun) {
    const rule = await findRule(ctx.db, key);
    if (rule && !rule.enabled)
      throw new AppError('conflict', 'Turn the rule on before running it; a dry run needs no such step');
  }
  return applyRule(ctx.db, ctx, key, { dryRun, runById: ctx.actor.userId });
}

export async function retentionRunsOf(ctx: Ctx) {
  await requireDataProtection(ctx);
  const rows = await listRuns(ctx.db, 100);
  return { items: rows.map((r) => ({ ...r, byName: r.byName ?? null, at: r.at.toISOString() })) };
}

/** The scheduled job: every rule that is turned on, for real; answers what each reached. */
export async function applyRetention(db: Db) {
  const system: Writer = { actor: { userId: null, tokenId: null }, requestId: null };
  const done: Record<string, number> = {};
  for (const rule of await listRules(db)) {
    if (!rule.enabled) continue;
    done[rule.key] = (await applyRule(db, system, rule.key, { dryRun: false, runById: null })).affected;
  }
  return done;
}
