import {
  type ListName,
  listCatalogue,
  type SavedViewSharing,
} from '../../../../common/src/lists/catalogue.ts';
import { AppError, forbidden, invalid, notFound } from '../../errors.ts';
import type { Ctx } from '../../lib/context.ts';
import { canonicalQuery } from '../../lib/lists/query.ts';
import { presentRecord } from '../../lib/records.ts';
import type { Actor } from '../access/actor.ts';
import { historyOf } from '../audit/audit.service.ts';
import { savedViewPolicy } from './saved-views.policy.ts';
import {
  findSavedView,
  hasViewNamed,
  listSavedViews,
  type PresentedSavedView,
  savedViewStore,
  visibleViews,
} from './saved-views.repository.ts';
import type { CreateSavedView, ListSavedViewsQuery, UpdateSavedView } from './saved-views.schema.ts';

const ENTITY = savedViewStore.entity;

/** A view as the caller gets it: with what they may do with it. */
function present(actor: Actor, view: PresentedSavedView) {
  const mayChange = savedViewPolicy.canChange(actor, view);
  return { ...view, list: view.list as ListName, can: { update: mayChange, delete: mayChange } };
}

/** The unit a view is shared with: only a 'unit' view has one, by default the sharer's. */
function unitFor(actor: Actor, sharing: SavedViewSharing, unitId: string | null | undefined) {
  if (!savedViewPolicy.canShare(actor, sharing)) {
    throw forbidden('Only staff can share a view with a unit or the institution');
  }
  if (sharing !== 'unit') {
    if (unitId) throw invalid('unitId', 'is only for a view shared with a unit');
    return null;
  }
  const unit = unitId ?? actor.unitId;
  if (!unit) throw invalid('sharing', 'cannot be a unit: you do not belong to one');
  if (!savedViewPolicy.canShareWithUnit(actor, unit)) throw invalid('unitId', 'must be your own unit');
  return unit;
}

const duplicateName = () =>
  new AppError('conflict', 'You already have a view with this name for this list', {
    errors: [{ field: 'name', message: 'is already one of your views for this list' }],
  });

async function findVisible(ctx: Ctx, id: string, db = ctx.db) {
  const row = await findSavedView(db, id, visibleViews(ctx.actor));
  if (!row) throw notFound('Saved view');
  return presentRecord(row);
}

export async function listSavedViewsFor(ctx: Ctx, query: ListSavedViewsQuery) {
  const page = await listSavedViews(ctx.db, visibleViews(ctx.actor), query);
  return {
    items: page.items.map((row) => present(ctx.actor, presentRecord(row))),
    nextCursor: page.nextCursor,
  };
}

export async function getSavedView(ctx: Ctx, id: string) {
  return present(ctx.actor, await findVisible(ctx, id));
}

export async function createSavedView(ctx: Ctx, input: CreateSavedView) {
  const values = {
    list: input.list,
    name: input.name,
    query: canonicalQuery(listCatalogue[input.list], input.query),
    sharing: input.sharing,
    unitId: unitFor(ctx.actor, input.sharing, input.unitId),
  };
  return ctx.db.transaction(async (tx) => {
    if (await hasViewNamed(tx, ctx.actor.userId, values.list, values.name)) throw duplicateName();
    return present(ctx.actor, await savedViewStore.create(tx, ctx, { ...values, ownerId: ctx.actor.userId }));
  });
}

export async function changeSavedView(ctx: Ctx, id: string, version: number, input: UpdateSavedView) {
  return ctx.db.transaction(async (tx) => {
    const before = await findVisible(ctx, id, tx);
    if (!savedViewPolicy.canChange(ctx.actor, before)) {
      throw forbidden('Only the person who saved this view, or an administrator, can change it');
    }
    const list = before.list as ListName;
    const sharing = input.sharing ?? before.sharing;
    const changeSharing = input.sharing !== undefined || input.unitId !== undefined;
    const unitId = changeSharing
      ? unitFor(ctx.actor, sharing, input.unitId ?? (input.sharing ? undefined : before.unitId))
      : undefined;
    const name = input.name;
    if (name && (await hasViewNamed(tx, before.ownerId, list, name, id))) throw duplicateName();
    const after = await savedViewStore.update(
      tx,
      ctx,
      id,
      version,
      {
        name,
        query: input.query === undefined ? undefined : canonicalQuery(listCatalogue[list], input.query),
        sharing: changeSharing ? sharing : undefined,
        unitId,
      },
      { before },
    );
    return present(ctx.actor, after);
  });
}

export async function removeSavedView(ctx: Ctx, id: string, version: number) {
  await ctx.db.transaction(async (tx) => {
    const before = await findVisible(ctx, id, tx);
    if (!savedViewPolicy.canChange(ctx.actor, before)) {
      throw forbidden('Only the person who saved this view, or an administrator, can remove it');
    }
    await savedViewStore.remove(tx, ctx, id, version, { before });
  });
}

export async function savedViewHistory(ctx: Ctx, id: string, query: { limit: number; cursor?: string }) {
  await findVisible(ctx, id);
  return historyOf(ctx, ENTITY, id, query);
}
