import { DateTime } from 'luxon';
import type {
  PlaybookBody,
  PlaybookRun,
  RunStep,
  TickStep,
} from '../../../../common/src/contracts/playbooks.ts';
import type { PlaybookRunReason } from '../../../../common/src/labels/playbooks.ts';
import { UNIVERSITY_TIME_ZONE } from '../../../../common/src/wording.ts';
import type { Executor } from '../../db/client.ts';
import { recordChange, recordChanges } from '../../db/records.ts';
import { AppError, forbidden, notFound } from '../../errors.ts';
import { allOf } from '../../lib/all-of.ts';
import type { Ctx } from '../../lib/context.ts';
import type { Actor } from '../access/actor.ts';
import { touchpointPartnerScope } from '../access/audience.repository.ts';
import { relationshipPolicy } from '../relationships/relationships.policy.ts';
import {
  countWithoutRun,
  type FoundRecord,
  findRun,
  firstRecords,
  firstTouchpoints,
  insertRun,
  insertRuns,
  latestRuns,
  lockPartnerType,
  myRelationshipIds,
  partnerTypeExists,
  type RelationshipFacts,
  type RunRow,
  type RunStepRow,
  relationshipFacts,
  relationshipsWithoutRun,
  replaceSteps,
  runStepsOf,
  stepsOf,
  tickStep,
} from './playbooks.repository.ts';

/** Most relationships Home works out playbooks for. */
const MINE_LIMIT = 300;

const mayTick = (actor: Actor, r: RelationshipFacts) =>
  !actor.readOnly && relationshipPolicy.canUpdate(actor, r);

const presentSteps = (rows: Awaited<ReturnType<typeof stepsOf>>) =>
  rows.map((s) => ({
    id: s.id,
    position: s.position,
    title: s.title,
    completesWhen: s.completesWhen,
    touchpointKind: s.touchpointKind,
  }));

/** Relationships one statement starts runs on, when a playbook starts on those already under way. */
const START_BATCH = 200;

async function playbookOf(db: Executor, partnerTypeId: string) {
  const steps = presentSteps(await stepsOf(db, partnerTypeId));
  return { partnerTypeId, steps, waiting: await countWithoutRun(db, partnerTypeId) };
}

export async function getPlaybook(ctx: Ctx, partnerTypeId: string) {
  if (!(await partnerTypeExists(ctx.db, partnerTypeId))) throw notFound('Partner type');
  return playbookOf(ctx.db, partnerTypeId);
}

/**
 * Starts the playbook on the type's active relationships that never had a run: those that
 * began before it had steps. Each run is recorded in its history and as an event; a second
 * call finds none waiting and starts nothing.
 */
export async function startOnWaiting(ctx: Ctx, partnerTypeId: string) {
  return ctx.db.transaction(async (tx) => {
    if (!(await lockPartnerType(tx, partnerTypeId))) throw notFound('Partner type');
    const steps = await stepsOf(tx, partnerTypeId);
    if (steps.length === 0)
      throw new AppError('conflict', 'This playbook has no steps yet: add and save its steps first');
    let started = 0;
    for (;;) {
      const waiting = await relationshipsWithoutRun(tx, partnerTypeId, START_BATCH);
      const runs = await insertRuns(
        tx,
        steps,
        waiting.map((r) => ({ relationshipId: r.id, managerId: r.managerId })),
        'applied',
      );
      if (runs.length === 0) break;
      await recordChanges(tx, ctx, runs.map(runStarted));
      started += runs.length;
    }
    return { started };
  });
}

/** Replaces a partner type's steps (runs under way keep the steps they started with). */
export async function setPlaybook(ctx: Ctx, partnerTypeId: string, body: PlaybookBody) {
  return ctx.db.transaction(async (tx) => {
    if (!(await partnerTypeExists(tx, partnerTypeId))) throw notFound('Partner type');
    const before = { partnerTypeId, steps: presentSteps(await stepsOf(tx, partnerTypeId)) };
    await replaceSteps(tx, partnerTypeId, body.steps);
    const after = await playbookOf(tx, partnerTypeId);
    await recordChange(tx, ctx, {
      entity: 'playbook',
      entityId: partnerTypeId,
      action: 'updated',
      before,
      after: { partnerTypeId, steps: after.steps },
    });
    return after;
  });
}

/** The start of the day the run began, in the university's time: a meeting logged for that morning counts. */
const dayStart = (at: Date) =>
  DateTime.fromJSDate(at, { zone: UNIVERSITY_TIME_ZONE }).startOf('day').toJSDate();

/**
 * Runs with each step's state: ticked by hand, or completed by the first matching record the
 * reader may see. A confidential touch point outside their audience completes nothing for them.
 */
async function presentRuns(
  ctx: Ctx,
  db: Executor,
  runs: RunRow[],
  facts: RelationshipFacts[],
): Promise<PlaybookRun[]> {
  if (runs.length === 0) return [];
  const factsById = new Map(facts.map((f) => [f.id, f]));
  const steps = await runStepsOf(
    db,
    runs.map((r) => r.id),
  );
  const runById = new Map(runs.map((r) => [r.id, r]));
  const wanted = steps
    .filter((s) => s.step.completesWhen === 'touchpoint' && s.step.touchpointKind)
    .map((s) => {
      const run = runById.get(s.step.runId)!;
      const f = factsById.get(run.relationshipId)!;
      return {
        key: s.step.id,
        partnerId: f.partnerId,
        unitId: f.unitId,
        kind: s.step.touchpointKind!,
        since: dayStart(run.startedAt),
      };
    });
  const [touchpoints, records] = await allOf(db, [
    () => firstTouchpoints(db, wanted, touchpointPartnerScope(ctx.actor)),
    () =>
      firstRecords(
        db,
        runs.map((r) => r.relationshipId),
      ),
  ]);
  const touchpointByStep = new Map(touchpoints.map((t) => [t.key, t]));
  const byRelationship = <T extends { relationshipId: string | null }>(rows: T[]) =>
    new Map(rows.map((r) => [r.relationshipId!, r]));
  const planItems = byRelationship(records.planItems);
  const pairs = byRelationship(records.peerPairs);
  const reviews = byRelationship(records.reviews);

  const recordFor = (row: RunStepRow, run: RunRow): (RunStep['record'] & { at: Date }) | null => {
    const s = row.step;
    const found = (
      entity: NonNullable<RunStep['record']>['entity'],
      r?: { id: string; at: Date; label?: string | null },
    ) => (r ? { entity, id: r.id, label: r.label ?? null, at: r.at } : null);
    if (s.completesWhen === 'touchpoint') {
      const tp: FoundRecord | undefined = touchpointByStep.get(s.id);
      return tp ? { entity: 'touchpoint', id: tp.id, label: tp.label, at: tp.at } : null;
    }
    if (s.completesWhen === 'communication_plan')
      return found('communication_plan_item', planItems.get(run.relationshipId));
    if (s.completesWhen === 'peer_pairs') return found('peer_pair', pairs.get(run.relationshipId));
    if (s.completesWhen === 'review') return found('review', reviews.get(run.relationshipId));
    return null;
  };

  return runs.map((run) => {
    const f = factsById.get(run.relationshipId)!;
    const mine = steps
      .filter((s) => s.step.runId === run.id)
      .map((row): RunStep => {
        const s = row.step;
        const base = {
          id: s.id,
          position: s.position,
          title: s.title,
          completesWhen: s.completesWhen,
          touchpointKind: s.touchpointKind,
        };
        if (s.tickedAt)
          return {
            ...base,
            done: true,
            doneAt: s.tickedAt.toISOString(),
            how: 'by_hand',
            record: null,
            note: s.evidence,
            tickedBy: s.tickedById ? { id: s.tickedById, name: row.tickedByName ?? '' } : null,
          };
        const record = recordFor(row, run);
        if (record) {
          const { at, ...shown } = record;
          return {
            ...base,
            done: true,
            doneAt: at.toISOString(),
            how: 'record',
            record: shown,
            note: null,
            tickedBy: null,
          };
        }
        return { ...base, done: false, doneAt: null, how: null, record: null, note: null, tickedBy: null };
      });
    return {
      id: run.id,
      relationshipId: run.relationshipId,
      partner: { id: f.partnerId, name: f.partnerName },
      unit: { id: f.unitId, name: f.unitName },
      manager: f.managerId ? { id: f.managerId, name: f.managerName ?? '' } : null,
      reason: run.reason,
      startedAt: run.startedAt.toISOString(),
      steps: mine,
      progress: { done: mine.filter((s) => s.done).length, total: mine.length },
      can: { tick: mayTick(ctx.actor, f) },
    };
  });
}

/** The relationship's latest run, or null when none has started. */
export async function relationshipPlaybook(ctx: Ctx, relationshipId: string) {
  const facts = await relationshipFacts(ctx.db, [relationshipId]);
  if (facts.length === 0) throw notFound('Relationship');
  const runs = await latestRuns(ctx.db, [relationshipId]);
  const [run] = await presentRuns(ctx, ctx.db, runs, facts);
  return { run: run ?? null };
}

/** Runs still under way on the relationships I manage or deputise on (Home). */
export async function myPlaybooks(ctx: Ctx) {
  const ids = await myRelationshipIds(ctx.db, ctx.actor.userId, MINE_LIMIT);
  const [facts, runs] = await Promise.all([relationshipFacts(ctx.db, ids), latestRuns(ctx.db, ids)]);
  const presented = await presentRuns(ctx, ctx.db, runs, facts);
  return {
    items: presented
      .filter((r) => r.progress.done < r.progress.total)
      .sort((a, b) => a.startedAt.localeCompare(b.startedAt) || a.id.localeCompare(b.id)),
  };
}

/** Ticks a step by hand with the evidence that it was done. */
export async function tickRunStep(ctx: Ctx, runId: string, stepId: string, input: TickStep) {
  return ctx.db.transaction(async (tx) => {
    const run = await findRun(tx, runId);
    if (!run) throw notFound('Playbook');
    const [facts] = await relationshipFacts(tx, [run.relationshipId]);
    const [presented] = await presentRuns(ctx, tx, [run], [facts!]);
    const step = presented!.steps.find((s) => s.id === stepId);
    if (!step) throw notFound('Playbook step');
    if (!mayTick(ctx.actor, facts!))
      throw forbidden(
        "Only the relationship's manager, its unit's relationship managers or an administrator tick its steps",
      );
    if (step.done || !(await tickStep(tx, stepId, ctx.actor.userId, input.evidence)))
      throw new AppError('conflict', 'This step is already done');
    await recordChange(tx, ctx, {
      entity: 'playbook_run',
      entityId: runId,
      action: 'step_ticked',
      detail: { stepId, title: step.title, evidence: input.evidence },
    });
    const [after] = await presentRuns(ctx, tx, [run], [facts!]);
    return after!;
  });
}

/** Starts the relationship's playbook from an event (its start, or a new manager). */
export async function startRun(
  tx: Executor,
  eventId: number,
  relationshipId: string,
  reason: PlaybookRunReason,
) {
  const [facts] = await relationshipFacts(tx, [relationshipId]);
  if (!facts?.partnerTypeId) return null;
  const run = await insertRun(tx, {
    relationshipId,
    partnerTypeId: facts.partnerTypeId,
    managerId: facts.managerId,
    reason,
    eventId,
  });
  if (run)
    await recordChange(tx, { actor: { userId: null, tokenId: null }, requestId: null }, runStarted(run));
  return run;
}

/** A run's start as its history and the event stream record it. */
const runStarted = (run: RunRow) => ({
  entity: 'playbook_run' as const,
  entityId: run.id,
  action: 'started' as const,
  after: { id: run.id, relationshipId: run.relationshipId, reason: run.reason, managerId: run.managerId },
});
