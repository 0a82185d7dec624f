/** Getting-to-know-you playbooks: a partner type's steps, a relationship's run, mine under way. */
import { useQuery } from '@tanstack/react-query';
import type {
  Playbook,
  PlaybookBody,
  PlaybookRun,
  StartedRuns,
  TickStep,
} from '../../../common/src/contracts/playbooks.ts';
import { api } from './client.ts';
import { useWrite } from './hooks.ts';

export type { Playbook, PlaybookBody, PlaybookRun };

export const usePlaybook = (partnerTypeId: string | null) =>
  useQuery({
    queryKey: ['playbook', 'type', partnerTypeId],
    queryFn: () => api<Playbook>('GET', `/partner-types/${partnerTypeId}/playbook`),
    enabled: Boolean(partnerTypeId),
  });

export const useSetPlaybook = (partnerTypeId: string) =>
  useWrite('playbook', (body: PlaybookBody) =>
    api<Playbook>('PUT', `/partner-types/${partnerTypeId}/playbook`, body),
  );

/** Starts the playbook on the type's relationships that began before it had steps. */
export const useStartWaitingRuns = (partnerTypeId: string) =>
  useWrite('playbook', () => api<StartedRuns>('POST', `/partner-types/${partnerTypeId}/playbook/runs`));

export const useRelationshipPlaybook = (relationshipId: string) =>
  useQuery({
    queryKey: ['playbook', 'relationship', relationshipId],
    queryFn: () => api<{ run: PlaybookRun | null }>('GET', `/relationships/${relationshipId}/playbook`),
  });

export const useMyPlaybooks = () =>
  useQuery({
    queryKey: ['playbook', 'mine'],
    queryFn: () => api<{ items: PlaybookRun[] }>('GET', '/playbook-runs/mine'),
  });

export const useTickStep = () =>
  useWrite('playbook', (input: { runId: string; stepId: string } & TickStep) =>
    api<PlaybookRun>('POST', `/playbook-runs/${input.runId}/steps/${input.stepId}/tick`, {
      evidence: input.evidence,
    }),
  );
