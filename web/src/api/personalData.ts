/** Personal data: consent per purpose, the data protection ability, erasure, retention and the records of processing. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  ContactConsents,
  erasureResult,
  PurposeDto,
  processingRecords,
  RecordConsent,
  RetentionReport,
  RetentionRuleDto,
  retentionRunList,
  SavePurpose,
} from '../../../common/src/contracts/personal-data.ts';
import { api } from './client.ts';

export type RetentionRule = RetentionRuleDto;
export type ProcessingRecords = z.infer<typeof processingRecords>;

/** Whether I may export and erase personal data (administrators, and whom they chose). */
export const useDataProtection = (enabled = true) =>
  useQuery({
    queryKey: ['personal-data-access'],
    enabled,
    queryFn: () => api<{ dataProtection: boolean }>('GET', '/personal-data/access'),
    staleTime: 60_000,
  });

export const usePurposes = () =>
  useQuery({
    queryKey: ['purposes'],
    queryFn: () => api<{ items: PurposeDto[] }>('GET', '/personal-data/purposes'),
  });

/** Adds a purpose (no version) or changes one (its version, as If-Match). */
export function useSavePurpose() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ key, body, version }: { key: string; body: SavePurpose; version?: number }) =>
      api<PurposeDto>('PUT', `/personal-data/purposes/${encodeURIComponent(key)}`, body, { version }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['purposes'] }),
  });
}

/** Retires a purpose, or brings it back. */
export function useRetirePurpose() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ purpose, retire }: { purpose: PurposeDto; retire: boolean }) =>
      api<PurposeDto>(
        'POST',
        `/personal-data/purposes/${encodeURIComponent(purpose.key)}/${retire ? 'retire' : 'reinstate'}`,
        undefined,
        { version: purpose.version },
      ),
    onSuccess: () => client.invalidateQueries({ queryKey: ['purposes'] }),
  });
}

export const useContactConsents = (contactId: string) =>
  useQuery({
    queryKey: ['consents', contactId],
    queryFn: () => api<ContactConsents>('GET', `/contacts/${contactId}/consents`),
  });

export function useRecordConsent(contactId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: RecordConsent) =>
      api<ContactConsents>('POST', `/contacts/${contactId}/consents`, body),
    onSuccess: (data) => {
      client.setQueryData(['consents', contactId], data);
      return client.invalidateQueries({ queryKey: ['history'] });
    },
  });
}

/** Erases a contact; everything shown about them is read again. */
export function useEraseContact(contactId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (confirmName: string) =>
      api<z.infer<typeof erasureResult>>('POST', `/contacts/${contactId}/erase`, { confirmName }),
    onSuccess: () => client.invalidateQueries(),
  });
}

export const subjectAccessUrl = (contactId: string, format: 'json' | 'pdf') =>
  `/api/v1/contacts/${contactId}/personal-data${format === 'pdf' ? '/pdf' : ''}`;

export const useRetentionRules = () =>
  useQuery({
    queryKey: ['retention-rules'],
    queryFn: () => api<{ items: RetentionRule[] }>('GET', '/personal-data/retention-rules'),
  });

export const useRetentionRuns = () =>
  useQuery({
    queryKey: ['retention-runs'],
    queryFn: () => api<z.infer<typeof retentionRunList>>('GET', '/personal-data/retention-runs'),
  });

export function useChangeRetentionRule() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ rule, years, enabled }: { rule: RetentionRule; years: number; enabled: boolean }) =>
      api<RetentionRule>(
        'PATCH',
        `/personal-data/retention-rules/${rule.key}`,
        { years, enabled },
        { version: rule.version },
      ),
    onSuccess: () => client.invalidateQueries({ queryKey: ['retention-rules'] }),
  });
}

export function useRunRetentionRule() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ key, dryRun }: { key: string; dryRun: boolean }) =>
      api<RetentionReport>('POST', `/personal-data/retention-rules/${key}/${dryRun ? 'dry-run' : 'run'}`),
    onSuccess: () =>
      Promise.all([
        client.invalidateQueries({ queryKey: ['retention-rules'] }),
        client.invalidateQueries({ queryKey: ['retention-runs'] }),
      ]),
  });
}

export const useProcessingRecords = () =>
  useQuery({
    queryKey: ['processing-records'],
    queryFn: () => api<ProcessingRecords>('GET', '/personal-data/processing'),
  });
