import { and, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import type { EscalateBody } from '../../../../common/src/contracts/escalations.ts';
import { escalationLevelLabels } from '../../../../common/src/contracts/requests.ts';
import type { Executor } from '../../db/client.ts';
import { queryRows } from '../../db/client.ts';
import { recordChange } from '../../db/records.ts';
import { partners } from '../../db/schema/partners.ts';
import { relationshipDeputies, relationships } from '../../db/schema/relationships.ts';
import { escalationLevels, escalations, requests } from '../../db/schema/requests.ts';
import { touchpoints } from '../../db/schema/touchpoints.ts';
import { units } from '../../db/schema/units.ts';
import { users } from '../../db/schema/users.ts';
import { AppError, forbidden, invalid } from '../../errors.ts';
import type { Ctx } from '../../lib/context.ts';
import { requestAudience } from '../access/audience.repository.ts';
import { lastContactByRelationship } from '../partner-view/partner-view.repository.ts';
import { getRelationship } from '../relationships/relationships.service.ts';
import { requestPolicy, requestScope } from '../requests/requests.policy.ts';
import { escalationsOf, findRequest, findRequests } from '../requests/requests.repository.ts';
import { loadVisibleRequest, presentRequests } from '../requests/requests.service.ts';
import { loadAttentionRules } from '../service-levels/calendar.ts';
import { touchpointScope } from '../touchpoints/touchpoints.policy.ts';

type Level = (typeof escalationLevels)[number];
const rank = (level: Level) => escalationLevels.indexOf(level);
const levelName = (level: Level) => escalationLevelLabels[level].toLowerCase();
const DAY_MS = 86_400_000;
const LIST_LIMIT = 100;

/**
 * Who an escalation level reaches:
 * - line manager: the relationship's manager and deputies (without a relationship, the unit's relationship managers);
 * - head of unit: the unit's senior managers, or the nearest parent unit's when it has none;
 * - senior management: senior managers of top-level units and those with no unit.
 */
export async function recipientsOf(
  db: Executor,
  level: Level,
  subject: { unitId: string; relationshipId: string | null },
) {
  const active = and(isNull(users.deactivatedAt));
  if (level === 'line_manager') {
    if (subject.relationshipId) {
      const rows = await queryRows<{ id: string }>(
        db,
        sql`select manager_id as id from ${relationships} where id = ${subject.relationshipId} and manager_id is not null
            union select user_id from ${relationshipDeputies} where relationship_id = ${subject.relationshipId}`,
      );
      if (rows.length) return rows.map((r) => r.id);
    }
    const rows = await db
      .select({ id: users.id })
      .from(users)
      .where(and(active, eq(users.role, 'relationship_manager'), eq(users.unitId, subject.unitId)));
    return rows.map((r) => r.id);
  }
  if (level === 'head_of_unit') {
    let unitId: string | null = subject.unitId;
    for (let depth = 0; unitId && depth < 20; depth++) {
      const rows = await db
        .select({ id: users.id })
        .from(users)
        .where(and(active, eq(users.role, 'senior_manager'), eq(users.unitId, unitId)));
      if (rows.length) return rows.map((r) => r.id);
      const [unit]: { parentId: string | null }[] = await db
        .select({ parentId: units.parentId })
        .from(units)
        .where(eq(units.id, unitId));
      unitId = unit?.parentId ?? null;
    }
    return [];
  }
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .leftJoin(units, eq(units.id, users.unitId))
    .where(and(active, eq(users.role, 'senior_manager'), or(isNull(users.unitId), isNull(units.parentId))));
  return rows.map((r) => r.id);
}

async function checkNamed(db: Executor, ids: string[]) {
  if (!ids.length) return;
  const found = await db
    .select({ id: users.id })
    .from(users)
    .where(and(inArray(users.id, ids), isNull(users.deactivatedAt)));
  if (found.length !== new Set(ids).size)
    throw invalid('notifyUserIds', 'must all be active members of staff');
}

const presentEscalation = ({
  relationshipId: _r,
  ...e
}: Awaited<ReturnType<typeof escalationsOf>>[number]) => ({
  ...e,
  raisedAt: e.raisedAt.toISOString(),
  deescalatedAt: e.deescalatedAt?.toISOString() ?? null,
});

function refuseLowerLevel(current: Level | null, level: Level) {
  if (current && rank(level) <= rank(current))
    throw new AppError(
      'conflict',
      `Already escalated to ${levelName(current)}: escalate higher, or de-escalate first`,
      { errors: [{ field: 'level', message: `must be above ${levelName(current)}` }] },
    );
}

/** Closes the subject's open escalation (if any); returns it. */
async function closeOpen(tx: Executor, ctx: Ctx, where: ReturnType<typeof eq>, reason: string) {
  const [closed] = await tx
    .update(escalations)
    .set({ deescalatedAt: new Date(), deescalatedById: ctx.actor.userId, deescalationReason: reason })
    .where(and(where, isNull(escalations.deescalatedAt)))
    .returning();
  return closed ?? null;
}

export async function escalateRequest(ctx: Ctx, id: string, input: EscalateBody) {
  const result = await ctx.db.transaction(async (tx) => {
    const { row, readerIds } = await loadVisibleRequest(ctx, tx, id, true);
    if (!requestPolicy.canWork(ctx.actor, row, readerIds))
      throw forbidden('You cannot escalate this request');
    refuseLowerLevel(row.escalationLevel, input.level);
    await checkNamed(tx, input.notifyUserIds);
    // A confidential request reaches only the people named; others reach the level's people too.
    if (row.visibility === 'confidential' && !input.notifyUserIds.length)
      throw invalid('notifyUserIds', 'name who should see this confidential request');
    const levelPeople =
      row.visibility === 'confidential'
        ? []
        : await recipientsOf(tx, input.level, { unitId: row.unitId, relationshipId: row.relationshipId });
    const told = [...new Set([...levelPeople, ...input.notifyUserIds])].filter((u) => u !== ctx.actor.userId);
    await closeOpen(tx, ctx, eq(escalations.requestId, id), `Escalated to ${levelName(input.level)}`);
    await tx.insert(escalations).values({
      requestId: id,
      level: input.level,
      briefing: input.briefing,
      raisedById: ctx.actor.userId,
      namedUserIds: told,
    });
    await tx
      .update(requests)
      .set({ escalationLevel: input.level, version: sql`${requests.version} + 1`, updatedAt: new Date() })
      .where(eq(requests.id, id));
    await requestAudience.add(tx, id, told);
    const after = (await presentRequests(tx, [(await findRequest(tx, id))!]))[0]!;
    await recordChange(tx, ctx, {
      entity: 'request',
      entityId: id,
      action: 'escalated',
      before: (await presentRequests(tx, [row]))[0],
      after,
      detail: { level: input.level, levelName: levelName(input.level), briefing: input.briefing, told },
    });
    return after;
  });
  return result;
}

export async function deescalateRequest(ctx: Ctx, id: string, reason: string) {
  return ctx.db.transaction(async (tx) => {
    const { row, readerIds } = await loadVisibleRequest(ctx, tx, id, true);
    if (!requestPolicy.canWork(ctx.actor, row, readerIds))
      throw forbidden('You cannot de-escalate this request');
    const closed = await closeOpen(tx, ctx, eq(escalations.requestId, id), reason);
    if (!closed) throw new AppError('conflict', 'This request is not escalated');
    await tx
      .update(requests)
      .set({ escalationLevel: null, version: sql`${requests.version} + 1`, updatedAt: new Date() })
      .where(eq(requests.id, id));
    const after = (await presentRequests(tx, [(await findRequest(tx, id))!]))[0]!;
    await recordChange(tx, ctx, {
      entity: 'request',
      entityId: id,
      action: 'deescalated',
      before: (await presentRequests(tx, [row]))[0],
      after,
      detail: { level: closed.level, reason },
    });
    return after;
  });
}

/** The relationship as the audit log and events keep it: without the caller's own abilities. */
const asRecorded = ({ can: _can, ...record }: { can: unknown } & Record<string, unknown>) => record;

/** Staff of the relationship's unit, its manager and deputies, and administrators may escalate it. */
async function loadEscalatable(ctx: Ctx, id: string) {
  const relationship = await getRelationship(ctx, id);
  if (!relationship.can.escalate)
    throw forbidden('Only the relationship’s unit, its manager and deputies can escalate it');
  return relationship;
}

export async function escalateRelationship(ctx: Ctx, id: string, input: EscalateBody) {
  const relationship = await loadEscalatable(ctx, id);
  const result = await ctx.db.transaction(async (tx) => {
    await tx
      .select({ id: relationships.id })
      .from(relationships)
      .where(eq(relationships.id, id))
      .for('update');
    const [open] = await tx
      .select({ level: escalations.level })
      .from(escalations)
      .where(and(eq(escalations.relationshipId, id), isNull(escalations.deescalatedAt)));
    refuseLowerLevel(open?.level ?? null, input.level);
    await checkNamed(tx, input.notifyUserIds);
    const levelPeople = await recipientsOf(tx, input.level, {
      unitId: relationship.unitId,
      relationshipId: id,
    });
    const told = [...new Set([...levelPeople, ...input.notifyUserIds])].filter((u) => u !== ctx.actor.userId);
    await closeOpen(tx, ctx, eq(escalations.relationshipId, id), `Escalated to ${levelName(input.level)}`);
    const [created] = await tx
      .insert(escalations)
      .values({
        relationshipId: id,
        level: input.level,
        briefing: input.briefing,
        raisedById: ctx.actor.userId,
        namedUserIds: told,
      })
      .returning({ id: escalations.id });
    await recordChange(tx, ctx, {
      entity: 'relationship',
      entityId: id,
      action: 'escalated',
      before: asRecorded(relationship),
      after: asRecorded(relationship),
      detail: {
        escalationId: created!.id,
        level: input.level,
        levelName: levelName(input.level),
        briefing: input.briefing,
        told,
        unitName: relationship.unitName,
        partnerName: relationship.partnerName,
        partnerId: relationship.partnerId,
      },
    });
    return created!.id;
  });
  return relationshipEscalations(ctx, id).then((list) => list.items.find((e) => e.id === result)!);
}

export async function deescalateRelationship(ctx: Ctx, id: string, reason: string) {
  const relationship = await loadEscalatable(ctx, id);
  const closedId = await ctx.db.transaction(async (tx) => {
    const closed = await closeOpen(tx, ctx, eq(escalations.relationshipId, id), reason);
    if (!closed) throw new AppError('conflict', 'This relationship is not escalated');
    await recordChange(tx, ctx, {
      entity: 'relationship',
      entityId: id,
      action: 'deescalated',
      before: asRecorded(relationship),
      after: asRecorded(relationship),
      detail: { escalationId: closed.id, level: closed.level, reason },
    });
    return closed.id;
  });
  return relationshipEscalations(ctx, id).then((list) => list.items.find((e) => e.id === closedId)!);
}

export async function relationshipEscalations(ctx: Ctx, id: string) {
  await getRelationship(ctx, id);
  return { items: (await escalationsOf(ctx.db, { relationshipId: id })).map(presentEscalation) };
}

export async function requestEscalations(ctx: Ctx, id: string) {
  await loadVisibleRequest(ctx, ctx.db, id);
  return { items: (await escalationsOf(ctx.db, { requestId: id })).map(presentEscalation) };
}

type RelationshipRisk = {
  relationshipId: string;
  partnerId: string;
  partnerName: string;
  unitId: string;
  unitName: string;
  managerName: string | null;
  cadenceDays: number | null;
};

async function relationshipRows(db: Executor, where: ReturnType<typeof sql>) {
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
 * The senior view: everything escalated, and everything at risk before anyone asks.
 * Every list honours the reader's visibility (a confidential request appears only to the
 * people it names), and the sentiment rule counts only touch points the reader may see.
 */
export async function seniorView(ctx: Ctx, now = new Date()) {
  const rules = await loadAttentionRules(ctx.db);
  const scope = requestScope(ctx.actor);
  const open = sql`${requests.status} not in ('resolved', 'closed')`;
  const visibleRequests = (where: ReturnType<typeof sql>, order = sql`${requests.createdAt} asc`) =>
    ctx.db
      .select({ id: requests.id })
      .from(requests)
      .where(and(scope, where))
      .orderBy(order)
      .limit(LIST_LIMIT * 5);
  const load = async (ids: { id: string }[]) => {
    const rows = await findRequests(
      ctx.db,
      ids.map((r) => r.id),
    );
    const order = new Map(ids.map((r, i) => [r.id, i]));
    rows.sort((a, b) => order.get(a.id)! - order.get(b.id)!);
    return presentRequests(ctx.db, rows, now);
  };

  const [escalatedIds, candidateIds, disputeIds] = await Promise.all([
    visibleRequests(sql`${requests.escalationLevel} is not null`, sql`${requests.updatedAt} desc`),
    visibleRequests(
      sql`${open} and ((${requests.firstRespondedAt} is null and ${requests.responseDueAt} < ${new Date(now.getTime() + 28 * DAY_MS)})
          or (${requests.clockPausedAt} is null and ${requests.resolveDueAt} < ${new Date(now.getTime() + 28 * DAY_MS)}))`,
      sql`${requests.resolveDueAt} asc`,
    ),
    visibleRequests(
      sql`${open} and ${requests.kind} = 'dispute' and ${requests.createdAt} < ${new Date(now.getTime() - rules.disputeOpenDays * DAY_MS)}`,
    ),
  ]);
  const escalatedRequests = await load(escalatedIds.slice(0, LIST_LIMIT));
  const atRiskRequests = (await load(candidateIds))
    .filter((r) => [r.targets.firstResponse, r.targets.resolution].some((t) => t.approaching || t.breached))
    .sort(
      (a, b) => (a.targets.resolution.workingHoursLeft ?? 0) - (b.targets.resolution.workingHoursLeft ?? 0),
    )
    .slice(0, LIST_LIMIT);
  const disputes = await load(disputeIds.slice(0, LIST_LIMIT));

  // Relationships: open escalations, and cadence long overdue.
  const openEscalations = (await escalationsOf(ctx.db, { openRelationshipEscalations: true })).slice(
    0,
    LIST_LIMIT,
  );
  const escalatedRelationships = openEscalations.length
    ? await relationshipRows(
        ctx.db,
        sql`r.id in (${sql.join(
          openEscalations.map((e) => sql`${e.relationshipId}`),
          sql`, `,
        )})`,
      )
    : [];
  const lastContacts = await lastContactByRelationship(
    ctx.db,
    sql`r.status = 'active' and r.cadence_days is not null`,
    touchpointScope(ctx.actor),
  );
  const cadenceRows = lastContacts.length
    ? await relationshipRows(ctx.db, sql`r.status = 'active' and r.cadence_days is not null`)
    : [];
  const lastById = new Map(
    lastContacts.map((l) => [l.relationshipId, l.lastContactAt === null ? null : new Date(l.lastContactAt)]),
  );
  const longOverdue = cadenceRows
    .filter((r) => {
      const last = lastById.get(r.relationshipId) ?? null;
      return !last || now.getTime() - last.getTime() > rules.cadenceOverdueFactor * r.cadenceDays! * DAY_MS;
    })
    .sort(
      (a, b) =>
        (lastById.get(a.relationshipId)?.getTime() ?? 0) - (lastById.get(b.relationshipId)?.getTime() ?? 0),
    )
    .slice(0, LIST_LIMIT);

  // Partners whose recent sentiment is negative (visible touch points only).
  const window = rules.sentimentWindowDays * DAY_MS;
  const recentFrom = new Date(now.getTime() - window);
  const previousFrom = new Date(now.getTime() - 2 * window);
  const tScope = touchpointScope(ctx.actor);
  const sentiment = await queryRows<{
    partnerId: string;
    partnerName: string;
    averageSentiment: string;
    touchpoints: number;
    previousAverage: string | null;
  }>(
    ctx.db,
    sql`select ${touchpoints.partnerId} as "partnerId", p.name as "partnerName",
               avg(${touchpoints.sentiment}) filter (where ${touchpoints.occurredAt} >= ${recentFrom}) as "averageSentiment",
               (count(*) filter (where ${touchpoints.occurredAt} >= ${recentFrom}))::int as "touchpoints",
               avg(${touchpoints.sentiment}) filter (where ${touchpoints.occurredAt} < ${recentFrom}) as "previousAverage"
        from ${touchpoints} join ${partners} p on p.id = ${touchpoints.partnerId}
        where ${touchpoints.occurredAt} >= ${previousFrom} and ${touchpoints.occurredAt} <= ${now}
          and ${touchpoints.sentiment} is not null and ${tScope ?? sql`true`}
        group by ${touchpoints.partnerId}, p.name
        having count(*) filter (where ${touchpoints.occurredAt} >= ${recentFrom}) >= ${rules.sentimentMinTouchpoints}
           and avg(${touchpoints.sentiment}) filter (where ${touchpoints.occurredAt} >= ${recentFrom}) <= ${rules.sentimentThreshold}
        order by "averageSentiment" asc
        limit ${LIST_LIMIT}`,
  );

  const escalationByRelationship = new Map(
    openEscalations.map((e) => [e.relationshipId!, presentEscalation(e)]),
  );
  const withContact = (r: RelationshipRisk) => ({
    ...r,
    lastContactAt: lastById.get(r.relationshipId)?.toISOString() ?? null,
    escalation: escalationByRelationship.get(r.relationshipId) ?? null,
  });
  const round = (n: number) => Math.round(n * 100) / 100;
  return {
    escalated: { requests: escalatedRequests, relationships: escalatedRelationships.map(withContact) },
    atRisk: {
      requests: atRiskRequests,
      relationships: longOverdue.map(withContact),
      partners: sentiment.map((s) => ({
        ...s,
        averageSentiment: round(Number(s.averageSentiment)),
        previousAverage: s.previousAverage === null ? null : round(Number(s.previousAverage)),
      })),
      disputes,
    },
    rules,
  };
}
