import type {
  RelationshipStage,
  RelationshipStatus,
} from '../../../../common/src/contracts/relationships.ts';
import type { TouchpointKind } from '../../../../common/src/contracts/touchpoints.ts';
import type { Visibility } from '../../../../common/src/contracts/visibility.ts';
import type { Executor } from '../../db/client.ts';
import {
  changeRelationshipIn,
  createRelationshipIn,
  relationshipIn,
} from '../relationships/relationships.service.ts';
import { touchpointPolicy } from '../touchpoints/touchpoints.policy.ts';
import { recordTouchpointsWithin } from '../touchpoints/touchpoints.service.ts';
import type { RunContext } from './applying.ts';
import type { CheckedRow } from './checking.ts';
import { relationshipOfPair } from './imports.repository.ts';
import type { OutcomeRow } from './runs.repository.ts';

/**
 * What a run does with a relationship or touch-point row, through those records' own write
 * path (their services: policy, history entry, event), in the batch's transaction.
 */

type Values = CheckedRow['values'];
type Fields = Record<string, unknown>;
export type Applied = Pick<OutcomeRow, 'outcome' | 'recordId' | 'reason' | 'before' | 'after'>;

const text = (v: Values[string] | undefined) => (typeof v === 'string' ? v : null);
const list = (v: Values[string] | undefined) => (Array.isArray(v) ? v : []);
const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** The relationship's columns a row fills, by the file field that fills each. */
function relationshipColumns(values: Values) {
  const cadence = text(values.cadenceDays);
  return {
    manager: ['managerId', text(values.managerId)],
    stage: ['stage', text(values.stage)],
    status: ['status', text(values.status)],
    cadenceDays: ['cadenceDays', cadence === null ? null : Number(cadence)],
    startDate: ['startDate', text(values.startDate)],
    reviewDate: ['reviewDate', text(values.reviewDate)],
    objectives: ['objectives', text(values.objectives)],
  } as const;
}

export async function createRelationshipRow(tx: Executor, run: RunContext, values: Values): Promise<Applied> {
  const unitId = text(values.unitId)!;
  const partnerId = text(values.partnerId)!;
  // The unit has one relationship with a partner: a second is refused, not attempted.
  const existing = await relationshipOfPair(tx, unitId, partnerId);
  if (existing)
    return {
      outcome: 'failed',
      recordId: existing.id,
      reason: `${text(values.unit)} has a relationship with ${text(values.partner)} already: choose to update it or skip the row`,
    };
  const c = relationshipColumns(values);
  const created = await createRelationshipIn(tx, run.ctx, {
    unitId,
    partnerId,
    managerId: c.manager[1],
    deputyIds: [],
    stage: (c.stage[1] as RelationshipStage | null) ?? 'getting_to_know',
    status: (c.status[1] as RelationshipStatus | null) ?? 'active',
    objectives: c.objectives[1],
    cadenceDays: c.cadenceDays[1],
    startDate: c.startDate[1],
    reviewDate: c.reviewDate[1],
  });
  return { outcome: 'created', recordId: created.id, reason: null };
}

export async function updateRelationshipRow(
  tx: Executor,
  run: RunContext,
  id: string,
  values: Values,
  fields: Set<string>,
): Promise<Applied> {
  const current = (await relationshipIn(tx, id)) as (Fields & { version: number }) | null;
  if (!current)
    return { outcome: 'failed', recordId: id, reason: 'was to update a relationship that no longer exists' };
  const before: Fields = {};
  const after: Fields = {};
  for (const [field, [column, value]] of Object.entries(relationshipColumns(values))) {
    if (!fields.has(field) || value === null || same(current[column], value)) continue;
    before[column] = current[column];
    after[column] = value;
  }
  if (Object.keys(after).length === 0)
    return {
      outcome: 'skipped',
      recordId: id,
      reason: 'nothing to change: the relationship already holds these values',
    };
  await changeRelationshipIn(tx, run.ctx, id, current.version, after);
  return {
    outcome: 'updated',
    recordId: id,
    reason: `changed ${Object.keys(after).join(', ')}`,
    before,
    after,
  };
}

/**
 * A touch point as a row gives it: recorded by the uploader for the unit named (their own when
 * none is), with the participants whose e-mail addresses Rapport knows; those it does not are
 * named in the report. Without a visibility (a column, or a cell) it gets its unit's default.
 */
export async function createTouchpointRow(tx: Executor, run: RunContext, values: Values): Promise<Applied> {
  const unitId = text(values.unitId) ?? run.ctx.actor.unitId;
  if (!unitId || !touchpointPolicy.canRecordFor(run.ctx.actor, unitId))
    return {
      outcome: 'failed',
      recordId: null,
      reason: unitId
        ? `is for ${text(values.unit)}: you log touch points for your own unit only`
        : 'names no unit, and you belong to none: add a unit column',
    };
  const [created] = await recordTouchpointsWithin(tx, run.ctx, [
    {
      partnerId: text(values.partnerId)!,
      partnerIds: [],
      unitId: text(values.unitId) ?? undefined,
      kind: (text(values.kind) as TouchpointKind | null) ?? 'note',
      isFormal: false,
      occurredAt: text(values.occurredAt)!,
      subject: text(values.subject)!,
      notes: text(values.notes),
      sentiment: null,
      staffIds: list(values.staffIds),
      contactIds: list(values.contactIds),
      visibility: (text(values.visibility) as Visibility | null) ?? undefined,
      readerIds: [],
    },
  ]);
  const unmatched = list(values.unmatched);
  return {
    outcome: 'created',
    recordId: created!.id,
    reason: unmatched.length
      ? `created without ${unmatched.length === 1 ? 'the participant' : 'the participants'} ${unmatched.join(', ')}: no contact or member of staff has ${unmatched.length === 1 ? 'that address' : 'those addresses'}`
      : null,
  };
}
