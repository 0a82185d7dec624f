import type {
  CreatePartnerType,
  ListPartnerTypesQuery,
  UpdatePartnerType,
} from '../../../../common/src/contracts/partner-types.ts';
import { recordChange } from '../../db/records.ts';
import { forbidden, notFound, stale } from '../../errors.ts';
import type { Ctx } from '../../lib/context.ts';
import { toPage } from '../../lib/pagination.ts';
import { presentRecord } from '../../lib/records.ts';
import { isAdministrator } from '../access/actor.ts';
import { historyOf } from '../audit/audit.service.ts';
import {
  deletePartnerType,
  findPartnerType,
  insertPartnerType,
  listPartnerTypes,
  partnerTypeSortSpecs,
  updatePartnerType,
} from './partner-types.repository.ts';

const ENTITY = 'partner_type';
const mustAdminister = (ctx: Ctx) => {
  if (!isAdministrator(ctx.actor)) throw forbidden('Only administrators manage partner types');
};

export async function listPartnerTypesFor(ctx: Ctx, query: ListPartnerTypesQuery) {
  const spec = partnerTypeSortSpecs[query.sort]!;
  const page = toPage(await listPartnerTypes(ctx.db, query, spec), query.limit, spec);
  return { items: page.items.map(presentRecord), nextCursor: page.nextCursor };
}

export async function getPartnerType(ctx: Ctx, id: string) {
  const row = await findPartnerType(ctx.db, id);
  if (!row) throw notFound('Partner type');
  return presentRecord(row);
}

export async function createPartnerType(ctx: Ctx, input: CreatePartnerType) {
  mustAdminister(ctx);
  return ctx.db.transaction(async (tx) => {
    const row = await insertPartnerType(tx, input);
    await recordChange(tx, ctx, { entity: ENTITY, entityId: row.id, action: 'created', after: row });
    return presentRecord(row);
  });
}

export async function changePartnerType(ctx: Ctx, id: string, version: number, input: UpdatePartnerType) {
  mustAdminister(ctx);
  return ctx.db.transaction(async (tx) => {
    const before = await findPartnerType(tx, id);
    if (!before) throw notFound('Partner type');
    const after = await updatePartnerType(tx, id, version, input);
    if (!after) throw stale('partner type');
    await recordChange(tx, ctx, { entity: ENTITY, entityId: id, action: 'updated', before, after });
    return presentRecord(after);
  });
}

export async function removePartnerType(ctx: Ctx, id: string, version: number) {
  mustAdminister(ctx);
  await ctx.db.transaction(async (tx) => {
    const before = await findPartnerType(tx, id);
    if (!before) throw notFound('Partner type');
    if (before.version !== version) throw stale('partner type');
    await deletePartnerType(tx, id);
    await recordChange(tx, ctx, { entity: ENTITY, entityId: id, action: 'deleted', before });
  });
}

export async function partnerTypeHistory(ctx: Ctx, id: string, query: { limit: number; cursor?: string }) {
  await getPartnerType(ctx, id);
  return historyOf(ctx, ENTITY, id, query);
}
