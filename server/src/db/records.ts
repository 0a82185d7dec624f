import {
  and,
  eq,
  getTableColumns,
  type InferInsertModel,
  type InferSelectModel,
  inArray,
  sql,
} from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { EventAction, EventActor, EventEntity, EventName } from '../../../common/src/events.ts';
import { stale } from '../errors.ts';
import { type Executor, queryRows } from './client.ts';
import { auditLog } from './schema/audit.ts';
import { events } from './schema/events.ts';

/**
 * The one write path. Every change to a record goes through `recordChange`, which writes the
 * audit entry (one shape for every entity) and the domain event in the caller's transaction;
 * `recordStore` adds the versioned create → update (If-Match) → delete sequence on top.
 * Services never write the audit log or the events table themselves. (The demo loader and the
 * benchmark generator insert rows in bulk without it, and say so.)
 */

/** Who writes: a `Ctx` is one. A partner's contact (the portal) writes with `contactId`. */
export type Writer = {
  actor: { userId: string | null; tokenId: string | null; contactId?: string | null };
  requestId: string | null;
};

export type Change<E extends EventEntity = EventEntity> = {
  entity: E;
  entityId: string;
  action: EventAction<E>;
  before?: unknown;
  after?: unknown;
  /** Facts of the action itself that are not part of the record (a comment, a move). */
  detail?: Record<string, unknown>;
};

const auditAction = (action: string): 'create' | 'update' | 'delete' =>
  action === 'created' ? 'create' : action === 'deleted' ? 'delete' : 'update';

function eventActor(writer: Writer): EventActor {
  if (writer.actor.contactId) return { kind: 'contact', contactId: writer.actor.contactId };
  if (writer.actor.userId)
    return { kind: 'user', userId: writer.actor.userId, tokenId: writer.actor.tokenId };
  return { kind: 'system' };
}

const asRecord = (value: unknown) => (value ?? null) as Record<string, unknown> | null;

/** Records changes: the audit entries and the events, two statements however many changes. */
export async function recordChanges(tx: Executor, writer: Writer, changes: Change[]): Promise<void> {
  if (changes.length === 0) return;
  await tx.insert(auditLog).values(
    changes.map((change) => ({
      entity: change.entity,
      entityId: change.entityId,
      action: auditAction(change.action),
      actorUserId: writer.actor.userId,
      actorTokenId: writer.actor.tokenId,
      actorContactId: writer.actor.contactId ?? null,
      requestId: writer.requestId,
      before: change.before ?? null,
      after: change.after ?? null,
    })),
  );
  const actor = eventActor(writer);
  await tx.insert(events).values(
    changes.map((change) => ({
      name: `${change.entity}.${change.action}` as EventName,
      entity: change.entity,
      entityId: change.entityId,
      actor,
      requestId: writer.requestId,
      payload: {
        before: asRecord(change.before),
        after: asRecord(change.after),
        ...(change.detail ? { detail: change.detail } : {}),
      },
    })),
  );
}

/** Records one change; call it inside the transaction that makes the change. */
export function recordChange<E extends EventEntity>(tx: Executor, writer: Writer, change: Change<E>) {
  return recordChanges(tx, writer, [change as Change]);
}

type VersionedTable = PgTable & {
  id: PgColumn;
  version: PgColumn;
  updatedAt: PgColumn;
};
type Generated = 'id' | 'version' | 'createdAt' | 'updatedAt';
/** The table's insert shape with every column required, so mapped types see optional columns too. */
// (`T['$inferInsert']`, not `InferInsertModel<T>`: through a generic the latter loses the optional columns.)
type Insert<T extends PgTable> = Required<T['$inferInsert']>;
export type Row<T extends PgTable> = InferSelectModel<T>;

/**
 * A typed row for create: every column must be given (null where it has no value), except the
 * generated ones and those the definition leaves to their database default. A new column is
 * therefore a compile error in every create path until it is handled.
 */
export type NewRow<T extends PgTable, D extends PropertyKey = never> = {
  [K in Exclude<keyof Insert<T>, Generated | D>]: T['$inferInsert'][K & keyof T['$inferInsert']];
} & { id?: string; createdAt?: Date; updatedAt?: Date };

/**
 * A typed change set for update: every changeable column must be named, `undefined` where it
 * stays as it is. Columns fixed at creation are left out. A new column is a compile error in
 * every update path until it is handled.
 */
export type Changes<T extends PgTable, F extends PropertyKey = never> = {
  [K in Exclude<keyof Insert<T>, Generated | F>]: Insert<T>[K] | undefined;
};

type StoreDefinition<T extends VersionedTable, P, F extends PropertyKey, D extends PropertyKey> = {
  entity: EventEntity;
  /** The record's name in messages: "The touch point was changed by someone else". */
  noun: string;
  table: T;
  /** Columns set at creation and never changed. */
  fixed: readonly F[];
  /** Columns a create leaves to their database default. */
  defaulted?: readonly D[];
  /** The public form of rows, as the API shows them (one call for many rows). */
  present: (db: Executor, rows: Row<T>[]) => Promise<P[]> | P[];
};

const definedOnly = (values: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined));

/**
 * The versioned-record write path for one table: find, create, update with the caller's
 * version (rows of other tables that belong to the record, such as its people or a move,
 * are written `alongside`), and delete. Each write records its audit entry and event in the caller's transaction and
 * returns the record's public form.
 */
export function recordStore<
  T extends VersionedTable,
  P,
  const F extends keyof Insert<T> = never,
  const D extends keyof Insert<T> = never,
>(def: StoreDefinition<T, P, F, D>) {
  const table = def.table as VersionedTable;
  const entity = def.entity;
  type Action = EventAction<typeof entity>;

  async function find(db: Executor, id: string): Promise<Row<T> | null> {
    const [row] = await db.select().from(table).where(eq(table.id, id));
    return (row as Row<T> | undefined) ?? null;
  }

  async function presentOne(db: Executor, id: string): Promise<P> {
    const row = await find(db, id);
    return (await def.present(db, [row!]))[0]!;
  }

  async function createMany(
    tx: Executor,
    writer: Writer,
    values: NewRow<T, D>[],
    options: { alongside?: (rows: Row<T>[]) => Promise<void> } = {},
  ): Promise<P[]> {
    if (values.length === 0) return [];
    const rows = (await tx
      .insert(def.table)
      .values(values as InferInsertModel<T>[])
      .returning()) as Row<T>[];
    // Rows of other tables that belong to the record (its people), before its public form is taken.
    await options.alongside?.(rows);
    const presented = await def.present(tx, rows);
    await recordChanges(
      tx,
      writer,
      rows.map((row, i) => ({
        entity,
        entityId: (row as { id: string }).id,
        action: 'created' as Action,
        after: presented[i],
      })),
    );
    return presented;
  }

  /** Bumps the version if it is still `version`; false when someone else changed it first. */
  async function bump(tx: Executor, id: string, version: number, values: Record<string, unknown>) {
    const rows = await tx
      .update(table)
      .set({ ...values, version: sql`${table.version} + 1`, updatedAt: sql`now()` })
      .where(and(eq(table.id, id), eq(table.version, version)))
      .returning({ id: table.id });
    return rows.length > 0;
  }

  /**
   * Applies many records' changes in one statement, each if the record is still at its version
   * (412 otherwise, as `update`), then reads them back in one query and records every change in
   * one audit insert and one event insert: an import's batch. Each change names only the columns
   * it changes (`jsonb_populate_record` keeps the rest as they are, typed by the table's own
   * row type); a record may appear once.
   */
  async function updateMany(
    tx: Executor,
    writer: Writer,
    list: { id: string; version: number; changes: Changes<T, F>; before: P }[],
  ): Promise<P[]> {
    if (list.length === 0) return [];
    const ids = list.map((c) => c.id);
    if (new Set(ids).size !== ids.length) throw new Error(`updateMany: a ${def.noun} given twice`);
    const named = getTableColumns(def.table) as Record<string, PgColumn>;
    const given = list.map((c) => ({
      id: c.id,
      version: c.version,
      d: Object.fromEntries(Object.entries(definedOnly(c.changes)).map(([k, v]) => [named[k]!.name, v])),
    }));
    const columns = [...new Set(given.flatMap((g) => Object.keys(g.d)))].map((c) => sql.identifier(c));
    const set = columns.length
      ? sql`(${sql.join(columns, sql`, `)}) = (select ${sql.join(
          columns.map((c) => sql`r.${c}`),
          sql`, `,
        )} from jsonb_populate_record(t, v.d) as r), `
      : sql``;
    const bumped = await queryRows<{ id: string }>(
      tx,
      sql`update ${table} as t set ${set}${sql.identifier(table.version.name)} = t.${sql.identifier(table.version.name)} + 1, ${sql.identifier(table.updatedAt.name)} = now()
          from jsonb_to_recordset(${JSON.stringify(given)}::jsonb) as v(id uuid, version int, d jsonb)
          where t.${sql.identifier(table.id.name)} = v.id and t.${sql.identifier(table.version.name)} = v.version
          returning t.${sql.identifier(table.id.name)} as id`,
    );
    if (bumped.length !== list.length) throw stale(def.noun);
    const found = (await tx.select().from(table).where(inArray(table.id, ids))) as Row<T>[];
    const byId = new Map(found.map((row) => [(row as { id: string }).id, row]));
    // By id: a store's `present` may read the rows again in an order of its own.
    const presented = await def.present(
      tx,
      ids.map((id) => byId.get(id)!),
    );
    const afterOf = new Map(presented.map((p) => [(p as { id: string }).id, p]));
    const afters = ids.map((id) => afterOf.get(id)!);
    await recordChanges(
      tx,
      writer,
      list.map((c, i) => ({
        entity,
        entityId: c.id,
        action: 'updated' as Action,
        before: c.before,
        after: afters[i],
      })),
    );
    return afters;
  }

  return {
    entity,
    find,
    createMany,
    updateMany,
    async create(
      tx: Executor,
      writer: Writer,
      values: NewRow<T, D>,
      options: { alongside?: (rows: Row<T>[]) => Promise<void> } = {},
    ): Promise<P> {
      return (await createMany(tx, writer, [values], options))[0]!;
    },
    /**
     * Applies `changes` if the record is still at `version` (412 otherwise), then records the
     * change. `before` is the public form the caller already loaded (and checked access on).
     */
    async update(
      tx: Executor,
      writer: Writer,
      id: string,
      version: number,
      changes: Changes<T, F>,
      options: {
        before: P;
        action?: Action;
        detail?: Record<string, unknown>;
        /** Changes to other tables that belong to the record (its people), made after the version check. */
        alongside?: () => Promise<void>;
      },
    ): Promise<P> {
      if (!(await bump(tx, id, version, definedOnly(changes)))) throw stale(def.noun);
      await options.alongside?.();
      const after = await presentOne(tx, id);
      await recordChange(tx, writer, {
        entity,
        entityId: id,
        action: options.action ?? ('updated' as Action),
        before: options.before,
        after,
        detail: options.detail,
      });
      return after;
    },
    /** Deletes the record if it is still at `version` (412 otherwise), then records it. */
    async remove(tx: Executor, writer: Writer, id: string, version: number, options: { before: P }) {
      const rows = await tx
        .delete(table)
        .where(and(eq(table.id, id), eq(table.version, version)))
        .returning({ id: table.id });
      if (rows.length === 0) throw stale(def.noun);
      await recordChange(tx, writer, {
        entity,
        entityId: id,
        action: 'deleted' as Action,
        before: options.before,
      });
    },
  };
}

export type { VersionedTable };

/**
 * Locks the records for the rest of the transaction and returns their versions (ids that name
 * no record are left out). In id order, so two bulk actions over the same records queue
 * instead of deadlocking. Unscoped: the caller checks each record's visibility itself.
 */
export async function lockVersions(tx: Executor, table: VersionedTable, ids: string[]) {
  if (ids.length === 0) return new Map<string, number>();
  const rows = (await tx
    .select({ id: table.id, version: table.version })
    .from(table)
    .where(inArray(table.id, ids))
    .orderBy(table.id)
    .for('update')) as { id: string; version: number }[];
  return new Map(rows.map((r) => [r.id, r.version]));
}
