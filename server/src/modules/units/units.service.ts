import type { CreateUnit, ListUnitsQuery, UpdateUnit } from '../../../../common/src/contracts/units.ts';
import { recordChange } from '../../db/records.ts';
import { forbidden, invalid, notFound, stale } from '../../errors.ts';
import type { Ctx } from '../../lib/context.ts';
import { toPage } from '../../lib/pagination.ts';
import { presentRecord } from '../../lib/records.ts';
import { historyOf } from '../audit/audit.service.ts';
import { unitPolicy } from './units.policy.ts';
import {
  deleteUnit,
  findUnit,
  insertUnit,
  isInSubtree,
  listUnits,
  unitSortSpecs,
  updateUnit,
} from './units.repository.ts';

const ENTITY = 'unit';

export async function listUnitsFor(ctx: Ctx, query: ListUnitsQuery) {
  const spec = unitSortSpecs[query.sort]!;
  const page = toPage(await listUnits(ctx.db, query, spec), query.limit, spec);
  return { items: page.items.map(presentRecord), nextCursor: page.nextCursor };
}

export async function getUnit(ctx: Ctx, id: string) {
  const unit = await findUnit(ctx.db, id);
  if (!unit || !unitPolicy.canRead(ctx.actor)) throw notFound('Unit');
  return presentRecord(unit);
}

export async function createUnit(ctx: Ctx, input: CreateUnit) {
  if (!unitPolicy.canWrite(ctx.actor)) throw forbidden('Only administrators manage units');
  return ctx.db.transaction(async (tx) => {
    if (input.parentId && !(await findUnit(tx, input.parentId)))
      throw invalid('parentId', 'does not name an existing unit');
    const unit = await insertUnit(tx, input);
    await recordChange(tx, ctx, { entity: ENTITY, entityId: unit.id, action: 'created', after: unit });
    return presentRecord(unit);
  });
}

export async function changeUnit(ctx: Ctx, id: string, version: number, input: UpdateUnit) {
  if (!unitPolicy.canWrite(ctx.actor)) throw forbidden('Only administrators manage units');
  return ctx.db.transaction(async (tx) => {
    const before = await findUnit(tx, id);
    if (!before) throw notFound('Unit');
    if (input.parentId) {
      if (!(await findUnit(tx, input.parentId))) throw invalid('parentId', 'does not name an existing unit');
      if (await isInSubtree(tx, id, input.parentId)) {
        throw invalid('parentId', 'cannot be the unit itself or one of its sub-units');
      }
    }
    const after = await updateUnit(tx, id, version, input);
    if (!after) throw stale('unit');
    await recordChange(tx, ctx, { entity: ENTITY, entityId: id, action: 'updated', before, after });
    return presentRecord(after);
  });
}

export async function removeUnit(ctx: Ctx, id: string, version: number) {
  if (!unitPolicy.canWrite(ctx.actor)) throw forbidden('Only administrators manage units');
  await ctx.db.transaction(async (tx) => {
    const before = await findUnit(tx, id);
    if (!before) throw notFound('Unit');
    if (before.version !== version) {
      throw stale('unit');
    }
    await deleteUnit(tx, id);
    await recordChange(tx, ctx, { entity: ENTITY, entityId: id, action: 'deleted', before });
  });
}

export async function unitHistory(ctx: Ctx, id: string, query: { limit: number; cursor?: string }) {
  await getUnit(ctx, id);
  return historyOf(ctx, ENTITY, id, query);
}
