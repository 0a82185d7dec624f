/** A senior manager's weekly briefings, what was done about their lines, and the measure "informed before it escalated". */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  ActOnBriefingItem,
  Briefing,
  briefingListSchema,
  InformedBefore,
} from '../../../common/src/contracts/briefings.ts';
import { api } from './client.ts';

export type BriefingList = z.infer<typeof briefingListSchema>;

export const useMyBriefings = (enabled = true) =>
  useQuery({
    queryKey: ['briefings'],
    queryFn: () => api<BriefingList>('GET', '/me/briefings'),
    enabled,
  });

export const useBriefing = (id: string, enabled = true) =>
  useQuery({
    queryKey: ['briefings', id],
    queryFn: () => api<Briefing>('GET', `/me/briefings/${id}`),
    enabled,
    retry: false,
  });

export function useActOnBriefingItem(briefingId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ itemId, body }: { itemId: string; body: ActOnBriefingItem }) =>
      api<Briefing>('POST', `/me/briefings/${briefingId}/items/${itemId}/acted`, body),
    onSuccess: (data) => {
      client.setQueryData(['briefings', briefingId], data);
      void client.invalidateQueries({ queryKey: ['briefings'], exact: true });
    },
  });
}

export const useInformedBefore = (enabled = true) =>
  useQuery({
    queryKey: ['informed-before'],
    queryFn: () => api<InformedBefore>('GET', '/escalations/informed-before'),
    enabled,
  });
