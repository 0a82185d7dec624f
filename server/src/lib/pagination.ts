import { type SQL, type SQLWrapper, sql } from 'drizzle-orm';
import { invalid } from '../errors.ts';

// The query and page contracts live with the other contracts; the SQL side of paging stays here.
export { pageOf, pageQuery, sortQuery } from '../../../common/src/contracts/shared.ts';

type CursorValue = string | number | boolean | null;

/** Cursors are base64url JSON of the sort name and the last row's sort key. */
export function encodeCursor(sort: string, values: CursorValue[]): string {
  return Buffer.from(JSON.stringify([sort, ...values])).toString('base64url');
}

/** Only what encodeCursor writes: an array or object would reach the SQL as a list, a NUL fail in PostgreSQL. */
const isCursorValue = (v: unknown): v is CursorValue =>
  v === null ||
  typeof v === 'boolean' ||
  (typeof v === 'number' && Number.isFinite(v)) ||
  (typeof v === 'string' && v.length <= 1000 && !v.includes('\u0000'));

export function decodeCursor(cursor: string, sort: string, arity: number): CursorValue[] {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(parsed) && parsed.length === arity + 1 && parsed[0] === sort) {
      const values = parsed.slice(1) as unknown[];
      if (values.every(isCursorValue)) return values;
    }
  } catch {
    // fall through to the validation error
  }
  throw invalid('cursor', 'is not a cursor this list gave out (or the sort changed)');
}

export type SortSpec = {
  /** Sort name as given in `?sort=`; a leading '-' means descending. */
  name: string;
  columns: SQLWrapper[];
  descending: boolean;
  /** The row's values for the columns, to build the next cursor. */
  keyOf: (row: Record<string, unknown>) => CursorValue[];
  /** The order as written when it must match an index exactly (e.g. `desc nulls last`). */
  order?: SQL[];
};

/** Keyset condition "after this cursor" as a row comparison, which an index on the columns serves. */
export function afterCursor(spec: SortSpec, cursor: string | undefined): SQL | undefined {
  if (!cursor) return undefined;
  const values = decodeCursor(cursor, spec.name, spec.columns.length);
  const left = sql.join(
    spec.columns.map((c) => sql`${c}`),
    sql`, `,
  );
  const right = sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  );
  return spec.descending ? sql`(${left}) < (${right})` : sql`(${left}) > (${right})`;
}

export function orderOf(spec: SortSpec): SQL[] {
  if (spec.order) return spec.order;
  return spec.columns.map((c) => (spec.descending ? sql`${c} desc` : sql`${c} asc`));
}

/** Cuts a `limit + 1` fetch to a page and computes the next cursor. */
export function toPage<T extends Record<string, unknown>>(rows: T[], limit: number, spec: SortSpec) {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  const nextCursor = rows.length > limit && last ? encodeCursor(spec.name, spec.keyOf(last)) : null;
  return { items, nextCursor };
}

const iso = (v: unknown) => (v instanceof Date ? v.toISOString() : (v as CursorValue));

/**
 * Builds the sort specs a list offers: each named field sorts by that column then id.
 * `fields` maps a public sort name to [column, property name on the row].
 */
export function sortOptions<K extends string>(
  fields: Record<K, [SQLWrapper, string]>,
  idColumn: SQLWrapper,
): Record<K | `-${K}`, SortSpec> {
  const specs = {} as Record<string, SortSpec>;
  for (const [name, [column, prop]] of Object.entries<[SQLWrapper, string]>(fields)) {
    for (const descending of [false, true]) {
      const key = descending ? `-${name}` : name;
      specs[key] = {
        name: key,
        columns: [column, idColumn],
        descending,
        keyOf: (row) => [iso(row[prop]), row.id as string],
      };
    }
  }
  return specs;
}
