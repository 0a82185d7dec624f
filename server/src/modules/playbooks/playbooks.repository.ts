import { asc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { PlaybookStepInput } from '../../../../common/src/contracts/playbooks.ts';
import type { PlaybookRunReason } from '../../../../common/src/labels/playbooks.ts';
import { type Executor, queryRows } from '../../db/client.ts';
import { communicationPlanItems, peerPairs } from '../../db/schema/communication-plans.ts';
import { partnerTypes } from '../../db/schema/partner-types.ts';
import { partners } from '../../db/schema/partners.ts';
import { playbookRunSteps, playbookRuns, playbookSteps } from '../../db/schema/playbooks.ts';
import { relationshipDeputies, relationships } from '../../db/schema/relationships.ts';
import { relationshipReviews } from '../../db/schema/reviews.ts';
import { touchpointPartners, touchpoints } from '../../db/schema/touchpoints.ts';
import { units } from '../../db/schema/units.ts';
import { users } from '../../db/schema/users.ts';
import { allOf } from '../../lib/all-of.ts';

/** A partner type's steps, in order. */
export const stepsOf = (db: Executor, partnerTypeId: string) =>
  db
    .select()
    .from(playbookSteps)
    .where(eq(playbookSteps.partnerTypeId, partnerTypeId))
    .orderBy(asc(playbookSteps.position), asc(playbookSteps.id));

/** Makes exactly these the partner type's steps, numbered from 1 in the order given. */
export async function replaceSteps(tx: Executor, partnerTypeId: string, steps: readonly PlaybookStepInput[]) {
  await tx.delete(playbookSteps).where(eq(playbookSteps.partnerTypeId, partnerTypeId));
  if (steps.length)
    await tx.insert(playbookSteps).values(
      steps.map((s, i) => ({
        partnerTypeId,
        position: i + 1,
        title: s.title,
        completesWhen: s.completesWhen,
        touchpointKind: s.touchpointKind ?? null,
      })),
    );
}

/** What a run needs of its relationship: who provides it, to whom, who manages it. */
export async function relationshipFacts(db: Executor, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return db
    .select({
      id: relationships.id,
      unitId: relationships.unitId,
      unitName: units.name,
      partnerId: relationships.partnerId,
      partnerName: partners.name,
      partnerTypeId: partners.typeId,
      managerId: relationships.managerId,
      managerName: users.name,
      deputyIds: sql<
        string[]
      >`coalesce((select array_agg(${relationshipDeputies.userId}) from ${relationshipDeputies} where ${relationshipDeputies.relationshipId} = ${relationships.id}), '{}')`,
    })
    .from(relationships)
    .innerJoin(partners, eq(partners.id, relationships.partnerId))
    .innerJoin(units, eq(units.id, relationships.unitId))
    .leftJoin(users, eq(users.id, relationships.managerId))
    .where(inArray(relationships.id, [...ids]));
}
export type RelationshipFacts = Awaited<ReturnType<typeof relationshipFacts>>[number];

/**
 * Starts a run with a copy of the partner type's steps, once per event: a second delivery of
 * the same event finds the run already there and adds nothing. Null when nothing started.
 */
export async function insertRun(
  tx: Executor,
  run: {
    relationshipId: string;
    partnerTypeId: string;
    managerId: string | null;
    reason: PlaybookRunReason;
    eventId: number;
  },
) {
  const steps = await stepsOf(tx, run.partnerTypeId);
  if (steps.length === 0) return null;
  const [row] = await tx
    .insert(playbookRuns)
    .values({
      relationshipId: run.relationshipId,
      managerId: run.managerId,
      reason: run.reason,
      startedByEvent: run.eventId,
    })
    .onConflictDoNothing({ target: playbookRuns.startedByEvent })
    .returning();
  if (!row) return null;
  await copySteps(tx, steps, [row.id]);
  return row;
}

/** Gives each run its own copy of the steps (later edits to the playbook leave it alone). */
async function copySteps(tx: Executor, steps: Awaited<ReturnType<typeof stepsOf>>, runIds: string[]) {
  await tx.insert(playbookRunSteps).values(
    runIds.flatMap((runId) =>
      steps.map((s) => ({
        runId,
        position: s.position,
        title: s.title,
        completesWhen: s.completesWhen,
        touchpointKind: s.touchpointKind,
      })),
    ),
  );
}

/** Each relationship's latest run (a new manager's run replaces the one before). */
export async function latestRuns(db: Executor, relationshipIds: readonly string[]) {
  if (relationshipIds.length === 0) return [];
  const rows = await db
    .selectDistinctOn([playbookRuns.relationshipId])
    .from(playbookRuns)
    .where(inArray(playbookRuns.relationshipId, [...relationshipIds]))
    .orderBy(
      asc(playbookRuns.relationshipId),
      sql`${playbookRuns.startedAt} desc`,
      sql`${playbookRuns.id} desc`,
    );
  return rows;
}
export type RunRow = typeof playbookRuns.$inferSelect;

export async function findRun(db: Executor, id: string) {
  const [row] = await db.select().from(playbookRuns).where(eq(playbookRuns.id, id));
  return row ?? null;
}

/** The runs' steps with who ticked them, in order. */
export async function runStepsOf(db: Executor, runIds: readonly string[]) {
  if (runIds.length === 0) return [];
  return db
    .select({
      step: playbookRunSteps,
      tickedByName: users.name,
    })
    .from(playbookRunSteps)
    .leftJoin(users, eq(users.id, playbookRunSteps.tickedById))
    .where(inArray(playbookRunSteps.runId, [...runIds]))
    .orderBy(asc(playbookRunSteps.runId), asc(playbookRunSteps.position));
}
export type RunStepRow = Awaited<ReturnType<typeof runStepsOf>>[number];

/** Ticks a step by hand if it is not ticked yet; false when someone ticked it first. */
export async function tickStep(tx: Executor, stepId: string, userId: string, evidence: string) {
  const rows = await tx
    .update(playbookRunSteps)
    .set({ tickedAt: sql`now()`, tickedById: userId, evidence })
    .where(sql`${playbookRunSteps.id} = ${stepId} and ${playbookRunSteps.tickedAt} is null`)
    .returning({ id: playbookRunSteps.id });
  return rows.length > 0;
}

export type FoundRecord = { key: string; id: string; at: Date; label: string };

/**
 * The first touch point of each wanted kind logged with the partner by the relationship's unit
 * since the run began, among those the reader may see (the touch-point rule, `scope`). A
 * confidential touch point outside the reader's audience completes nothing for them: its date
 * or a "done" would say it exists, as a count would. One query for every wanted step.
 */
export async function firstTouchpoints(
  db: Executor,
  wanted: readonly { key: string; partnerId: string; unitId: string; kind: string; since: Date }[],
  scope: SQL | undefined,
): Promise<FoundRecord[]> {
  if (wanted.length === 0) return [];
  const rows = await queryRows<{ key: string; id: string; at: string | Date; subject: string }>(
    db,
    sql`select w.key, found.*
      from unnest(
        ${sql.param(wanted.map((w) => w.key))}::text[],
        ${sql.param(wanted.map((w) => w.partnerId))}::uuid[],
        ${sql.param(wanted.map((w) => w.unitId))}::uuid[],
        ${sql.param(wanted.map((w) => w.kind))}::text[],
        ${sql.param(wanted.map((w) => w.since.toISOString()))}::timestamptz[]
      ) as w(key, partner_id, unit_id, kind, since)
      cross join lateral (
        select ${touchpointPartners.touchpointId} as id,
          ${touchpointPartners.occurredAt} as at,
          ${touchpoints.subject} as subject
        from ${touchpointPartners}
        inner join ${touchpoints} on ${touchpoints.id} = ${touchpointPartners.touchpointId}
        where ${touchpointPartners.partnerId} = w.partner_id
          and ${touchpointPartners.unitId} = w.unit_id
          and ${touchpointPartners.kind} = w.kind
          and ${touchpointPartners.occurredAt} >= w.since
          and (${scope ?? sql`true`})
        order by ${touchpointPartners.occurredAt}, ${touchpointPartners.touchpointId}
        limit 1
      ) as found`,
  );
  return rows.map((r) => ({ key: r.key, id: r.id, at: new Date(r.at), label: r.subject }));
}

/** The first of the relationships' own plan items, peer pairs and reviews, per relationship. */
export async function firstRecords(db: Executor, relationshipIds: readonly string[]) {
  if (relationshipIds.length === 0) return { planItems: [], peerPairs: [], reviews: [] };
  const ids = [...relationshipIds];
  const [planItems, pairs, reviews] = await allOf(db, [
    () =>
      db
        .selectDistinctOn([communicationPlanItems.relationshipId], {
          relationshipId: communicationPlanItems.relationshipId,
          id: communicationPlanItems.id,
          at: communicationPlanItems.createdAt,
          label: communicationPlanItems.purpose,
        })
        .from(communicationPlanItems)
        .where(inArray(communicationPlanItems.relationshipId, ids))
        .orderBy(communicationPlanItems.relationshipId, asc(communicationPlanItems.createdAt)),
    () =>
      db
        .selectDistinctOn([peerPairs.relationshipId], {
          relationshipId: peerPairs.relationshipId,
          id: peerPairs.id,
          at: peerPairs.createdAt,
        })
        .from(peerPairs)
        .where(inArray(peerPairs.relationshipId, ids))
        .orderBy(peerPairs.relationshipId, asc(peerPairs.createdAt)),
    () =>
      db
        .selectDistinctOn([relationshipReviews.relationshipId], {
          relationshipId: relationshipReviews.relationshipId,
          id: relationshipReviews.id,
          at: relationshipReviews.createdAt,
          label: relationshipReviews.scheduledFor,
        })
        .from(relationshipReviews)
        .where(inArray(relationshipReviews.relationshipId, ids))
        .orderBy(relationshipReviews.relationshipId, asc(relationshipReviews.createdAt)),
  ]);
  return { planItems, peerPairs: pairs, reviews };
}

/**
 * The relationships a playbook has not reached: active, with a partner of the type that is not
 * archived, and never a run (they began before the type's playbook had steps).
 */
const withoutRun = (partnerTypeId: string) => sql`
  ${relationships.status} = 'active'
  and exists (select 1 from ${partners} where ${partners.id} = ${relationships.partnerId}
              and ${partners.typeId} = ${partnerTypeId} and ${partners.status} <> 'archived')
  and not exists (select 1 from ${playbookRuns} where ${playbookRuns.relationshipId} = ${relationships.id})`;

export async function countWithoutRun(db: Executor, partnerTypeId: string) {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(relationships)
    .where(withoutRun(partnerTypeId));
  return row?.n ?? 0;
}

/** Up to `limit` relationships the playbook has not reached, in id order, with their managers. */
export async function relationshipsWithoutRun(db: Executor, partnerTypeId: string, limit: number) {
  return db
    .select({ id: relationships.id, managerId: relationships.managerId })
    .from(relationships)
    .where(withoutRun(partnerTypeId))
    .orderBy(asc(relationships.id))
    .limit(limit);
}

/**
 * Starts runs on these relationships with a copy of the steps, set-based: one insert of runs
 * and one of their steps however many. The caller holds the partner type's lock.
 */
export async function insertRuns(
  tx: Executor,
  steps: Awaited<ReturnType<typeof stepsOf>>,
  started: { relationshipId: string; managerId: string | null }[],
  reason: PlaybookRunReason,
) {
  if (started.length === 0 || steps.length === 0) return [];
  const runs = await tx
    .insert(playbookRuns)
    .values(started.map((r) => ({ relationshipId: r.relationshipId, managerId: r.managerId, reason })))
    .returning();
  await copySteps(
    tx,
    steps,
    runs.map((run) => run.id),
  );
  return runs;
}

/** Locks the partner type's row until the transaction ends: two starts on its relationships take turns. */
export async function lockPartnerType(tx: Executor, id: string) {
  const [row] = await tx
    .select({ id: partnerTypes.id })
    .from(partnerTypes)
    .where(eq(partnerTypes.id, id))
    .for('update');
  return !!row;
}

/** Relationships I manage or deputise on that are active, at most `limit`. */
export async function myRelationshipIds(db: Executor, userId: string, limit: number) {
  const rows = await db
    .select({ id: relationships.id })
    .from(relationships)
    .where(
      sql`${relationships.status} = 'active' and (${relationships.managerId} = ${userId} or exists (select 1 from ${relationshipDeputies} where ${relationshipDeputies.relationshipId} = ${relationships.id} and ${relationshipDeputies.userId} = ${userId}))`,
    )
    .orderBy(asc(relationships.id))
    .limit(limit);
  return rows.map((r) => r.id);
}

export async function partnerTypeExists(db: Executor, id: string) {
  const [row] = await db.select({ id: partnerTypes.id }).from(partnerTypes).where(eq(partnerTypes.id, id));
  return !!row;
}
