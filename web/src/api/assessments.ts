/** Maturity assessments: a relationship's history and gap, the evidence suggested, assessing; the partner's page by private link. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  AnswerAssessment,
  AssessmentsByUnit,
  assessmentCreatedSchema,
  CreateAssessment,
  Evidence,
  PublicAssessment,
  RelationshipAssessments,
} from '../../../common/src/contracts/assessments.ts';
import { api } from './client.ts';

export type AssessmentCreated = z.infer<typeof assessmentCreatedSchema>;

export const useRelationshipAssessments = (relationshipId: string) =>
  useQuery({
    queryKey: ['assessments', relationshipId],
    queryFn: () => api<RelationshipAssessments>('GET', `/relationships/${relationshipId}/assessments`),
  });

/** Assessments across units (senior managers and administrators). */
export const useAssessmentsByUnit = (enabled: boolean) =>
  useQuery({
    queryKey: ['assessments', 'by-unit'],
    queryFn: () => api<AssessmentsByUnit>('GET', '/assessments/by-unit'),
    enabled,
  });

export const useAssessmentEvidence = (relationshipId: string, enabled: boolean) =>
  useQuery({
    queryKey: ['assessments', relationshipId, 'evidence'],
    queryFn: () => api<Evidence>('GET', `/relationships/${relationshipId}/assessment-evidence`),
    enabled,
  });

export function useCreateAssessment(relationshipId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateAssessment) =>
      api<AssessmentCreated>('POST', `/relationships/${relationshipId}/assessments`, body),
    onSuccess: () => {
      client.invalidateQueries({ queryKey: ['assessments', relationshipId] });
      client.invalidateQueries({ queryKey: ['tasks'] });
    },
  });
}

export const usePublicAssessment = (token: string) =>
  useQuery({
    queryKey: ['public-assessment', token],
    queryFn: () => api<PublicAssessment>('GET', `/public/assessments/${encodeURIComponent(token)}`),
    retry: false,
  });

export function useAnswerAssessment(token: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: AnswerAssessment) =>
      api<PublicAssessment>('POST', `/public/assessments/${encodeURIComponent(token)}`, body),
    onSuccess: (data) => client.setQueryData(['public-assessment', token], data),
  });
}
