import { and, eq, inArray, or, type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { recordStore } from '../../db/records.ts';
import { savedViews } from '../../db/schema/saved-views.ts';
import { units } from '../../db/schema/units.ts';
import { users } from '../../db/schema/users.ts';
import { afterCursor, orderOf, sortOptions, toPage } from '../../lib/pagination.ts';
import { presentRecord } from '../../lib/records.ts';
import type { Actor } from '../access/actor.ts';
import { isAdministrator } from '../access/actor.ts';

const columns = {
  id: savedViews.id,
  list: savedViews.list,
  name: savedViews.name,
  query: savedViews.query,
  sharing: savedViews.sharing,
  unitId: savedViews.unitId,
  unitName: units.name,
  ownerId: savedViews.ownerId,
  ownerName: users.name,
  version: savedViews.version,
  createdAt: savedViews.createdAt,
  updatedAt: savedViews.updatedAt,
};
export type SavedViewRow = Awaited<ReturnType<typeof findSavedView>> & {};

const byName = sortOptions({ name: [savedViews.name, 'name'] }, savedViews.id).name;

/**
 * The views a user reads: their own, their unit's and the institution's. Administrators also
 * see every unit's shared views (to look after them), but never someone else's personal ones.
 */
export function visibleViews(actor: Actor): SQL {
  const unitShared = isAdministrator(actor)
    ? eq(savedViews.sharing, 'unit')
    : actor.unitId
      ? and(eq(savedViews.sharing, 'unit'), eq(savedViews.unitId, actor.unitId))
      : undefined;
  return or(eq(savedViews.ownerId, actor.userId), eq(savedViews.sharing, 'institution'), unitShared)!;
}

function selectViews(db: Executor) {
  return db
    .select(columns)
    .from(savedViews)
    .innerJoin(users, eq(users.id, savedViews.ownerId))
    .leftJoin(units, eq(units.id, savedViews.unitId));
}

export async function listSavedViews(
  db: Executor,
  scope: SQL,
  query: { list?: string; limit: number; cursor?: string },
) {
  const rows = await selectViews(db)
    .where(
      and(scope, query.list ? eq(savedViews.list, query.list) : undefined, afterCursor(byName, query.cursor)),
    )
    .orderBy(...orderOf(byName))
    .limit(query.limit + 1);
  return toPage(rows, query.limit, byName);
}

export async function findSavedView(db: Executor, id: string, scope: SQL) {
  const [row] = await selectViews(db).where(and(eq(savedViews.id, id), scope));
  return row ?? null;
}

/** The public form of saved views (dates as ISO strings), with the owner's and unit's names. */
async function presentViews(db: Executor, ids: string[]) {
  if (ids.length === 0) return [];
  const rows = await selectViews(db).where(inArray(savedViews.id, ids));
  const byId = new Map(rows.map((row) => [row.id, presentRecord(row)]));
  return ids.map((id) => byId.get(id)!);
}
export type PresentedSavedView = Awaited<ReturnType<typeof presentViews>>[number];

/** Saved views' one write path: create, update (If-Match) and delete, each audited and published. */
export const savedViewStore = recordStore({
  entity: 'saved_view',
  noun: 'saved view',
  table: savedViews,
  fixed: ['list', 'ownerId'],
  present: (db, rows) =>
    presentViews(
      db,
      rows.map((row) => row.id),
    ),
});

/** True when the owner already has a view of this name for the list (other than `exceptId`). */
export async function hasViewNamed(
  db: Executor,
  ownerId: string,
  list: string,
  name: string,
  exceptId?: string,
) {
  const rows = await db
    .select({ id: savedViews.id })
    .from(savedViews)
    .where(
      and(
        eq(savedViews.ownerId, ownerId),
        eq(savedViews.list, list),
        eq(savedViews.name, name),
        exceptId ? sql`${savedViews.id} <> ${exceptId}` : undefined,
      ),
    )
    .limit(1);
  return rows.length > 0;
}
