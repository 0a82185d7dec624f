import type { CreateUnit, ListUnitsQuery, UpdateUnit } from '../../../../common/src/contracts/units.ts';
import type { Executor } from '../../db/client.ts';
import { forbidden, invalid, notFound } from '../../errors.ts';
import type { Ctx } from '../../lib/context.ts';
import { toPage } from '../../lib/pagination.ts';
import { presentRecord } from '../../lib/records.ts';
import { historyOf } from '../audit/audit.service.ts';
import { unitPolicy } from './units.policy.ts';
import { findUnit, isInSubtree, listUnits, unitSortSpecs, unitStore } from './units.repository.ts';

const ENTITY = unitStore.entity;

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
    return unitStore.create(tx, ctx, {
      name: input.name,
      code: input.code,
      kind: input.kind,
      parentId: input.parentId,
      description: input.description,
      defaultVisibility: input.defaultVisibility ?? 'institution',
    });
  });
}

async function loadForChange(ctx: Ctx, tx: Executor, id: string) {
  if (!unitPolicy.canWrite(ctx.actor)) throw forbidden('Only administrators manage units');
  const row = await findUnit(tx, id);
  if (!row) throw notFound('Unit');
  return presentRecord(row);
}

export async function changeUnit(ctx: Ctx, id: string, version: number, input: UpdateUnit) {
  return ctx.db.transaction(async (tx) => {
    const before = await loadForChange(ctx, tx, id);
    if (input.parentId) {
      if (!(await findUnit(tx, input.parentId))) throw invalid('parentId', 'does not name an existing unit');
      if (await isInSubtree(tx, id, input.parentId)) {
        throw invalid('parentId', 'cannot be the unit itself or one of its sub-units');
      }
    }
    const changes = {
      name: input.name,
      code: input.code,
      kind: input.kind,
      parentId: input.parentId,
      description: input.description,
      defaultVisibility: input.defaultVisibility,
    };
    return unitStore.update(tx, ctx, id, version, changes, { before });
  });
}

export async function removeUnit(ctx: Ctx, id: string, version: number) {
  await ctx.db.transaction(async (tx) => {
    const before = await loadForChange(ctx, tx, id);
    await unitStore.remove(tx, ctx, id, version, { before });
  });
}

export async function unitHistory(ctx: Ctx, id: string, query: { limit: number; cursor?: string }) {
  await getUnit(ctx, id);
  return historyOf(ctx, ENTITY, id, query);
}
