import { type SQL, sql } from 'drizzle-orm';
import { type Executor, queryRows } from '../../db/client.ts';
import type { Change } from '../../db/records.ts';
import { type Reference, referencesOf } from './references.ts';

/**
 * The generic walk over the reference registry: moves every link from one record to another,
 * resolving unique conflicts, and writes down each step so `undoSteps` can reverse it exactly.
 * The SQL names come from the registry (constants in code), never from input; ids are parameters.
 */

/** One step of a merge, as stored in `merges.steps` (JSON). */
export type Step =
  /** Rows whose `column` went from `from` to `to`, named by their `key` column. */
  | {
      op: 'move';
      table: string;
      column: string;
      key: string;
      versioned: boolean;
      from: string;
      to: string | null;
      keys: string[];
    }
  /** A row deleted (a duplicate, or a merged record itself) or one a trigger will delete on undo: put back. */
  | { op: 'keep'; table: string; rows: Record<string, unknown>[] }
  /** Text columns changed by replacing ids: their values before. */
  | { op: 'text'; table: string; column: string; key: string; rows: { key: string; before: string }[] };

export type Walk = {
  mergeId: string;
  steps: Step[];
  changes: Change[];
  conflicts: Map<string, number>;
  /** The merged records' and the survivor's names, so history says "Partner: A → B", not ids. */
  names: Map<string, string>;
};

/** The field holding the name of the record an id field points at (the History panel's rule). */
const nameFieldOf = (field: string) => {
  const base = /^(.+?)(?:UserId|ContactId|Id)$/.exec(field)?.[1];
  return base ? `${base}Name` : null;
};

const id = (name: string) => sql.raw(`"${name}"`);
/** A registry expression over the row aliased `a` or `b` (`lower(role)` → `lower(a.role)`). */
const over = (alias: string, expression: string) =>
  sql.raw(
    expression.includes('(')
      ? expression.replace(/\((\w+)\)/, `(${alias}."$1")`)
      : `${alias}."${expression}"`,
  );
const uuidList = (ids: readonly string[]) =>
  sql`(select jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb)::uuid)`;

/** A table's columns a row can be put back with (generated columns are left to the database). */
const insertableColumns = new Map<string, Promise<string[]>>();
function columnsOf(db: Executor, table: string) {
  let columns = insertableColumns.get(table);
  if (!columns) {
    columns = queryRows<{ name: string }>(
      db,
      sql`select column_name as name from information_schema.columns
          where table_schema = current_schema() and table_name = ${table} and is_generated = 'NEVER'
          order by ordinal_position`,
    ).then((rows) => rows.map((r) => r.name));
    insertableColumns.set(table, columns);
    // A failed look-up is not kept: the next call asks again.
    columns.catch(() => insertableColumns.delete(table));
  }
  return columns;
}

/** Puts rows back as they were (ids and all); a row that is there already stays as it is. */
export async function restoreRows(tx: Executor, table: string, rows: Record<string, unknown>[]) {
  if (rows.length === 0) return;
  const names = await columnsOf(tx, table);
  const list = sql.raw(names.map((n) => `"${n}"`).join(', '));
  await tx.execute(
    sql`insert into ${id(table)} (${list}) select ${list} from jsonb_populate_recordset(null::${id(table)}, ${JSON.stringify(rows)}::jsonb) on conflict do nothing`,
  );
}

/** Rows as JSON, to be kept (the merged records themselves, and dropped duplicates). */
export async function rowsAsJson(tx: Executor, table: string, where: SQL) {
  const rows = await queryRows<{ row: Record<string, unknown> }>(
    tx,
    sql`select to_jsonb(t) as row from ${id(table)} t where ${where}`,
  );
  return rows.map((r) => r.row);
}

function audited(
  walk: Walk,
  ref: Reference,
  rows: { auditId: string }[],
  from: string | null,
  to: string | null,
) {
  if (!ref.audit) return;
  const { entity, field } = ref.audit;
  const nameField = nameFieldOf(field);
  const named = (id: string | null) =>
    nameField && id && walk.names.has(id) ? { [nameField]: walk.names.get(id) } : {};
  for (const row of rows)
    walk.changes.push({
      entity,
      entityId: row.auditId,
      action: 'updated',
      before: { id: row.auditId, [field]: from, ...named(from) },
      after: { id: row.auditId, [field]: to, ...named(to) },
      detail: { mergeId: walk.mergeId, link: `${ref.table}.${ref.column}` },
    });
}

const bump = (ref: Reference) =>
  ref.versioned ? sql`, "version" = "version" + 1, "updated_at" = now()` : sql``;

/** Replaces one id by another inside a text column (a saved view's query string). */
async function moveText(tx: Executor, walk: Walk, ref: Reference, from: string, to: string) {
  const rows = await queryRows<{ key: string; before: string }>(
    tx,
    sql`select ${id(ref.key)}::text as key, ${id(ref.column)} as before from ${id(ref.table)}
        where position(${from} in ${id(ref.column)}) > 0 for update`,
  );
  if (rows.length === 0) return;
  await tx.execute(
    sql`update ${id(ref.table)} set ${id(ref.column)} = replace(${id(ref.column)}, ${from}, ${to})
        where ${id(ref.key)} in ${uuidList(rows.map((r) => r.key))}`,
  );
  walk.steps.push({ op: 'text', table: ref.table, column: ref.column, key: ref.key, rows });
}

/**
 * Rows of `from` that would duplicate a row of `to`: each is dropped, its twin kept (a
 * relationship first hands its own links to its twin).
 */
async function dropTwins(tx: Executor, walk: Walk, ref: Reference, from: string, to: string) {
  if (!ref.uniqueWith) return;
  const same = sql.join(
    ref.uniqueWith.map((e) => sql`${over('a', e)} = ${over('b', e)}`),
    sql` and `,
  );
  const twins = await queryRows<{ key: string; twin: string; auditId: string; row: Record<string, unknown> }>(
    tx,
    sql`select a.${id(ref.key)}::text as key, b.${id(ref.key)}::text as twin,
               a.${id(ref.audit?.idColumn ?? ref.key)}::text as "auditId", to_jsonb(a) as row
        from ${id(ref.table)} a join ${id(ref.table)} b on b.${id(ref.column)} = ${to}::uuid and ${same}
        where a.${id(ref.column)} = ${from}::uuid
        for update of a`,
  );
  if (twins.length === 0) return;
  walk.conflicts.set(ref.label, (walk.conflicts.get(ref.label) ?? 0) + twins.length);
  for (const twin of twins) {
    if (!ref.collapse) continue;
    await moveLinks(tx, walk, referencesOf[ref.collapse], twin.key, twin.twin);
    // The one that remains says what became part of it (the other's history stays under its id).
    const name = walk.names.get(from);
    walk.changes.push({
      entity: 'relationship',
      entityId: twin.twin,
      action: 'updated',
      before: { id: twin.twin, mergedRelationshipId: null },
      after: {
        id: twin.twin,
        mergedRelationshipId: twin.key,
        ...(name ? { mergedRelationshipName: `the one with ${name}` } : {}),
      },
      detail: { mergeId: walk.mergeId },
    });
  }
  // Deleted after the links moved, so nothing cascades away with it.
  await tx.execute(
    sql`delete from ${id(ref.table)} where ${id(ref.column)} = ${from}::uuid and ${id(ref.key)} in ${uuidList(twins.map((t) => t.key))}`,
  );
  walk.steps.push({ op: 'keep', table: ref.table, rows: twins.map((t) => t.row) });
  if (ref.audit && ref.dropIsDeletion)
    for (const twin of twins)
      walk.changes.push({
        entity: ref.audit.entity,
        entityId: twin.auditId,
        action: 'deleted',
        before: { id: twin.auditId, [ref.audit.field]: from },
        detail: { mergeId: walk.mergeId, becameOneWith: twin.twin },
      });
  else audited(walk, ref, twins, from, to);
}

/** Moves one kind of link from `from` to `to`, in the caller's transaction. */
async function moveReference(
  tx: Executor,
  walk: Walk,
  ref: Reference,
  from: string,
  to: string,
  survivorId: string,
) {
  if (ref.text) return moveText(tx, walk, ref, from, to);
  await dropTwins(tx, walk, ref, from, to);
  const auditId = id(ref.audit?.idColumn ?? ref.key);
  if (ref.selfReference) {
    // The survivor was in the merged record's group: it cannot be in its own.
    const own = await queryRows<{ key: string; auditId: string }>(
      tx,
      sql`update ${id(ref.table)} set ${id(ref.column)} = null ${bump(ref)}
          where ${id(ref.key)} = ${survivorId}::uuid and ${id(ref.column)} = ${from}::uuid
          returning ${id(ref.key)}::text as key, ${auditId}::text as "auditId"`,
    );
    if (own.length) {
      walk.steps.push(moveStep(ref, from, null, own));
      audited(walk, ref, own, from, null);
    }
  }
  if (ref.shadow) {
    // The trigger replaces the primary partner's row; the survivor's own rows there come back on undo.
    const s = ref.shadow;
    const kept = await rowsAsJson(
      tx,
      s.table,
      sql`t.${id(s.column)} = ${to}::uuid and t.${id(s.key)} in (select ${id(ref.key)} from ${id(ref.table)} where ${id(ref.column)} = ${from}::uuid)`,
    );
    if (kept.length) walk.steps.push({ op: 'keep', table: s.table, rows: kept });
  }
  const moved = await queryRows<{ key: string; auditId: string }>(
    tx,
    sql`update ${id(ref.table)} set ${id(ref.column)} = ${to}::uuid ${bump(ref)}
        where ${id(ref.column)} = ${from}::uuid
        returning ${id(ref.key)}::text as key, ${auditId}::text as "auditId"`,
  );
  if (moved.length === 0) return;
  walk.steps.push(moveStep(ref, from, to, moved));
  audited(walk, ref, moved, from, to);
}

const moveStep = (ref: Reference, from: string, to: string | null, rows: { key: string }[]): Step => ({
  op: 'move',
  table: ref.table,
  column: ref.column,
  key: ref.key,
  versioned: !!ref.versioned,
  from,
  to,
  keys: rows.map((r) => r.key),
});

/** Moves every registered link from `from` to `to` (the survivor is `to` unless said otherwise). */
export async function moveLinks(
  tx: Executor,
  walk: Walk,
  references: readonly Reference[],
  from: string,
  to: string,
  survivorId = to,
) {
  for (const ref of references) await moveReference(tx, walk, ref, from, to, survivorId);
}

/** Reverses the steps, last first: rows move back, dropped rows return, texts are as they were. */
export async function undoSteps(tx: Executor, steps: readonly Step[]) {
  for (const step of [...steps].reverse()) {
    if (step.op === 'keep') await restoreRows(tx, step.table, step.rows);
    else if (step.op === 'text') {
      for (const row of step.rows)
        await tx.execute(
          sql`update ${id(step.table)} set ${id(step.column)} = ${row.before} where ${id(step.key)} = ${row.key}::uuid`,
        );
    } else {
      const bumped = step.versioned ? sql`, "version" = "version" + 1, "updated_at" = now()` : sql``;
      // Only rows still where the merge put them: one changed since keeps its new link.
      await tx.execute(
        sql`update ${id(step.table)} set ${id(step.column)} = ${step.from}::uuid ${bumped}
            where ${id(step.key)} in ${uuidList(step.keys)}
              and ${id(step.column)} is not distinct from ${step.to}::uuid`,
      );
    }
  }
}

/** How many links of each kind point at the records (the merge preview). */
export async function countLinks(db: Executor, references: readonly Reference[], ids: readonly string[]) {
  const counts: { link: string; label: string; count: number }[] = [];
  for (const ref of references) {
    const where = ref.text
      ? sql.join(
          ids.map((i) => sql`position(${i} in ${id(ref.column)}) > 0`),
          sql` or `,
        )
      : sql`${id(ref.column)} in ${uuidList(ids)}`;
    const counted = ref.counted ? sql` and ${sql.raw(ref.counted)}` : sql``;
    const [row] = await queryRows<{ n: number }>(
      db,
      sql`select count(*)::int as n from ${id(ref.table)} where (${where})${counted}`,
    );
    counts.push({ link: `${ref.table}.${ref.column}`, label: ref.label, count: row?.n ?? 0 });
  }
  return counts;
}

/** How many rows of the merged records have a twin at the survivor (what the merge makes one). */
export async function countTwins(
  db: Executor,
  references: readonly Reference[],
  ids: readonly string[],
  to: string,
) {
  const counts: { label: string; count: number }[] = [];
  for (const ref of references) {
    if (!ref.uniqueWith) continue;
    const same = sql.join(
      ref.uniqueWith.map((e) => sql`${over('a', e)} = ${over('b', e)}`),
      sql` and `,
    );
    const [row] = await queryRows<{ n: number }>(
      db,
      sql`select count(*)::int as n from ${id(ref.table)} a join ${id(ref.table)} b
          on b.${id(ref.column)} = ${to}::uuid and ${same} where a.${id(ref.column)} in ${uuidList(ids)}`,
    );
    if (row?.n) counts.push({ label: ref.label, count: row.n });
  }
  return counts;
}
