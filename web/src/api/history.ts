import { useInfiniteQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { historyPageSchema } from '../../../common/src/contracts/audit.ts';
import { api, qs } from './client.ts';

export type HistoryPage = z.infer<typeof historyPageSchema>;

/** A record's change history, newest first, a page at a time (`path`: e.g. "partners"). */
export const useHistory = (path: string, id: string, pageSize = 10) =>
  useInfiniteQuery({
    queryKey: ['history', path, id, pageSize],
    queryFn: ({ pageParam }) =>
      api<HistoryPage>('GET', `/${path}/${id}/history${qs({ limit: pageSize, cursor: pageParam })}`),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    enabled: Boolean(id),
  });
