import { and, type SQL } from 'drizzle-orm';
import type { FilterValue, FilterValues, ListMeta, SortName } from '../../../../common/src/lists/define.ts';
import { afterCursor, orderOf, type SortSpec } from '../pagination.ts';

/**
 * How a list's declared filters and sorts become SQL. Every declared filter must have a
 * condition and every declared sort a spec, so a filter added to the declaration is a compile
 * error until the server answers it.
 */
export type ListBinding<M extends ListMeta> = {
  where: {
    [K in keyof M['filters']]-?: (value: NonNullable<FilterValue<M['filters'][K]>>) => SQL | undefined;
  };
  /** Built with `sortOptions` from lib/pagination.ts, ascending and descending. */
  sorts: Record<SortName<M> | `-${SortName<M>}`, SortSpec>;
};

export type BoundList<M extends ListMeta> = {
  meta: M;
  /** The filters as one condition (undefined when none is set). */
  where(values: FilterValues<M>): SQL | undefined;
  sortSpec(sort: string): SortSpec;
  /** Keyset condition after the cursor, and the order, for the chosen sort. */
  page(sort: string, cursor: string | undefined): { after: SQL | undefined; orderBy: SQL[]; spec: SortSpec };
};

/** Binds a declaration (common/src/lists) to SQL: the where and keyset order its list and export share. */
export function bindList<const M extends ListMeta>(meta: M, binding: ListBinding<M>): BoundList<M> {
  const conditions = binding.where as Record<string, (value: unknown) => SQL | undefined>;
  const sorts = binding.sorts as Record<string, SortSpec>;

  function sortSpec(sort: string): SortSpec {
    const spec = sorts[sort];
    if (!spec) throw new Error(`${meta.name}: no sort ${sort}`);
    return spec;
  }

  return {
    meta,
    where(values) {
      const parts: (SQL | undefined)[] = [];
      for (const [name, value] of Object.entries(values as Record<string, unknown>)) {
        const condition = conditions[name];
        if (!condition || value === undefined || value === null) continue;
        if (Array.isArray(value) && value.length === 0) continue;
        parts.push(condition(value));
      }
      return and(...parts);
    },
    sortSpec,
    page(sort, cursor) {
      const spec = sortSpec(sort);
      return { after: afterCursor(spec, cursor), orderBy: orderOf(spec), spec };
    },
  };
}
