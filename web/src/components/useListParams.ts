import { useMemo } from 'react';
import { useSearchParams } from 'react-router';
import {
  type FilterValues,
  fromSearchParams,
  type ListMeta,
  toSearchParams,
} from '../../../common/src/lists/define.ts';

export type ListParams<M extends ListMeta> = {
  /** The filters and sort read from the address. */
  values: FilterValues<M> & { sort: string };
  /** The same, as the canonical query string the API, exports and saved views take. */
  queryString: string;
  /** Changes some filters; the address follows, so a reload or a shared link shows the same list. */
  set(changes: Partial<FilterValues<M> & { sort: string }>): void;
  /** Replaces every filter with those of a query string (a saved view). */
  apply(queryString: string): void;
};

/** A list's filters, kept in the address (URL search parameters) as its declaration says. */
export function useListParams<M extends ListMeta>(meta: M): ListParams<M> {
  const [params, setParams] = useSearchParams();
  const search = params.toString();
  const values = useMemo(() => fromSearchParams(meta, new URLSearchParams(search)), [meta, search]);
  const queryString = toSearchParams(meta, values).toString();
  return {
    values,
    queryString,
    set: (changes) => setParams(toSearchParams(meta, { ...values, ...changes }), { replace: true }),
    apply: (query) => setParams(toSearchParams(meta, fromSearchParams(meta, new URLSearchParams(query)))),
  };
}
