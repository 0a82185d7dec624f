/** A list's total: how many records its filters match in all, beyond the pages loaded. */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, qs } from './client.ts';

/** The lists that answer `GET /<list>/count` (partners load whole, requests count by status). */
export type CountedList = 'contacts' | 'relationships' | 'tasks';

/** "Select all N that match" and "n of N shown" use it; a write to the list refreshes it. */
export const useListTotal = (list: CountedList, queryString: string) =>
  useQuery({
    queryKey: [list, 'count', queryString],
    queryFn: () =>
      api<{ total: number }>(
        'GET',
        `/${list}/count${qs(Object.fromEntries(new URLSearchParams(queryString)))}`,
      ),
    placeholderData: keepPreviousData,
  });
