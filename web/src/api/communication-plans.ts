/** Communication plans, levels and peer pairs, and a partner's open concerns. */
import { useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  CommunicationLevelDto,
  createPeerPairBody,
  createPlanItemBody,
  PeerPairDto,
  PlanDueRowDto,
  PlanItemDto,
  RelationshipPlanDto,
} from '../../../common/src/contracts/communication-plans.ts';
import { api, type Page, qs } from './client.ts';
import { useWrite } from './hooks.ts';
import type { RequestItem } from './types.ts';

export type RelationshipPlan = RelationshipPlanDto;
export type PlanDueRow = PlanDueRowDto;
export type NewPlanItem = z.input<typeof createPlanItemBody>;
export type NewPeerPair = z.input<typeof createPeerPairBody>;

export const useRelationshipPlan = (relationshipId: string | null) =>
  useQuery({
    queryKey: ['communication-plan', 'relationship', relationshipId],
    queryFn: () => api<RelationshipPlan>('GET', `/relationships/${relationshipId}/communication-plan`),
    enabled: Boolean(relationshipId),
  });

export const usePlansDue = (filter: { unitId?: string | null; overdue?: boolean }) =>
  useQuery({
    queryKey: ['communication-plan', 'due', filter.unitId ?? 'mine', filter.overdue ?? null],
    queryFn: () =>
      api<{ items: PlanDueRow[]; truncated: boolean }>(
        'GET',
        `/communication-plans/due${qs({ unitId: filter.unitId ?? undefined, overdue: filter.overdue })}`,
      ),
  });

export const useCommunicationLevels = () =>
  useQuery({
    queryKey: ['communication-plan', 'levels'],
    queryFn: () => api<{ items: CommunicationLevelDto[] }>('GET', '/communication-levels'),
  });

export const useCreatePlanItem = () =>
  useWrite('communicationPlan', (body: NewPlanItem) =>
    api<PlanItemDto>('POST', '/communication-plans/items', body),
  );

export const useDeletePlanItem = () =>
  useWrite('communicationPlan', (item: { id: string; version: number }) =>
    api<void>('DELETE', `/communication-plans/items/${item.id}`, undefined, { version: item.version }),
  );

export const useCreatePeerPair = () =>
  useWrite('communicationPlan', (body: NewPeerPair) => api<PeerPairDto>('POST', '/peer-pairs', body));

export const useDeletePeerPair = () =>
  useWrite('communicationPlan', (pair: { id: string; version: number }) =>
    api<void>('DELETE', `/peer-pairs/${pair.id}`, undefined, { version: pair.version }),
  );

/** The partner's open complaints, concerns and disputes from every unit (what I may see). */
export const useOpenConcerns = (partnerId: string | null) =>
  useQuery({
    queryKey: ['open-concerns', partnerId],
    queryFn: () => api<Page<RequestItem>>('GET', `/partners/${partnerId}/open-concerns`),
    enabled: Boolean(partnerId),
  });
