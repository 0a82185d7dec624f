/** Initiatives: the list, one initiative, its "you said, we did" log, publishing, and the published page. */
import {
  keepPreviousData,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  CreateMilestone,
  createInitiativeBody,
  createInputBody,
  InitiativeDto,
  InputDto,
  PartnerInitiativesDto,
  PublicInitiativeDto,
  UpdateInitiative,
  UpdateInput,
} from '../../../common/src/contracts/initiatives.ts';
import { api, type Page, qs } from './client.ts';

export type Initiative = InitiativeDto;
export type Input = InputDto;
export type NewInitiative = z.input<typeof createInitiativeBody>;
export type NewInput = z.input<typeof createInputBody>;

const KEY = 'initiatives';

export const useInitiativePages = (queryString: string, pageSize = 100) =>
  useInfiniteQuery({
    queryKey: [KEY, 'pages', queryString, pageSize],
    queryFn: ({ pageParam }) =>
      api<Page<Initiative>>(
        'GET',
        `/initiatives${qs({ ...Object.fromEntries(new URLSearchParams(queryString)), limit: pageSize, cursor: pageParam })}`,
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: keepPreviousData,
  });

export const useInitiative = (id: string) =>
  useQuery({ queryKey: [KEY, 'one', id], queryFn: () => api<Initiative>('GET', `/initiatives/${id}`) });

export const useInitiativeInputs = (id: string) =>
  useQuery({
    queryKey: [KEY, 'inputs', id],
    queryFn: () => api<{ items: Input[] }>('GET', `/initiatives/${id}/inputs`),
  });

export const usePartnerInitiatives = (partnerId: string) =>
  useQuery({
    queryKey: [KEY, 'partner', partnerId],
    queryFn: () => api<PartnerInitiativesDto>('GET', `/partners/${partnerId}/initiatives`),
  });

export const usePublicInitiative = (token: string) =>
  useQuery({
    queryKey: ['public-initiative', token],
    queryFn: () => api<PublicInitiativeDto>('GET', `/public/initiatives/${token}`),
    retry: false,
  });

/** A write that refreshes every initiative query (lists, the page, its log, the partner page's). */
function useInitiativeWrite<I, O>(fn: (input: I) => Promise<O>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () =>
      Promise.all([
        client.invalidateQueries({ queryKey: [KEY] }),
        client.invalidateQueries({ queryKey: ['history'] }),
      ]),
  });
}

export const useCreateInitiative = () =>
  useInitiativeWrite((body: NewInitiative) => api<Initiative>('POST', '/initiatives', body));

export const useChangeInitiative = () =>
  useInitiativeWrite((input: { initiative: Initiative; changes: UpdateInitiative }) =>
    api<Initiative>('PATCH', `/initiatives/${input.initiative.id}`, input.changes, {
      version: input.initiative.version,
    }),
  );

export const useAddMilestone = (id: string) =>
  useInitiativeWrite((body: CreateMilestone) =>
    api<Initiative>('POST', `/initiatives/${id}/milestones`, body),
  );

export const useReachMilestone = (id: string) =>
  useInitiativeWrite((milestoneId: string) =>
    api<Initiative>('POST', `/initiatives/${id}/milestones/${milestoneId}/reached`),
  );

export const usePublish = (id: string) =>
  useInitiativeWrite((publish: boolean) =>
    api<Initiative>(publish ? 'PUT' : 'DELETE', `/initiatives/${id}/publication`),
  );

export const useAddInput = (id: string) =>
  useInitiativeWrite((body: NewInput) => api<Input>('POST', `/initiatives/${id}/inputs`, body));

export const useChangeInput = (id: string) =>
  useInitiativeWrite((input: { input: Input; changes: UpdateInput }) =>
    api<Input>('PATCH', `/initiatives/${id}/inputs/${input.input.id}`, input.changes, {
      version: input.input.version,
    }),
  );
