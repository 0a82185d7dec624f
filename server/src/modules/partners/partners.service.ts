import type {
  CreatePartner,
  SimilarPartnersQuery,
  UpdatePartner,
} from '../../../../common/src/contracts/partners.ts';
import type { ExportPartnersQuery, ListPartnersQuery } from '../../../../common/src/lists/partners.ts';
import type { Executor } from '../../db/client.ts';
import { forbidden, invalid, notFound } from '../../errors.ts';
import type { Ctx } from '../../lib/context.ts';
import { type ExportColumn, exportFile, keysetPages } from '../../lib/lists/export.ts';
import { presentRecord } from '../../lib/records.ts';
import { historyOf } from '../audit/audit.service.ts';
import { partnerPolicy } from './partners.policy.ts';
import {
  existingPartnerIds,
  findPartner,
  findPartners,
  findSimilarPartners,
  isInPartnerSubtree,
  listPartners,
  partnerStore,
} from './partners.repository.ts';

const ENTITY = 'partner';
/** Rows per query while exporting: big enough to be quick, small enough to hold in memory. */
const EXPORT_PAGE = 500;

export async function listPartnersFor(ctx: Ctx, query: ListPartnersQuery) {
  const page = await listPartners(ctx.db, query);
  return { items: page.items.map(presentRecord), nextCursor: page.nextCursor };
}

type PartnerRow = Awaited<ReturnType<typeof listPartners>>['items'][number];

const exportColumns: ExportColumn<PartnerRow>[] = [
  { header: 'Name', value: (p) => p.name, width: 40 },
  { header: 'Type', value: (p) => p.typeName },
  { header: 'Status', value: (p) => p.status },
  { header: 'Part of', value: (p) => p.parentName },
  { header: 'Internal', value: (p) => p.isInternal },
  { header: 'Sector', value: (p) => p.sector },
  { header: 'Website', value: (p) => p.website, width: 30 },
  { header: 'Address', value: (p) => p.addressLine, width: 30 },
  { header: 'City', value: (p) => p.city },
  { header: 'Postcode', value: (p) => p.postcode },
  { header: 'Country', value: (p) => p.country },
  { header: 'Tags', value: (p) => p.tags.join('; ') },
  { header: 'Created', value: (p) => p.createdAt },
  { header: 'Updated', value: (p) => p.updatedAt },
  { header: 'Rapport id', value: (p) => p.id, width: 38 },
];

/** Every partner the filters match, streamed page by page as CSV or XLSX. */
export function exportPartners(ctx: Ctx, query: ExportPartnersQuery) {
  const { format, ...filters } = query;
  return exportFile({
    format,
    basename: 'partners',
    sheetName: 'Partners',
    columns: exportColumns,
    pages: keysetPages((cursor) => listPartners(ctx.db, { ...filters, cursor, limit: EXPORT_PAGE })),
  });
}

/** Whether a partner exists (in the caller's transaction, when given one). */
export async function partnerExists(db: Executor, id: string) {
  return (await findPartner(db, id)) !== null;
}

/** Partners that may be the one being created (a similar name, the same website): the duplicate warning. */
export async function similarPartners(ctx: Ctx, query: SimilarPartnersQuery) {
  const found = await findSimilarPartners(ctx.db, query, query.limit);
  return {
    items: found.map(({ row, sameWebsite }) => ({
      ...presentRecord(row),
      reason: sameWebsite ? ('website' as const) : ('name' as const),
    })),
  };
}

export async function getPartner(ctx: Ctx, id: string) {
  const row = await findPartner(ctx.db, id);
  if (!row) throw notFound('Partner');
  return presentRecord(row);
}

/** An internal partner is one of the university's own units, so it must say which. */
function checkInternalUnit(isInternal: boolean, unitId: string | null) {
  if (isInternal && !unitId) throw invalid('unitId', 'is required for an internal partner');
  if (!isInternal && unitId) throw invalid('unitId', 'can only be set for an internal partner');
}

/** Every column of a partner from a create or update body (`undefined` in an update: unchanged). */
const columnsOf = <I extends UpdatePartner>(input: I): { [K in keyof UpdatePartner]-?: I[K] } => ({
  name: input.name,
  typeId: input.typeId,
  parentId: input.parentId,
  isInternal: input.isInternal,
  unitId: input.unitId,
  status: input.status,
  website: input.website,
  sector: input.sector,
  addressLine: input.addressLine,
  city: input.city,
  postcode: input.postcode,
  country: input.country,
  tags: input.tags,
});

export async function createPartner(ctx: Ctx, input: CreatePartner) {
  if (!partnerPolicy.canWrite(ctx.actor)) throw forbidden();
  return ctx.db.transaction((tx) => createPartnerIn(tx, ctx, input));
}

/** Creates a partner in the caller's transaction (an import writes a batch in one). */
export async function createPartnerIn(tx: Executor, ctx: Ctx, input: CreatePartner) {
  if (!partnerPolicy.canWrite(ctx.actor)) throw forbidden();
  checkInternalUnit(input.isInternal, input.unitId);
  return partnerStore.create(tx, ctx, columnsOf(input));
}

/**
 * Creates many partners in the caller's transaction, set-based (one insert, one read, one audit
 * insert and one event insert however many): an import's batch. Each is checked as
 * `createPartnerIn` checks it; the history entries and events are the same.
 */
export async function createPartnersIn(tx: Executor, ctx: Ctx, inputs: CreatePartner[]) {
  if (!partnerPolicy.canWrite(ctx.actor)) throw forbidden();
  for (const input of inputs) checkInternalUnit(input.isInternal, input.unitId);
  return partnerStore.createMany(tx, ctx, inputs.map(columnsOf));
}

/** Which of these ids name a partner, in one query. */
export const partnersThatExist = (tx: Executor, ids: string[]) => existingPartnerIds(tx, ids);

/** A partner as the API shows it, read in the caller's transaction; null when there is none. */
export async function partnerIn(tx: Executor, id: string) {
  const row = await findPartner(tx, id);
  return row ? presentRecord(row) : null;
}

async function loadForChange(tx: Executor, id: string) {
  const row = await findPartner(tx, id);
  if (!row) throw notFound('Partner');
  return row;
}

export async function changePartner(ctx: Ctx, id: string, version: number, input: UpdatePartner) {
  if (!partnerPolicy.canWrite(ctx.actor)) throw forbidden();
  return ctx.db.transaction((tx) => changePartnerIn(tx, ctx, id, version, (_) => input));
}

/**
 * Changes a partner in the caller's transaction: the single PATCH and bulk actions share it.
 * `changesOf` derives the change from the record as it is (a bulk "add tags" merges).
 */
export async function changePartnerIn(
  tx: Executor,
  ctx: Ctx,
  id: string,
  version: number,
  changesOf: (before: PartnerRow) => UpdatePartner,
) {
  if (!partnerPolicy.canWrite(ctx.actor)) throw forbidden();
  const before = await loadForChange(tx, id);
  const input = changesOf(before);
  checkInternalUnit(
    input.isInternal ?? before.isInternal,
    input.unitId === undefined ? before.unitId : input.unitId,
  );
  if (input.parentId && (await isInPartnerSubtree(tx, id, input.parentId))) {
    throw invalid('parentId', 'cannot be the partner itself or one of its own sites or members');
  }
  return partnerStore.update(tx, ctx, id, version, columnsOf(input), { before: presentRecord(before) });
}

/**
 * Changes many partners in the caller's transaction, set-based (read before in one query, one
 * update of them all, read after in one, one insert of their history entries and one of their
 * events): an import's batch. Each is checked as `changePartnerIn` checks it (a new parent, one
 * query each); the history entries and events are the same. A partner may appear once.
 */
export async function changePartnersIn(
  tx: Executor,
  ctx: Ctx,
  changes: { id: string; version: number; input: UpdatePartner }[],
) {
  if (!partnerPolicy.canWrite(ctx.actor)) throw forbidden();
  if (changes.length === 0) return [];
  const befores = new Map(
    (
      await findPartners(
        tx,
        changes.map((c) => c.id),
      )
    ).map((row) => [row.id, row]),
  );
  for (const { id, input } of changes) {
    const before = befores.get(id);
    if (!before) throw notFound('Partner');
    checkInternalUnit(
      input.isInternal ?? before.isInternal,
      input.unitId === undefined ? before.unitId : input.unitId,
    );
    if (input.parentId && (await isInPartnerSubtree(tx, id, input.parentId)))
      throw invalid('parentId', 'cannot be the partner itself or one of its own sites or members');
  }
  return partnerStore.updateMany(
    tx,
    ctx,
    changes.map((c) => ({
      id: c.id,
      version: c.version,
      changes: columnsOf(c.input),
      before: presentRecord(befores.get(c.id)!),
    })),
  );
}

/** Partners as the API shows them, read in the caller's transaction (those that exist, in order). */
export async function partnersIn(tx: Executor, ids: string[]) {
  return (await findPartners(tx, ids)).map(presentRecord);
}

export async function removePartner(ctx: Ctx, id: string, version: number) {
  if (!partnerPolicy.canDelete(ctx.actor))
    throw forbidden('Only senior managers and administrators delete partners');
  await ctx.db.transaction(async (tx) => {
    const before = await loadForChange(tx, id);
    await partnerStore.remove(tx, ctx, id, version, { before: presentRecord(before) });
  });
}

/**
 * Deletes a partner in the caller's transaction at its current version. For undoing what the
 * caller's own import created: the caller has checked they may.
 */
export async function removePartnerIn(tx: Executor, ctx: Ctx, id: string) {
  const before = await findPartner(tx, id);
  if (!before) return false;
  await partnerStore.remove(tx, ctx, id, before.version, { before: presentRecord(before) });
  return true;
}

export async function partnerHistory(ctx: Ctx, id: string, query: { limit: number; cursor?: string }) {
  await getPartner(ctx, id);
  return historyOf(ctx, ENTITY, id, query);
}

/** A partner as read, before presenting (the partner overview's one statement reads it itself). */
export type FoundPartner = NonNullable<Awaited<ReturnType<typeof findPartner>>>;
