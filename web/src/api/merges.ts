/** Duplicates, merges and unmerges; the warning while a partner is created. */
import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  DismissalDto,
  DismissDuplicate,
  DuplicatePair,
  MergeBody,
  MergeDto,
  MergePreview,
} from '../../../common/src/contracts/merges.ts';
import type { similarPartnersSchema } from '../../../common/src/contracts/partners.ts';
import type { MergeKind } from '../../../common/src/labels/merges.ts';
import { api, type Page, qs } from './client.ts';
import { useWrite } from './hooks.ts';

export type SimilarPartners = z.infer<typeof similarPartnersSchema>;

/** Likely duplicates page by page, for the filters in the address. */
export const useDuplicatePages = (queryString: string) =>
  useInfiniteQuery({
    queryKey: ['duplicates', queryString],
    queryFn: ({ pageParam }) =>
      api<Page<DuplicatePair>>(
        'GET',
        `/duplicates${qs({ ...Object.fromEntries(new URLSearchParams(queryString)), limit: 25, cursor: pageParam })}`,
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: keepPreviousData,
  });

export const useDismissDuplicate = () =>
  useWrite('merge', (body: DismissDuplicate) => api<void>('POST', '/duplicates/dismissals', body));

/** The pairs said not to be duplicates, the latest first (administrators only). */
export const useDismissals = (kind: MergeKind, enabled: boolean) =>
  useQuery({
    // Under 'duplicates': dismissing a pair, or undoing that, refreshes both lists.
    queryKey: ['duplicates', 'dismissals', kind],
    queryFn: () =>
      api<{ items: DismissalDto[]; total: number }>(
        'GET',
        `/duplicates/dismissals${qs({ kind, limit: 20 })}`,
      ),
    enabled,
  });

/** Undoes "not a duplicate": the pair is proposed again. */
export const useUndoDismissal = () =>
  useWrite('merge', (id: string) => api<void>('DELETE', `/duplicates/dismissals/${id}`));

/** What the merge would do with these choices (asked again whenever a choice changes). */
export const useMergePreview = (body: MergeBody | null) =>
  useQuery({
    // Not under 'merges': a merge just made must not ask to preview itself again.
    queryKey: ['merge-preview', body],
    queryFn: () => api<MergePreview>('POST', '/merges/preview', body),
    enabled: body !== null,
    placeholderData: keepPreviousData,
    retry: false,
  });

export const useMergeRecords = () =>
  useWrite('merge', (body: MergeBody) => api<MergeDto>('POST', '/merges', body));

/** The merges a record took part in, newest first (administrators only). */
export const useMergesOf = (recordId: string, enabled: boolean) =>
  useQuery({
    queryKey: ['merges', 'of', recordId],
    queryFn: () => api<Page<MergeDto>>('GET', `/merges${qs({ recordId })}`),
    enabled,
  });

export const useUnmerge = () =>
  useWrite('merge', (id: string) => api<MergeDto>('POST', `/merges/${id}/unmerge`));

/** Partners that may be the one being created: asked once the name or website is worth comparing. */
export const useSimilarPartners = (name: string, website: string, enabled: boolean) => {
  const worth = name.trim().length >= 3 || /^https?:\/\/\S+\.\S+/.test(website.trim());
  return useQuery({
    queryKey: ['partners', 'similar', name.trim(), website.trim()],
    queryFn: () =>
      api<SimilarPartners>(
        'GET',
        `/partners/similar${qs({ name: name.trim() || undefined, website: website.trim() || undefined })}`,
      ),
    enabled: enabled && worth,
    placeholderData: keepPreviousData,
  });
};

export type { MergeKind };
