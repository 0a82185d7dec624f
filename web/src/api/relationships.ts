/** The relationship list: which unit manages which partner, page by page. */
import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { api, type Page, qs } from './client.ts';
import type { Relationship } from './types.ts';

/** The list page by page ("Show more"), for the filters in the address. */
export const useRelationshipPages = (queryString: string, pageSize = 50) =>
  useInfiniteQuery({
    queryKey: ['relationships', 'pages', queryString, pageSize],
    queryFn: ({ pageParam }) =>
      api<Page<Relationship>>(
        'GET',
        `/relationships${qs({ ...Object.fromEntries(new URLSearchParams(queryString)), limit: pageSize, cursor: pageParam })}`,
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: keepPreviousData,
  });
