import type {
  CreateAffiliation,
  ListAffiliationsQuery,
  UpdateAffiliation,
} from '../../../../common/src/contracts/affiliations.ts';
import type { Executor } from '../../db/client.ts';
import { recordChange } from '../../db/records.ts';
import { forbidden, invalid, notFound, stale } from '../../errors.ts';
import type { Ctx } from '../../lib/context.ts';
import { toPage } from '../../lib/pagination.ts';
import { presentRecord } from '../../lib/records.ts';
import { hasRole } from '../access/actor.ts';
import { historyOf } from '../audit/audit.service.ts';
import {
  affiliationSortSpecs,
  clearPrimary,
  deleteAffiliation,
  findAffiliation,
  insertAffiliation,
  listAffiliations,
  lockContactForPrimary,
  otherPrimaryAffiliations,
  updateAffiliation,
} from './affiliations.repository.ts';

const ENTITY = 'affiliation';

function checkDates(startDate: string | null, endDate: string | null) {
  if (startDate && endDate && endDate < startDate)
    throw invalid('endDate', 'cannot be before the start date');
}

/**
 * A contact has at most one primary affiliation: making one primary clears the others, each
 * audited. The caller holds the contact's lock (lockContactForPrimary) from before its write.
 */
async function keepOnePrimary(tx: Executor, ctx: Ctx, contactId: string, primaryId: string) {
  for (const before of await otherPrimaryAffiliations(tx, contactId, primaryId)) {
    await clearPrimary(tx, before.id);
    const after = await findAffiliation(tx, before.id);
    await recordChange(tx, ctx, { entity: ENTITY, entityId: before.id, action: 'updated', before, after });
  }
}

export async function listAffiliationsFor(ctx: Ctx, query: ListAffiliationsQuery) {
  const spec = affiliationSortSpecs[query.sort]!;
  const page = toPage(await listAffiliations(ctx.db, query, spec), query.limit, spec);
  return { items: page.items.map(presentRecord), nextCursor: page.nextCursor };
}

export async function getAffiliation(ctx: Ctx, id: string) {
  const row = await findAffiliation(ctx.db, id);
  if (!row) throw notFound('Affiliation');
  return presentRecord(row);
}

export async function createAffiliation(ctx: Ctx, input: CreateAffiliation) {
  if (!hasRole(ctx.actor, 'staff')) throw forbidden();
  checkDates(input.startDate, input.endDate);
  return ctx.db.transaction(async (tx) => {
    if (input.isPrimary) await lockContactForPrimary(tx, input.contactId);
    const id = await insertAffiliation(tx, input);
    if (input.isPrimary) await keepOnePrimary(tx, ctx, input.contactId, id);
    const after = (await findAffiliation(tx, id))!;
    await recordChange(tx, ctx, { entity: ENTITY, entityId: id, action: 'created', after });
    return presentRecord(after);
  });
}

export async function changeAffiliation(ctx: Ctx, id: string, version: number, input: UpdateAffiliation) {
  if (!hasRole(ctx.actor, 'staff')) throw forbidden();
  return ctx.db.transaction(async (tx) => {
    const before = await findAffiliation(tx, id);
    if (!before) throw notFound('Affiliation');
    if (input.isPrimary) await lockContactForPrimary(tx, before.contactId);
    checkDates(
      input.startDate === undefined ? before.startDate : input.startDate,
      input.endDate === undefined ? before.endDate : input.endDate,
    );
    if (!(await updateAffiliation(tx, id, version, input))) throw stale('affiliation');
    if (input.isPrimary) await keepOnePrimary(tx, ctx, before.contactId, id);
    const after = (await findAffiliation(tx, id))!;
    await recordChange(tx, ctx, { entity: ENTITY, entityId: id, action: 'updated', before, after });
    return presentRecord(after);
  });
}

export async function removeAffiliation(ctx: Ctx, id: string, version: number) {
  if (!hasRole(ctx.actor, 'senior_manager'))
    throw forbidden('Only senior managers and administrators delete affiliations');
  await ctx.db.transaction(async (tx) => {
    const before = await findAffiliation(tx, id);
    if (!before) throw notFound('Affiliation');
    if (before.version !== version) throw stale('affiliation');
    await deleteAffiliation(tx, id);
    await recordChange(tx, ctx, { entity: ENTITY, entityId: id, action: 'deleted', before });
  });
}

export async function affiliationHistory(ctx: Ctx, id: string, query: { limit: number; cursor?: string }) {
  await getAffiliation(ctx, id);
  return historyOf(ctx, ENTITY, id, query);
}
