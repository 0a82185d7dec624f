import type { EscalateBody } from '../../../../common/src/contracts/escalations.ts';
import {
  escalationLevelLabels,
  escalationLevels,
  type EscalationLevel as Level,
} from '../../../../common/src/labels/requests.ts';
import type { Executor } from '../../db/client.ts';
import { recordChange } from '../../db/records.ts';
import { AppError, forbidden, invalid } from '../../errors.ts';
import type { Ctx } from '../../lib/context.ts';
import { requestAudience } from '../access/audience.repository.ts';
import { getRelationship } from '../relationships/relationships.service.ts';
import { requestPolicy } from '../requests/requests.policy.ts';
import {
  type EscalationRow,
  listEscalations,
  loadVisibleRequest,
  setEscalationLevel,
} from '../requests/requests.service.ts';
import {
  activeInUnit,
  closeOpenEscalation,
  countActive,
  type EscalationSubject,
  insertEscalation,
  lockRelationship,
  managersOfRelationship,
  openLevelOf,
  parentOfUnit,
  topSeniorManagers,
} from './escalations.repository.ts';

const rank = (level: Level) => escalationLevels.indexOf(level);
const levelName = (level: Level) => escalationLevelLabels[level].toLowerCase();

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
  if (level === 'line_manager') {
    if (subject.relationshipId) {
      const people = await managersOfRelationship(db, subject.relationshipId);
      if (people.length) return people;
    }
    return activeInUnit(db, 'relationship_manager', subject.unitId);
  }
  if (level === 'head_of_unit') {
    let unitId: string | null = subject.unitId;
    for (let depth = 0; unitId && depth < 20; depth++) {
      const people = await activeInUnit(db, 'senior_manager', unitId);
      if (people.length) return people;
      unitId = await parentOfUnit(db, unitId);
    }
    return [];
  }
  return topSeniorManagers(db);
}

async function checkNamed(db: Executor, ids: string[]) {
  if (!ids.length) return;
  if ((await countActive(db, ids)) !== new Set(ids).size)
    throw invalid('notifyUserIds', 'must all be active members of staff');
}

/** An escalation as the API shows it (the senior view shows them too). */
export const presentEscalation = ({ relationshipId: _r, ...e }: EscalationRow) => ({
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
const closeOpen = (tx: Executor, ctx: Ctx, subject: EscalationSubject, reason: string) =>
  closeOpenEscalation(tx, subject, ctx.actor.userId, reason);

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
    await closeOpen(tx, ctx, { requestId: id }, `Escalated to ${levelName(input.level)}`);
    await insertEscalation(tx, {
      requestId: id,
      level: input.level,
      briefing: input.briefing,
      raisedById: ctx.actor.userId,
      namedUserIds: told,
    });
    return setEscalationLevel(tx, ctx, row, input.level, {
      detail: { level: input.level, levelName: levelName(input.level), briefing: input.briefing, told },
      alongside: () => requestAudience.add(tx, id, told),
    });
  });
  return result;
}

export async function deescalateRequest(ctx: Ctx, id: string, reason: string) {
  return ctx.db.transaction(async (tx) => {
    const { row, readerIds } = await loadVisibleRequest(ctx, tx, id, true);
    if (!requestPolicy.canWork(ctx.actor, row, readerIds))
      throw forbidden('You cannot de-escalate this request');
    const closed = await closeOpen(tx, ctx, { requestId: id }, reason);
    if (!closed) throw new AppError('conflict', 'This request is not escalated');
    return setEscalationLevel(tx, ctx, row, null, { detail: { level: closed.level, reason } });
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
    await lockRelationship(tx, id);
    refuseLowerLevel(await openLevelOf(tx, { relationshipId: id }), input.level);
    await checkNamed(tx, input.notifyUserIds);
    const levelPeople = await recipientsOf(tx, input.level, {
      unitId: relationship.unitId,
      relationshipId: id,
    });
    const told = [...new Set([...levelPeople, ...input.notifyUserIds])].filter((u) => u !== ctx.actor.userId);
    await closeOpen(tx, ctx, { relationshipId: id }, `Escalated to ${levelName(input.level)}`);
    const createdId = await insertEscalation(tx, {
      relationshipId: id,
      level: input.level,
      briefing: input.briefing,
      raisedById: ctx.actor.userId,
      namedUserIds: told,
    });
    await recordChange(tx, ctx, {
      entity: 'relationship',
      entityId: id,
      action: 'escalated',
      before: asRecorded(relationship),
      after: asRecorded(relationship),
      detail: {
        escalationId: createdId,
        level: input.level,
        levelName: levelName(input.level),
        briefing: input.briefing,
        told,
        unitName: relationship.unitName,
        partnerName: relationship.partnerName,
        partnerId: relationship.partnerId,
      },
    });
    return createdId;
  });
  return relationshipEscalations(ctx, id).then((list) => list.items.find((e) => e.id === result)!);
}

export async function deescalateRelationship(ctx: Ctx, id: string, reason: string) {
  const relationship = await loadEscalatable(ctx, id);
  const closedId = await ctx.db.transaction(async (tx) => {
    const closed = await closeOpen(tx, ctx, { relationshipId: id }, reason);
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
  return { items: (await listEscalations(ctx.db, { relationshipId: id })).map(presentEscalation) };
}

export async function requestEscalations(ctx: Ctx, id: string) {
  await loadVisibleRequest(ctx, ctx.db, id);
  return { items: (await listEscalations(ctx.db, { requestId: id })).map(presentEscalation) };
}

/** The open escalations of relationships, newest first (the senior view). */
export const openRelationshipEscalations = (db: Executor) =>
  listEscalations(db, { openRelationshipEscalations: true });
