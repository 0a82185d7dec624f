import type { RequestKind, RequestStatus } from '../../../../common/src/labels/requests.ts';

export type { RequestKind, RequestStatus };

/**
 * The request lifecycle: new → triaged → in progress ⇄ waiting on partner → resolved → closed,
 * reopened from resolved. Concerns (soft tensions) may be settled straight from new.
 */
const next: Record<RequestStatus, RequestStatus[]> = {
  new: ['triaged'],
  triaged: ['in_progress'],
  in_progress: ['waiting_on_partner', 'resolved'],
  waiting_on_partner: ['in_progress', 'resolved'],
  resolved: ['closed', 'in_progress'],
  closed: [],
};

export function allowedTransitions(kind: RequestKind, from: RequestStatus): RequestStatus[] {
  if (kind === 'concern' && from === 'new') return [...next.new, 'resolved'];
  return next[from];
}

export const isOpen = (status: RequestStatus) => status !== 'resolved' && status !== 'closed';
