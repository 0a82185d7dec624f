/** The dispute procedure of a request, and the partner's acknowledgement of its outcome by private link. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  DisputeDto,
  DisputeTimescales,
  MoveDisputeStage,
  outcomeRecordedSchema,
  PublicOutcomeDto,
  recordOutcomeBody,
} from '../../../common/src/contracts/disputes.ts';
import { api } from './client.ts';

export type Dispute = DisputeDto;
export type OutcomeRecorded = z.infer<typeof outcomeRecordedSchema>;
export type NewOutcome = z.input<typeof recordOutcomeBody>;

export const useDispute = (requestId: string, enabled: boolean) =>
  useQuery({
    queryKey: ['dispute', requestId],
    queryFn: () => api<Dispute>('GET', `/requests/${requestId}/dispute`),
    enabled,
  });

function useDisputeWrite<I, O>(requestId: string, fn: (input: I) => Promise<O>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: async () => {
      await Promise.all(
        [['dispute', requestId], ['senior-view'], ['tasks'], ['home']].map((queryKey) =>
          client.invalidateQueries({ queryKey }),
        ),
      );
    },
  });
}

export const useMoveDisputeStage = (requestId: string) =>
  useDisputeWrite(requestId, (body: MoveDisputeStage) =>
    api<Dispute>('POST', `/requests/${requestId}/dispute/stage`, body),
  );

export const useRecordOutcome = (requestId: string) =>
  useDisputeWrite(requestId, (body: NewOutcome) =>
    api<OutcomeRecorded>('POST', `/requests/${requestId}/dispute/outcome`, body),
  );

export const useDisputeTimescales = () =>
  useQuery({
    queryKey: ['dispute-timescales'],
    queryFn: () => api<DisputeTimescales>('GET', '/dispute-timescales'),
  });

export const usePublicOutcome = (token: string) =>
  useQuery({
    queryKey: ['public-outcome', token],
    queryFn: () => api<PublicOutcomeDto>('GET', `/public/dispute-outcomes/${encodeURIComponent(token)}`),
    retry: false,
  });

export function useAcknowledgeOutcome(token: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () =>
      api<PublicOutcomeDto>('POST', `/public/dispute-outcomes/${encodeURIComponent(token)}/acknowledge`),
    onSuccess: (data) => client.setQueryData(['public-outcome', token], data),
  });
}
