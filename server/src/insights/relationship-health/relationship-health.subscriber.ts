import type { DomainEvent } from '../../../../common/src/events.ts';
import type { Executor } from '../../db/client.ts';
import type { Subscriber } from '../../modules/events/dispatcher.ts';
import { relationshipIdsFor, relationshipIdsForInvitation } from './relationship-health.repository.ts';
import { refreshHealth } from './relationship-health.service.ts';

type Form = { partnerId?: string; unitId?: string; partners?: { id: string }[] } | null;

/** The units and partners a touch point or request (before and after the change) concerns. */
function concerned(payload: DomainEvent['payload']) {
  const units = new Set<string>();
  const partnerIds = new Set<string>();
  for (const form of [payload.before, payload.after] as Form[]) {
    if (!form) continue;
    if (form.unitId) units.add(form.unitId);
    if (form.partnerId) partnerIds.add(form.partnerId);
    for (const p of form.partners ?? []) partnerIds.add(p.id);
  }
  return { units: [...units], partnerIds: [...partnerIds] };
}

/** The relationships whose health an event may move. */
async function affected(event: DomainEvent, tx: Executor): Promise<string[]> {
  switch (event.entity) {
    case 'relationship':
      return event.name === 'relationship.deleted' ? [] : [event.entityId];
    case 'touchpoint':
    case 'request': {
      const { units, partnerIds } = concerned(event.payload);
      return relationshipIdsFor(tx, units, partnerIds);
    }
    case 'activity': {
      const contactId = event.payload.detail?.contactId;
      return typeof contactId === 'string' ? relationshipIdsForInvitation(tx, event.entityId, contactId) : [];
    }
    case 'survey': {
      // A survey's sending, answers and closing name its relationship.
      const relationshipId = event.payload.detail?.relationshipId;
      return typeof relationshipId === 'string' ? [relationshipId] : [];
    }
    default:
      return [];
  }
}

/**
 * Keeps relationship health current: a touch point, request, escalation, cadence change, an
 * answer to an invitation or to a survey recomputes the kept scores of the relationships it concerns, in the
 * delivery's own transaction. A batch of events recomputes the relationships they concern
 * together, once each: a burst of touch points on one partner costs one recomputation, not one
 * per touch point (a busy relationship's takes ~95 ms at the large benchmark scale). Time alone
 * moves recency too: the daily snapshot job recomputes all.
 */
export const relationshipHealthSubscriber: Subscriber = {
  name: 'relationship-health',
  events: [
    'relationship.created',
    'relationship.updated',
    'relationship.escalated',
    'relationship.deescalated',
    'touchpoint.created',
    'touchpoint.updated',
    'touchpoint.deleted',
    'request.created',
    'request.updated',
    'request.transitioned',
    'request.escalated',
    'request.deescalated',
    'activity.registered',
    'activity.declined',
    'activity.cancelled',
    'activity.promoted',
    'survey.created',
    'survey.answered',
    'survey.closed',
  ],
  async handle(event, tx) {
    await refreshHealth(tx, await affected(event, tx), new Date());
  },
  async handleBatch(events, tx) {
    const ids = new Set<string>();
    for (const event of events) for (const id of await affected(event, tx)) ids.add(id);
    await refreshHealth(tx, [...ids], new Date());
  },
};
