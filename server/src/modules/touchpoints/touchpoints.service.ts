import type { CreateTouchpoint, UpdateTouchpoint } from '../../../../common/src/contracts/touchpoints.ts';
import type {
  ExportTouchpointsQuery,
  ListTouchpointsQuery,
} from '../../../../common/src/lists/touchpoints.ts';
import type { Executor } from '../../db/client.ts';
import { AppError, type FieldError, forbidden, notFound } from '../../errors.ts';
import type { Ctx } from '../../lib/context.ts';
import { type ExportColumn, exportFile, keysetPages } from '../../lib/lists/export.ts';
import { historyOf, noteReads } from '../audit/audit.service.ts';
import { createFollowUp } from '../tasks/tasks.service.ts';
import { touchpointPolicy, touchpointScopes } from './touchpoints.policy.ts';
import {
  addParticipantsToMany,
  defaultVisibilities,
  existingReferences,
  findTouchpoint,
  listTimeline,
  lockPartnersInOrder,
  presentTouchpoints,
  relationshipsOfPairs,
  replaceOtherPartners,
  replaceParticipants,
  type TimelineFilter,
  touchpointStore,
} from './touchpoints.repository.ts';

const ENTITY = touchpointStore.entity;
/** Rows per query while exporting. */
const EXPORT_PAGE = 500;

export { presentTouchpoints };

type NewItem = Omit<CreateTouchpoint, 'followUp'>;

type Presented = Awaited<ReturnType<typeof presentTouchpoints>>[number];

/** A touch point as the caller gets it: with what they may do with it (never audited: it is theirs alone). */
export function withAbilities(ctx: Ctx, t: Presented) {
  const mayChange = !ctx.actor.readOnly && touchpointPolicy.canChange(ctx.actor, t);
  return { ...t, can: { update: mayChange, delete: mayChange } };
}

async function load(db: Executor, id: string) {
  const row = await findTouchpoint(db, id);
  return row ? (await presentTouchpoints(db, [row]))[0]! : null;
}

/** Loads a touch point the actor may see; hidden and missing look the same. */
async function loadVisible(ctx: Ctx, db: Executor, id: string) {
  const t = await load(db, id);
  if (
    !t ||
    !touchpointPolicy.canRead(
      ctx.actor,
      t,
      t.readers.map((r) => r.id),
    )
  )
    throw notFound('Touch point');
  return t;
}

/** Checks every item's references at once; errors name the item (`items.3.partnerId`). */
async function checkItems(
  tx: Executor,
  ctx: Ctx,
  items: NewItem[],
  path: (i: number, field: string) => string,
) {
  const refs = await existingReferences(tx, {
    partnerIds: items.flatMap((i) => [i.partnerId, ...i.partnerIds]),
    relationshipIds: items.flatMap((i) => (i.relationshipId ? [i.relationshipId] : [])),
    userIds: items.flatMap((i) => [...i.staffIds, ...i.readerIds]),
    contactIds: items.flatMap((i) => i.contactIds),
  });
  const errors: FieldError[] = [];
  items.forEach((item, i) => {
    const unitId = item.unitId ?? ctx.actor.unitId;
    if (!unitId) errors.push({ field: path(i, 'unitId'), message: 'is required: you belong to no unit' });
    else if (!touchpointPolicy.canRecordFor(ctx.actor, unitId)) {
      errors.push({ field: path(i, 'unitId'), message: 'must be your own unit' });
    }
    if (!refs.partners.has(item.partnerId))
      errors.push({ field: path(i, 'partnerId'), message: 'does not name an existing partner' });
    if (item.partnerIds.some((id) => !refs.partners.has(id)))
      errors.push({ field: path(i, 'partnerIds'), message: 'must all be existing partners' });
    if (item.relationshipId && refs.relationships.get(item.relationshipId) !== item.partnerId) {
      errors.push({
        field: path(i, 'relationshipId'),
        message: "is not one of this partner's relationships",
      });
    }
    if (item.staffIds.some((id) => !refs.users.has(id)))
      errors.push({ field: path(i, 'staffIds'), message: 'must all be active members of staff' });
    if (item.readerIds.some((id) => !refs.users.has(id)))
      errors.push({ field: path(i, 'readerIds'), message: 'must all be active members of staff' });
    if (item.contactIds.some((id) => !refs.contacts.has(id)))
      errors.push({ field: path(i, 'contactIds'), message: 'must all be existing contacts' });
  });
  if (errors.length) throw new AppError('validation', 'The request is not valid', { errors });
}

/**
 * Inserts checked items with their people and other partners; the author is always a
 * participant and, if confidential, a reader. A touch point not told its relationship links to
 * the recording unit's relationship with the primary partner, when there is one.
 */
async function insertItems(tx: Executor, ctx: Ctx, given: NewItem[]) {
  const unitOf = (item: NewItem) => (item.unitId ?? ctx.actor.unitId)!;
  // Not told who sees it: the recording unit's default.
  const unitDefaults = await defaultVisibilities(tx, given.filter((i) => !i.visibility).map(unitOf));
  const items = given.map((item) => ({
    ...item,
    visibility: item.visibility ?? unitDefaults.get(unitOf(item)) ?? 'institution',
  }));
  await lockPartnersInOrder(
    tx,
    items.flatMap((i) => [i.partnerId, ...i.partnerIds]),
  );
  const defaults = await relationshipsOfPairs(
    tx,
    items
      .filter((i) => i.relationshipId === undefined)
      .map((i) => ({ unitId: unitOf(i), partnerId: i.partnerId })),
  );
  return touchpointStore.createMany(
    tx,
    ctx,
    items.map((item) => ({
      partnerId: item.partnerId,
      relationshipId:
        item.relationshipId === undefined
          ? (defaults.get(`${unitOf(item)}/${item.partnerId}`) ?? null)
          : item.relationshipId,
      unitId: unitOf(item),
      authorId: ctx.actor.userId,
      kind: item.kind,
      isFormal: item.isFormal,
      occurredAt: item.occurredAt ? new Date(item.occurredAt) : new Date(),
      subject: item.subject,
      notes: item.notes,
      sentiment: item.sentiment,
      visibility: item.visibility,
    })),
    {
      alongside: async (rows) => {
        // The people of every touch point at once (an import's batch: three inserts, not three a row).
        await addParticipantsToMany(
          tx,
          rows.map((row, i) => {
            const item = items[i]!;
            return {
              touchpointId: row.id,
              lists: {
                staffIds: [...new Set([ctx.actor.userId, ...item.staffIds])],
                contactIds: item.contactIds,
                readerIds:
                  item.visibility === 'confidential'
                    ? [...new Set([ctx.actor.userId, ...item.readerIds])]
                    : [],
              },
            };
          }),
        );
        for (const [i, row] of rows.entries()) {
          const item = items[i]!;
          if (item.partnerIds.length) await replaceOtherPartners(tx, row.id, item.partnerId, item.partnerIds);
        }
      },
    },
  );
}

export async function createTouchpoint(ctx: Ctx, input: CreateTouchpoint) {
  const { followUp, ...item } = input;
  return ctx.db.transaction(async (tx) => {
    await checkItems(tx, ctx, [item], (_i, field) => field);
    if (
      followUp?.assigneeId &&
      (
        await existingReferences(tx, {
          partnerIds: [],
          relationshipIds: [],
          userIds: [followUp.assigneeId],
          contactIds: [],
        })
      ).users.size === 0
    ) {
      throw new AppError('validation', 'The request is not valid', {
        errors: [{ field: 'followUp.assigneeId', message: 'must be an active member of staff' }],
      });
    }
    const [created] = await insertItems(tx, ctx, [item]);
    if (followUp) await createFollowUp(tx, ctx, created!, followUp);
    return withAbilities(ctx, created!);
  });
}

/** All or nothing: one bad item and nothing is written. */
export async function createTouchpointsInBulk(ctx: Ctx, items: NewItem[]) {
  return ctx.db.transaction(async (tx) => {
    await checkItems(tx, ctx, items, (i, field) => `items.${i}.${field}`);
    return { items: (await insertItems(tx, ctx, items)).map((t) => withAbilities(ctx, t)) };
  });
}

/**
 * Records touch points as part of another module's write (attendance at an activity), in that
 * write's transaction: checked and audited as any other, so the timeline shows them at once.
 */
export async function recordTouchpointsWithin(tx: Executor, ctx: Ctx, items: NewItem[]) {
  await checkItems(tx, ctx, items, (i, field) => `items.${i}.${field}`);
  return insertItems(tx, ctx, items);
}

/**
 * Deletes a touch point another module recorded and now withdraws (an attendance corrected to
 * "did not come"), in its transaction and audited. The calling module has decided who may do
 * this; a touch point already deleted is nothing to do.
 */
export async function withdrawTouchpointWithin(tx: Executor, ctx: Ctx, id: string) {
  const before = await load(tx, id);
  if (before) await touchpointStore.remove(tx, ctx, id, before.version, { before });
  return before !== null;
}

/** A touch point as stored, in the caller's transaction, whoever may see it (an import's undo). */
export const touchpointIn = (tx: Executor, id: string) => findTouchpoint(tx, id);

/** A touch point the actor may see; inside a transaction, pass it as `db`. */
export async function getTouchpoint(ctx: Ctx, id: string, db: Executor = ctx.db) {
  return withAbilities(ctx, await loadVisible(ctx, db, id));
}

/** A touch point opened by someone: as getTouchpoint, and the read is noted when it is another unit's. */
export async function openTouchpoint(ctx: Ctx, id: string) {
  const touchpoint = await getTouchpoint(ctx, id);
  noteReads(ctx, [touchpoint.unitId]);
  return touchpoint;
}

export async function listTouchpointsFor(ctx: Ctx, query: ListTouchpointsQuery) {
  const { limit, cursor, ...filter } = query;
  return readTimeline(ctx, filter, { limit, cursor });
}

/** A page of touch points someone asked to read (a list, a timeline): as timelineFor, and other units' records read are noted. */
export async function readTimeline(
  ctx: Ctx,
  filter: TimelineFilter,
  page: { limit: number; cursor?: string },
) {
  const result = await timelineFor(ctx, filter, page);
  noteReads(
    ctx,
    result.items.map((t) => t.unitId),
  );
  return result;
}

/** A visible, filtered page of touch points: the list, the partner and contact timelines. */
export async function timelineFor(
  ctx: Ctx,
  filter: TimelineFilter,
  page: { limit: number; cursor?: string },
) {
  const result = await listTimeline(ctx.db, filter, touchpointScopes(ctx.actor), page);
  const items = await presentTouchpoints(ctx.db, result.items);
  return { items: items.map((t) => withAbilities(ctx, t)), nextCursor: result.nextCursor };
}

type PresentedTouchpoint = Awaited<ReturnType<typeof presentTouchpoints>>[number];
const names = (people: { name: string }[]) => people.map((p) => p.name).join('; ');

const exportColumns: ExportColumn<PresentedTouchpoint>[] = [
  { header: 'When', value: (t) => new Date(t.occurredAt) },
  { header: 'Partner', value: (t) => t.partnerName, width: 32 },
  { header: 'Other partners', value: (t) => names(t.partners.slice(1)), width: 32 },
  { header: 'Unit', value: (t) => t.unitName, width: 28 },
  { header: 'Kind', value: (t) => t.kind },
  { header: 'Formal', value: (t) => t.isFormal },
  { header: 'Subject', value: (t) => t.subject, width: 40 },
  { header: 'Notes', value: (t) => t.notes, width: 60 },
  { header: 'Sentiment', value: (t) => t.sentiment },
  { header: 'Visibility', value: (t) => t.visibility },
  { header: 'Logged by', value: (t) => t.authorName, width: 24 },
  { header: 'Staff taking part', value: (t) => names(t.staff), width: 30 },
  { header: 'Contacts taking part', value: (t) => names(t.contacts), width: 30 },
  { header: 'Rapport id', value: (t) => t.id, width: 38 },
];

/**
 * Every touch point the filters match that the caller may see (the list's own visibility
 * scope, so a confidential one never leaves with someone it does not name), streamed.
 */
export function exportTouchpoints(ctx: Ctx, query: ExportTouchpointsQuery) {
  const { format, ...filters } = query;
  const scopes = touchpointScopes(ctx.actor);
  return exportFile({
    format,
    basename: 'touch-points',
    sheetName: 'Touch points',
    columns: exportColumns,
    pages: keysetPages(async (cursor) => {
      const page = await listTimeline(ctx.db, filters, scopes, { limit: EXPORT_PAGE, cursor });
      return { items: await presentTouchpoints(ctx.db, page.items), nextCursor: page.nextCursor };
    }),
  });
}

export async function changeTouchpoint(ctx: Ctx, id: string, version: number, input: UpdateTouchpoint) {
  return ctx.db.transaction(async (tx) => {
    const before = await loadVisible(ctx, tx, id);
    if (!touchpointPolicy.canChange(ctx.actor, before))
      throw forbidden('Only the author, a senior manager of the unit or an administrator can change this');
    const { staffIds, contactIds, readerIds, partnerIds, ...fields } = input;
    const visibility = input.visibility ?? before.visibility;
    const merged: NewItem = {
      partnerId: before.partnerId,
      partnerIds: partnerIds ?? [],
      relationshipId: input.relationshipId === undefined ? before.relationshipId : input.relationshipId,
      unitId: before.unitId,
      kind: input.kind ?? before.kind,
      isFormal: input.isFormal ?? before.isFormal,
      subject: input.subject ?? before.subject,
      notes: null,
      sentiment: null,
      visibility,
      staffIds: staffIds ?? [],
      contactIds: contactIds ?? [],
      readerIds: readerIds ?? [],
    };
    // The recording unit is fixed, so only references are checked here, not who may record for the unit.
    await checkItems(
      tx,
      { ...ctx, actor: { ...ctx.actor, role: 'administrator' } },
      [merged],
      (_i, field) => field,
    );
    if (partnerIds) await lockPartnersInOrder(tx, [...before.partners.map((p) => p.id), ...partnerIds]);
    const readers =
      visibility === 'confidential'
        ? [...new Set([before.authorId, ...(readerIds ?? before.readers.map((r) => r.id))])]
        : [];
    const changes = {
      relationshipId: fields.relationshipId,
      kind: fields.kind,
      isFormal: fields.isFormal,
      occurredAt: fields.occurredAt ? new Date(fields.occurredAt) : undefined,
      subject: fields.subject,
      notes: fields.notes,
      sentiment: fields.sentiment,
      visibility: fields.visibility,
    };
    const after = await touchpointStore.update(tx, ctx, id, version, changes, {
      before,
      alongside: async () => {
        await replaceParticipants(tx, id, { staffIds, contactIds, readerIds: readers });
        if (partnerIds) await replaceOtherPartners(tx, id, before.partnerId, partnerIds);
      },
    });
    return withAbilities(ctx, after);
  });
}

export async function removeTouchpoint(ctx: Ctx, id: string, version: number) {
  await ctx.db.transaction(async (tx) => {
    const before = await loadVisible(ctx, tx, id);
    if (!touchpointPolicy.canChange(ctx.actor, before))
      throw forbidden('Only the author, a senior manager of the unit or an administrator can delete this');
    await touchpointStore.remove(tx, ctx, id, version, { before });
  });
}

export async function touchpointHistory(ctx: Ctx, id: string, query: { limit: number; cursor?: string }) {
  await loadVisible(ctx, ctx.db, id);
  return historyOf(ctx, ENTITY, id, query);
}

/** For the partner overview's one statement: the people of a page, and the presenter given them. */
export {
  participantsSql,
  peopleByList,
  presentTouchpointsWith,
  type TouchpointRow,
} from './touchpoints.repository.ts';
