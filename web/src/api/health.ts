/** Relationship health: a relationship's, a partner's, my portfolio's, and the rule that weighs the parts. */
import { useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  HealthWeights,
  healthRulesSchema,
  PartnerHealth,
  PortfolioHealth,
  RelationshipHealth,
} from '../../../common/src/contracts/relationship-health.ts';
import { api } from './client.ts';
import { useWrite } from './hooks.ts';

export type HealthRules = z.infer<typeof healthRulesSchema>;

export const usePartnerHealth = (partnerId: string) =>
  useQuery({
    queryKey: ['health', 'partner', partnerId],
    queryFn: () => api<PartnerHealth>('GET', `/partners/${partnerId}/health?days=90`),
  });

export const useRelationshipHealth = (relationshipId: string | null, days = 180) =>
  useQuery({
    queryKey: ['health', 'relationship', relationshipId, days],
    queryFn: () => api<RelationshipHealth>('GET', `/relationships/${relationshipId}/health?days=${days}`),
    enabled: relationshipId !== null,
  });

export const useMyHealth = () =>
  useQuery({ queryKey: ['health', 'mine'], queryFn: () => api<PortfolioHealth>('GET', '/me/health') });

export const useHealthRules = () =>
  useQuery({ queryKey: ['health-rules'], queryFn: () => api<HealthRules>('GET', '/health-rules') });

export const useChangeHealthRule = () =>
  useWrite('healthRules', (weights: HealthWeights) => api<HealthRules>('POST', '/health-rules', weights));
