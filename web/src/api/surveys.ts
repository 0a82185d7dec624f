/** Relationship surveys: a partner's results, sending and closing; the public answer page by private link. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  AnswerSurvey,
  CreateSurvey,
  PartnerSurveys,
  PublicSurvey,
  SurveyResult,
  SurveyTemplate,
  SurveyTemplateBody,
  SurveyTemplateDetail,
  surveyCreatedSchema,
} from '../../../common/src/contracts/surveys.ts';
import { api } from './client.ts';

export type SurveyCreated = z.infer<typeof surveyCreatedSchema>;

export const usePartnerSurveys = (partnerId: string) =>
  useQuery({
    queryKey: ['surveys', 'partner', partnerId],
    queryFn: () => api<PartnerSurveys>('GET', `/partners/${partnerId}/surveys`),
  });

function useSurveyWrite<I, O>(fn: (input: I) => Promise<O>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => client.invalidateQueries({ queryKey: ['surveys'] }),
  });
}

export const useSendSurvey = () =>
  useSurveyWrite(({ relationshipId, body }: { relationshipId: string; body: CreateSurvey }) =>
    api<SurveyCreated>('POST', `/relationships/${relationshipId}/surveys`, body),
  );

export const useCloseSurvey = () =>
  useSurveyWrite((surveyId: string) => api<SurveyResult>('POST', `/surveys/${surveyId}/close`));

export const usePublicSurvey = (token: string) =>
  useQuery({
    queryKey: ['public-survey', token],
    queryFn: () => api<PublicSurvey>('GET', `/public/surveys/${encodeURIComponent(token)}`),
    retry: false,
  });

export function useAnswerSurvey(token: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: AnswerSurvey) =>
      api<PublicSurvey>('POST', `/public/surveys/${encodeURIComponent(token)}`, body),
    onSuccess: (data) => client.setQueryData(['public-survey', token], data),
  });
}

/** The saved survey templates (reusable sets of questions). */
export const useSurveyTemplates = (enabled = true) =>
  useQuery({
    queryKey: ['survey-templates'],
    queryFn: () => api<{ items: SurveyTemplate[] }>('GET', '/survey-templates'),
    enabled,
  });

export function useCreateSurveyTemplate() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: SurveyTemplateBody) => api<SurveyTemplateDetail>('POST', '/survey-templates', body),
    onSuccess: () => client.invalidateQueries({ queryKey: ['survey-templates'] }),
  });
}

/** One survey template with every version as saved. */
export const useSurveyTemplate = (id: string) =>
  useQuery({
    queryKey: ['survey-templates', id],
    queryFn: () => api<SurveyTemplateDetail>('GET', `/survey-templates/${id}`),
    retry: false,
  });

/** Saves a template's name and questions as its next version (If-Match: the version edited). */
export function useChangeSurveyTemplate(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ version, body }: { version: number; body: SurveyTemplateBody }) =>
      api<SurveyTemplateDetail>('PATCH', `/survey-templates/${id}`, body, { version }),
    onSuccess: (data) => {
      client.setQueryData(['survey-templates', id], data);
      void client.invalidateQueries({ queryKey: ['survey-templates'], exact: true });
    },
  });
}
