/** Agreements on a partner's relationships, their proposed changes and versions. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  AgreementChangeDto,
  AgreementDto,
  agreementVersionSchema,
  createAgreementBody,
  DecideChange,
  ProposeChange,
  UpdateAgreement,
} from '../../../common/src/contracts/agreements.ts';
import { api, type Page, qs } from './client.ts';

export type Agreement = AgreementDto;
export type AgreementChange = AgreementChangeDto;
export type AgreementVersion = z.infer<typeof agreementVersionSchema>;
export type NewAgreement = z.input<typeof createAgreementBody>;

const KEY = 'agreements';

export const usePartnerAgreements = (partnerId: string) =>
  useQuery({
    queryKey: [KEY, 'partner', partnerId],
    queryFn: () => api<Page<Agreement>>('GET', `/agreements${qs({ partnerId, limit: 100 })}`),
  });

export const useAgreementChanges = (id: string | null) =>
  useQuery({
    queryKey: [KEY, 'changes', id],
    queryFn: () => api<{ items: AgreementChange[] }>('GET', `/agreements/${id}/changes`),
    enabled: Boolean(id),
  });

export const useAgreementVersions = (id: string | null) =>
  useQuery({
    queryKey: [KEY, 'versions', id],
    queryFn: () => api<{ items: AgreementVersion[] }>('GET', `/agreements/${id}/versions`),
    enabled: Boolean(id),
  });

/** A write that refreshes every agreement query (lists, changes, versions) and the notifications. */
function useAgreementWrite<I, O>(fn: (input: I) => Promise<O>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => client.invalidateQueries({ queryKey: [KEY] }),
  });
}

export const useCreateAgreement = () =>
  useAgreementWrite((body: NewAgreement) => api<Agreement>('POST', '/agreements', body));

export const useChangeAgreement = () =>
  useAgreementWrite((input: { agreement: Agreement; changes: UpdateAgreement }) =>
    api<Agreement>('PATCH', `/agreements/${input.agreement.id}`, input.changes, {
      version: input.agreement.version,
    }),
  );

export const useProposeChange = () =>
  useAgreementWrite((input: { id: string; body: ProposeChange }) =>
    api<AgreementChange>('POST', `/agreements/${input.id}/changes`, input.body),
  );

export const useDecideChange = () =>
  useAgreementWrite((input: { id: string; body: DecideChange }) =>
    api<AgreementChange>('POST', `/agreement-changes/${input.id}/decisions`, input.body),
  );
