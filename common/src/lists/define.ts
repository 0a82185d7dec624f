import { readFilter, readSort } from './read.ts';

/**
 * A list's declaration: its filters, sorts and export columns, as plain data (no zod, so a list
 * screen does not load it). The server derives the zod query from it (query.ts, and so the OpenAPI
 * parameters) and binds each filter to SQL; the web draws the filter bar and reads the filters
 * from the address with a small parser (read.ts) that a test holds to the zod query's answers.
 */
type FilterBase = {
  label: string;
  /** Shown in the OpenAPI document (the label when there is none). */
  description?: string;
  /** Set by links (a partner's page), not offered in the filter bar. */
  hidden?: boolean;
};

/** Where the web finds the choices for an id filter. */
export type IdSource = 'partner-types' | 'units' | 'users' | 'partners';

export type FilterMeta =
  | (FilterBase & { kind: 'text'; max?: number; lowercase?: boolean })
  | (FilterBase & { kind: 'id'; source?: IdSource; allowMe?: boolean })
  | (FilterBase & { kind: 'choice'; options: readonly string[]; labels?: Record<string, string> })
  | (FilterBase & { kind: 'choices'; options: readonly string[]; labels?: Record<string, string> })
  | (FilterBase & { kind: 'flag' })
  | (FilterBase & { kind: 'date' })
  | (FilterBase & { kind: 'datetime' });

export type ListMeta = {
  /** The path segment, e.g. "partners"; saved views name their list with it. */
  name: string;
  filters: Record<string, FilterMeta>;
  /** Sort names with their labels; each is offered ascending and descending ('-name'). */
  sorts: Record<string, string>;
  defaultSort: string;
};

/** The value a filter takes once parsed. */
export type FilterValue<F> = F extends { kind: 'choice'; options: readonly (infer O)[] }
  ? O
  : F extends { kind: 'choices'; options: readonly (infer O)[] }
    ? O[]
    : F extends { kind: 'flag' }
      ? boolean
      : string;

export type SortName<M extends ListMeta> = Extract<keyof M['sorts'], string>;

/** The parsed filters of a list. */
export type FilterValues<M extends ListMeta> = {
  [K in keyof M['filters']]?: FilterValue<M['filters'][K]>;
};

export type ListQuery<M extends ListMeta> = FilterValues<M> & {
  sort: SortName<M> | `-${SortName<M>}`;
  limit: number;
  cursor?: string;
};

export type ExportQuery<M extends ListMeta> = FilterValues<M> & {
  sort: SortName<M> | `-${SortName<M>}`;
  format: 'csv' | 'xlsx';
};

/** Identity with the literal types kept, so options and sort names stay checked. */
export const defineListMeta = <const M extends ListMeta>(meta: M): M => meta;

/** The sort names a list accepts: each declared sort ascending, and descending with '-'. */
export const sortNames = (meta: ListMeta): string[] =>
  Object.keys(meta.sorts).flatMap((name) => [name, `-${name}`]);

/** Filters and sort as a query string, in the declaration's order, leaving out empty values. */
export function toSearchParams(meta: ListMeta, values: Record<string, unknown>): URLSearchParams {
  const params = new URLSearchParams();
  for (const [name, filter] of Object.entries(meta.filters)) {
    const value = values[name];
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) {
      if (value.length) params.set(name, value.join(','));
    } else if (filter.kind === 'flag') params.set(name, value ? 'true' : 'false');
    else params.set(name, String(value));
  }
  if (typeof values.sort === 'string' && values.sort !== meta.defaultSort) params.set('sort', values.sort);
  return params;
}

/**
 * Reads filters from a query string leniently: a value that does not parse is dropped, so an
 * old or hand-edited link still opens the list (the server refuses it with a 400 when sent).
 */
export function fromSearchParams<M extends ListMeta>(
  meta: M,
  params: URLSearchParams,
): FilterValues<M> & { sort: string } {
  const values: Record<string, unknown> = {};
  for (const [name, filter] of Object.entries(meta.filters)) {
    const raw = params.get(name);
    if (raw === null) continue;
    const value = readFilter(filter, raw);
    if (value !== undefined) values[name] = value;
  }
  values.sort = readSort(meta, params.get('sort'));
  return values as FilterValues<M> & { sort: string };
}
