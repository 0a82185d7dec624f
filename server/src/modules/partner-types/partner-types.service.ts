import type {
  CreatePartnerType,
  ListPartnerTypesQuery,
  UpdatePartnerType,
} from '../../../../common/src/contracts/partner-types.ts';
import type { Executor } from '../../db/client.ts';
import { forbidden, notFound } from '../../errors.ts';
import type { Ctx } from '../../lib/context.ts';
import { toPage } from '../../lib/pagination.ts';
import { presentRecord } from '../../lib/records.ts';
import { isAdministrator } from '../access/actor.ts';
import { historyOf } from '../audit/audit.service.ts';
import {
  findPartnerType,
  listPartnerTypes,
  partnerTypeSortSpecs,
  partnerTypeStore,
} from './partner-types.repository.ts';

const ENTITY = partnerTypeStore.entity;
const mustAdminister = (ctx: Ctx) => {
  if (!isAdministrator(ctx.actor)) throw forbidden('Only administrators manage partner types');
};

export async function listPartnerTypesFor(ctx: Ctx, query: ListPartnerTypesQuery) {
  const spec = partnerTypeSortSpecs[query.sort]!;
  const page = toPage(await listPartnerTypes(ctx.db, query, spec), query.limit, spec);
  return { items: page.items.map(presentRecord), nextCursor: page.nextCursor };
}

/** Whether a partner type exists (in the caller's transaction, when given one). */
export async function partnerTypeExists(db: Executor, id: string) {
  return (await findPartnerType(db, id)) !== null;
}

export async function getPartnerType(ctx: Ctx, id: string) {
  const row = await findPartnerType(ctx.db, id);
  if (!row) throw notFound('Partner type');
  return presentRecord(row);
}

export async function createPartnerType(ctx: Ctx, input: CreatePartnerType) {
  mustAdminister(ctx);
  return ctx.db.transaction((tx) =>
    partnerTypeStore.create(tx, ctx, { name: input.name, description: input.description }),
  );
}

async function loadForChange(ctx: Ctx, tx: Executor, id: string) {
  mustAdminister(ctx);
  const row = await findPartnerType(tx, id);
  if (!row) throw notFound('Partner type');
  return presentRecord(row);
}

export async function changePartnerType(ctx: Ctx, id: string, version: number, input: UpdatePartnerType) {
  return ctx.db.transaction(async (tx) => {
    const before = await loadForChange(ctx, tx, id);
    return partnerTypeStore.update(
      tx,
      ctx,
      id,
      version,
      { name: input.name, description: input.description },
      { before },
    );
  });
}

export async function removePartnerType(ctx: Ctx, id: string, version: number) {
  await ctx.db.transaction(async (tx) => {
    const before = await loadForChange(ctx, tx, id);
    await partnerTypeStore.remove(tx, ctx, id, version, { before });
  });
}

export async function partnerTypeHistory(ctx: Ctx, id: string, query: { limit: number; cursor?: string }) {
  await getPartnerType(ctx, id);
  return historyOf(ctx, ENTITY, id, query);
}
