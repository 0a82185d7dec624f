import type { EventName } from '../../../../common/src/events.ts';
import type { Subscriber } from '../events/dispatcher.ts';
import { startRun } from './playbooks.service.ts';

type RelationshipForm = { id: string; managerId: string | null; status?: string };

const events: EventName[] = ['relationship.created', 'relationship.updated'];

/**
 * Starts the getting-to-know-you playbook when a relationship starts, and again when it has a
 * new manager (the new manager gets to know the partner too). Each run is tied to its event, so
 * a second delivery starts nothing.
 */
export const playbooksSubscriber: Subscriber = {
  name: 'playbooks',
  events,
  async handle(event, tx) {
    const after = event.payload.after as RelationshipForm | null;
    if (!after) return;
    if (event.name === 'relationship.created') {
      await startRun(tx, event.id, after.id, 'started');
      return;
    }
    const before = event.payload.before as RelationshipForm | null;
    if (before && after.managerId && before.managerId !== after.managerId)
      await startRun(tx, event.id, after.id, 'manager_changed');
  },
};
