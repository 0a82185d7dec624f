/** Who knows whom at a partner, asking a colleague for an introduction, and the institution's stage. */
import { useMutation, useQuery } from '@tanstack/react-query';
import type { InstitutionStage } from '../../../common/src/contracts/institution-stage.ts';
import type {
  AskForIntroduction,
  IntroductionRequest,
  WhoKnowsWhom,
} from '../../../common/src/contracts/who-knows-whom.ts';
import { api, qs } from './client.ts';

export const useWhoKnowsWhom = (partnerId: string) =>
  useQuery({
    queryKey: ['who-knows-whom', partnerId],
    queryFn: () => api<WhoKnowsWhom>('GET', `/partners/${partnerId}/who-knows-whom?limit=10`),
  });

export const useAskForIntroduction = (partnerId: string) =>
  useMutation({
    mutationFn: (body: AskForIntroduction) =>
      api<IntroductionRequest>('POST', `/partners/${partnerId}/introductions`, body),
  });

export const useInstitutionStage = (range: { from?: string; to?: string }) =>
  useQuery({
    queryKey: ['institution-stage', range.from ?? null, range.to ?? null],
    queryFn: () => api<InstitutionStage>('GET', `/institution-stage${qs(range)}`),
  });
