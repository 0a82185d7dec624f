import type {
  CreateRelationship,
  UpdateRelationship,
} from '../../../../common/src/contracts/relationships.ts';
import type {
  ExportRelationshipsQuery,
  ListRelationshipsQuery,
} from '../../../../common/src/lists/relationships.ts';
import type { Executor } from '../../db/client.ts';
import { forbidden, invalid, notFound } from '../../errors.ts';
import type { Ctx } from '../../lib/context.ts';
import { type ExportColumn, exportFile, keysetPages } from '../../lib/lists/export.ts';
import { historyOf } from '../audit/audit.service.ts';
import { relationshipPolicy } from './relationships.policy.ts';
import {
  countActiveUsers,
  countRelationships,
  findRelationship,
  findRelationships,
  listRelationships,
  presentRelationships,
  relationshipIdsOfPairs,
  relationshipStore,
  replaceDeputies,
} from './relationships.repository.ts';

const ENTITY = 'relationship';
/** Rows per query while exporting. */
const EXPORT_PAGE = 500;
const present = presentRelationships;

type Presented = Awaited<ReturnType<typeof present>>[number];

/** The record as the caller gets it: with what they may do with it (never audited: it is theirs alone). */
export function withAbilities(ctx: Ctx, r: Presented) {
  const managed = { ...r, deputyIds: r.deputies.map((d) => d.id) };
  return {
    ...r,
    can: {
      update: !ctx.actor.readOnly && relationshipPolicy.canUpdate(ctx.actor, managed),
      delete: !ctx.actor.readOnly && relationshipPolicy.canDelete(ctx.actor, managed),
      escalate: !ctx.actor.readOnly && relationshipPolicy.canEscalate(ctx.actor, managed),
    },
  };
}

/** Every changeable column from a create or update body (`undefined` in an update: unchanged). */
const columnsOf = <I extends UpdateRelationship>(
  input: I,
): { [K in Exclude<keyof UpdateRelationship, 'deputyIds'>]-?: I[K] } => ({
  managerId: input.managerId,
  stage: input.stage,
  status: input.status,
  objectives: input.objectives,
  cadenceDays: input.cadenceDays,
  startDate: input.startDate,
  reviewDate: input.reviewDate,
});

/** The full record as audited and returned, deputies included. */
async function load(db: Executor, id: string) {
  const row = await findRelationship(db, id);
  return row ? (await present(db, [row]))[0]! : null;
}

async function checkPeople(
  db: Executor,
  managerId: string | null | undefined,
  deputyIds: string[] | undefined,
) {
  if (managerId && (await countActiveUsers(db, [managerId])) !== 1) {
    throw invalid('managerId', 'must be an active member of staff');
  }
  if (deputyIds && (await countActiveUsers(db, deputyIds)) !== deputyIds.length) {
    throw invalid('deputyIds', 'must all be active members of staff');
  }
}

export async function listRelationshipsFor(ctx: Ctx, query: ListRelationshipsQuery) {
  const page = await listRelationships(ctx.db, query);
  const items = await present(ctx.db, page.items);
  return { items: items.map((r) => withAbilities(ctx, r)), nextCursor: page.nextCursor };
}

/** How many relationships the filters match: the list's total. */
export async function countRelationshipsFor(ctx: Ctx, query: ListRelationshipsQuery) {
  const { limit: _l, cursor: _c, sort: _s, ...filter } = query;
  return { total: await countRelationships(ctx.db, filter) };
}

type PresentedRelationship = Awaited<ReturnType<typeof present>>[number];

const exportColumns: ExportColumn<PresentedRelationship>[] = [
  { header: 'Partner', value: (r) => r.partnerName, width: 36 },
  { header: 'Unit', value: (r) => r.unitName, width: 30 },
  { header: 'Relationship manager', value: (r) => r.managerName, width: 24 },
  { header: 'Deputies', value: (r) => r.deputies.map((d) => d.name).join('; '), width: 30 },
  { header: 'Stage', value: (r) => r.stage },
  { header: 'Status', value: (r) => r.status },
  { header: 'Expected contact every (days)', value: (r) => r.cadenceDays },
  { header: 'Start date', value: (r) => r.startDate },
  { header: 'Review date', value: (r) => r.reviewDate },
  { header: 'Objectives', value: (r) => r.objectives, width: 40 },
  { header: 'Created', value: (r) => r.createdAt },
  { header: 'Updated', value: (r) => r.updatedAt },
  { header: 'Rapport id', value: (r) => r.id, width: 38 },
];

/** Every relationship the filters match, deputies included, streamed page by page. */
export function exportRelationships(ctx: Ctx, query: ExportRelationshipsQuery) {
  const { format, ...filters } = query;
  return exportFile({
    format,
    basename: 'relationships',
    sheetName: 'Relationships',
    columns: exportColumns,
    pages: keysetPages(async (cursor) => {
      const page = await listRelationships(ctx.db, { ...filters, cursor, limit: EXPORT_PAGE });
      return { items: await present(ctx.db, page.items), nextCursor: page.nextCursor };
    }),
  });
}

/** Several relationships at once, deputies included (two queries, whatever the number). */
export async function getRelationships(ctx: Ctx, ids: string[]) {
  return (await present(ctx.db, await findRelationships(ctx.db, ids))).map((r) => withAbilities(ctx, r));
}

export async function getRelationship(ctx: Ctx, id: string) {
  const relationship = await load(ctx.db, id);
  if (!relationship) throw notFound('Relationship');
  return withAbilities(ctx, relationship);
}

export async function createRelationship(ctx: Ctx, input: CreateRelationship) {
  return ctx.db.transaction((tx) => createRelationshipIn(tx, ctx, input));
}

/** Starts a relationship in the caller's transaction: the single POST and an import share it. */
export async function createRelationshipIn(tx: Executor, ctx: Ctx, input: CreateRelationship) {
  if (!relationshipPolicy.canCreateFor(ctx.actor, input.unitId)) {
    throw forbidden('You can only start relationships for your own unit');
  }
  await checkPeople(tx, input.managerId, input.deputyIds);
  const after = await relationshipStore.create(
    tx,
    ctx,
    { unitId: input.unitId, partnerId: input.partnerId, ...columnsOf(input) },
    { alongside: ([row]) => replaceDeputies(tx, row!.id, input.deputyIds) },
  );
  return withAbilities(ctx, after);
}

/**
 * Creates many relationships in the caller's transaction, set-based (the people checked in one
 * query, then one insert, one read, one audit insert and one event insert however many): an
 * import's batch. Each is checked as `createRelationshipIn` checks it; the history entries and
 * events are the same. Deputies, where given, are written a relationship at a time.
 */
export async function createRelationshipsIn(tx: Executor, ctx: Ctx, inputs: CreateRelationship[]) {
  for (const input of inputs)
    if (!relationshipPolicy.canCreateFor(ctx.actor, input.unitId)) {
      throw forbidden('You can only start relationships for your own unit');
    }
  const managers = [...new Set(inputs.flatMap((i) => (i.managerId ? [i.managerId] : [])))];
  if (managers.length && (await countActiveUsers(tx, managers)) !== managers.length)
    throw invalid('managerId', 'must be an active member of staff');
  const deputies = [...new Set(inputs.flatMap((i) => i.deputyIds))];
  if (deputies.length && (await countActiveUsers(tx, deputies)) !== deputies.length)
    throw invalid('deputyIds', 'must all be active members of staff');
  const created = await relationshipStore.createMany(
    tx,
    ctx,
    inputs.map((input) => ({ unitId: input.unitId, partnerId: input.partnerId, ...columnsOf(input) })),
    {
      alongside: async (rows) => {
        for (const [i, row] of rows.entries())
          if (inputs[i]!.deputyIds.length) await replaceDeputies(tx, row.id, inputs[i]!.deputyIds);
      },
    },
  );
  return created.map((r) => withAbilities(ctx, r));
}

/** The relationship of each of these unit–partner pairs that has one, by `unitId/partnerId`. */
export const relationshipsOfPairsIn = (tx: Executor, pairs: { unitId: string; partnerId: string }[]) =>
  relationshipIdsOfPairs(tx, pairs);

/**
 * Removes a relationship in the caller's transaction, audited, for a write that has decided
 * who may (an import's undo removing what it created); false when it is gone already.
 */
export async function removeRelationshipIn(tx: Executor, ctx: Ctx, id: string) {
  const before = await load(tx, id);
  if (!before) return false;
  await relationshipStore.remove(tx, ctx, id, before.version, { before });
  return true;
}

/** A relationship as stored (with its version), in the caller's transaction; null when missing. */
export const relationshipIn = (tx: Executor, id: string) => findRelationship(tx, id);

export async function changeRelationship(ctx: Ctx, id: string, version: number, input: UpdateRelationship) {
  return ctx.db.transaction((tx) => changeRelationshipIn(tx, ctx, id, version, input));
}

/** Changes a relationship in the caller's transaction: the single PATCH and bulk actions share it. */
export async function changeRelationshipIn(
  tx: Executor,
  ctx: Ctx,
  id: string,
  version: number,
  input: UpdateRelationship,
) {
  const before = await load(tx, id);
  if (!before) throw notFound('Relationship');
  const deputyIdsBefore = before.deputies.map((d) => d.id);
  if (!relationshipPolicy.canUpdate(ctx.actor, { ...before, deputyIds: deputyIdsBefore })) {
    throw forbidden('You can only change relationships of your own unit, or ones you manage');
  }
  await checkPeople(tx, input.managerId, input.deputyIds);
  const { deputyIds } = input;
  const after = await relationshipStore.update(tx, ctx, id, version, columnsOf(input), {
    before,
    alongside: async () => {
      if (deputyIds) await replaceDeputies(tx, id, deputyIds);
    },
  });
  return withAbilities(ctx, after);
}

/**
 * Changes many relationships in the caller's transaction, set-based (read before in two
 * queries, the managers checked in one, one update of them all, read after in two, one insert
 * of their history entries and one of their events): an import's batch. Each is checked as
 * `changeRelationshipIn` checks it; the history entries and events are the same. Deputies stay
 * as they are; a relationship may appear once.
 */
export async function changeRelationshipsIn(
  tx: Executor,
  ctx: Ctx,
  changes: { id: string; version: number; input: Omit<UpdateRelationship, 'deputyIds'> }[],
) {
  if (changes.length === 0) return [];
  const befores = new Map(
    (
      await present(
        tx,
        await findRelationships(
          tx,
          changes.map((c) => c.id),
        ),
      )
    ).map((r) => [r.id, r]),
  );
  for (const { id } of changes) {
    const before = befores.get(id);
    if (!before) throw notFound('Relationship');
    if (!relationshipPolicy.canUpdate(ctx.actor, { ...before, deputyIds: before.deputies.map((d) => d.id) }))
      throw forbidden('You can only change relationships of your own unit, or ones you manage');
  }
  const managers = [...new Set(changes.flatMap((c) => (c.input.managerId ? [c.input.managerId] : [])))];
  if (managers.length && (await countActiveUsers(tx, managers)) !== managers.length)
    throw invalid('managerId', 'must be an active member of staff');
  const afters = await relationshipStore.updateMany(
    tx,
    ctx,
    changes.map((c) => ({
      id: c.id,
      version: c.version,
      changes: columnsOf(c.input),
      before: befores.get(c.id)!,
    })),
  );
  return afters.map((r) => withAbilities(ctx, r));
}

/** Relationships as stored (with their versions), in the caller's transaction (those that exist). */
export const relationshipsIn = (tx: Executor, ids: string[]) => findRelationships(tx, ids);

export async function removeRelationship(ctx: Ctx, id: string, version: number) {
  await ctx.db.transaction(async (tx) => {
    const before = await load(tx, id);
    if (!before) throw notFound('Relationship');
    if (
      !relationshipPolicy.canDelete(ctx.actor, { ...before, deputyIds: before.deputies.map((d) => d.id) })
    ) {
      throw forbidden('Only a senior manager of the unit or an administrator can delete a relationship');
    }
    await relationshipStore.remove(tx, ctx, id, version, { before });
  });
}

export async function relationshipHistory(ctx: Ctx, id: string, query: { limit: number; cursor?: string }) {
  await getRelationship(ctx, id);
  return historyOf(ctx, ENTITY, id, query);
}

/** For the partner overview's one statement: the presenter given the deputies. */
export { presentRelationshipsWith, type RelationshipRow } from './relationships.repository.ts';
