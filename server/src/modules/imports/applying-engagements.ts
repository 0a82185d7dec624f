import type { RelationshipStage, RelationshipStatus } from '../../../../common/src/labels/relationships.ts';
import type { TouchpointKind } from '../../../../common/src/labels/touchpoints.ts';
import type { Visibility } from '../../../../common/src/labels/visibility.ts';
import type { Executor } from '../../db/client.ts';
import {
  changeRelationshipsIn,
  createRelationshipsIn,
  relationshipsIn,
  relationshipsOfPairsIn,
} from '../relationships/relationships.service.ts';
import { touchpointPolicy } from '../touchpoints/touchpoints.policy.ts';
import { recordTouchpointsWithin } from '../touchpoints/touchpoints.service.ts';
import type { RunContext } from './applying.ts';
import type { CheckedRow } from './checking.ts';
import type { OutcomeRow } from './runs.repository.ts';

/**
 * What a run does with relationship or touch-point rows, through those records' own write
 * path (their services: policy, history entry, event), in the batch's transaction; the rows
 * that create records, together (see applying.ts).
 */

type Values = CheckedRow['values'];
type Fields = Record<string, unknown>;
export type Applied = Pick<OutcomeRow, 'outcome' | 'recordId' | 'reason' | 'before' | 'after'>;

const text = (v: Values[string] | undefined) => (typeof v === 'string' ? v : null);
const listOf = (v: Values[string] | undefined) => (Array.isArray(v) ? v : []);
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

/**
 * Relationships as rows give them, together (see applying.ts). A unit has one relationship
 * with a partner: a second is refused, not attempted, whether Rapport holds the first or a
 * row above creates it.
 */
export async function createRelationshipRows(
  tx: Executor,
  run: RunContext,
  list: Values[],
): Promise<Applied[]> {
  const pairOf = (values: Values) => ({ unitId: text(values.unitId)!, partnerId: text(values.partnerId)! });
  const keyOf = (values: Values) => `${text(values.unitId)}/${text(values.partnerId)}`;
  const existing = await relationshipsOfPairsIn(tx, list.map(pairOf));
  const refused = (values: Values, id: string | null): Applied => ({
    outcome: 'failed',
    recordId: id,
    reason: `${text(values.unit)} has a relationship with ${text(values.partner)} already: choose to update it or skip the row`,
  });
  const first = new Map<string, number>();
  const toCreate: number[] = [];
  list.forEach((values, i) => {
    const key = keyOf(values);
    if (!existing.has(key) && !first.has(key)) {
      first.set(key, i);
      toCreate.push(i);
    }
  });
  const created = await createRelationshipsIn(
    tx,
    run.ctx,
    toCreate.map((i) => {
      const values = list[i]!;
      const c = relationshipColumns(values);
      return {
        ...pairOf(values),
        managerId: c.manager[1],
        deputyIds: [],
        stage: (c.stage[1] as RelationshipStage | null) ?? 'getting_to_know',
        status: (c.status[1] as RelationshipStatus | null) ?? 'active',
        objectives: c.objectives[1],
        cadenceDays: c.cadenceDays[1],
        startDate: c.startDate[1],
        reviewDate: c.reviewDate[1],
      };
    }),
  );
  const idOf = new Map(toCreate.map((i, n) => [i, created[n]!.id]));
  return list.map((values, i) => {
    const id = idOf.get(i);
    if (id) return { outcome: 'created', recordId: id, reason: null };
    const key = keyOf(values);
    return refused(values, existing.get(key) ?? idOf.get(first.get(key)!) ?? null);
  });
}

/**
 * Relationships' updates, together: read in one query, changed through the relationships'
 * set-based path (one update, one insert of history entries, one of events). Each once.
 */
export async function updateRelationshipRows(
  tx: Executor,
  run: RunContext,
  list: { id: string; values: Values; fields: Set<string> }[],
): Promise<Applied[]> {
  const currents = new Map(
    (
      await relationshipsIn(
        tx,
        list.map((u) => u.id),
      )
    ).map((r) => [r.id, r as unknown as Fields & { version: number }]),
  );
  const changes: Parameters<typeof changeRelationshipsIn>[2] = [];
  const applied = list.map(({ id, values, fields }): Applied => {
    const current = currents.get(id);
    if (!current)
      return {
        outcome: 'failed',
        recordId: id,
        reason: 'was to update a relationship that no longer exists',
      };
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
    changes.push({ id, version: current.version, input: after });
    return {
      outcome: 'updated',
      recordId: id,
      reason: `changed ${Object.keys(after).join(', ')}`,
      before,
      after,
    };
  });
  await changeRelationshipsIn(tx, run.ctx, changes);
  return applied;
}

/**
 * Touch points as rows give them, together, through the touch points' own bulk path (one call
 * for the batch: its checks, partner locks and read-version bumps stay there). Each is recorded
 * by the uploader for the unit named (their own when none is), with the participants whose
 * e-mail addresses Rapport knows; those it does not are named in the report. Without a
 * visibility (a column, or a cell) it gets its unit's default.
 */
export async function createTouchpointRows(
  tx: Executor,
  run: RunContext,
  list: Values[],
): Promise<Applied[]> {
  const results: (Applied | null)[] = list.map((values) => {
    const unitId = text(values.unitId) ?? run.ctx.actor.unitId;
    if (unitId && touchpointPolicy.canRecordFor(run.ctx.actor, unitId)) return null;
    return {
      outcome: 'failed',
      recordId: null,
      reason: unitId
        ? `is for ${text(values.unit)}: you log touch points for your own unit only`
        : 'names no unit, and you belong to none: add a unit column',
    };
  });
  const toRecord = list.flatMap((values, i) => (results[i] ? [] : [values]));
  const created = toRecord.length
    ? await recordTouchpointsWithin(
        tx,
        run.ctx,
        toRecord.map((values) => ({
          partnerId: text(values.partnerId)!,
          partnerIds: [],
          unitId: text(values.unitId) ?? undefined,
          kind: (text(values.kind) as TouchpointKind | null) ?? 'note',
          isFormal: false,
          occurredAt: text(values.occurredAt)!,
          subject: text(values.subject)!,
          notes: text(values.notes),
          sentiment: null,
          staffIds: listOf(values.staffIds),
          contactIds: listOf(values.contactIds),
          visibility: (text(values.visibility) as Visibility | null) ?? undefined,
          readerIds: [],
        })),
      )
    : [];
  let n = 0;
  return list.map((values, i) => {
    const refused = results[i];
    if (refused) return refused;
    const unmatched = listOf(values.unmatched);
    return {
      outcome: 'created',
      recordId: created[n++]!.id,
      reason: unmatched.length
        ? `created without ${unmatched.length === 1 ? 'the participant' : 'the participants'} ${unmatched.join(', ')}: no contact or member of staff has ${unmatched.length === 1 ? 'that address' : 'those addresses'}`
        : null,
    };
  });
}
