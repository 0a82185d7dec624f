import type { EventName } from '../../../../common/src/events.ts';
import type { AttachableKind } from '../../../../common/src/labels/attachments.ts';
import type { Subscriber } from '../events/dispatcher.ts';
import { recordPrefix } from './attachments.service.ts';
import type { Storage } from './storage.ts';

/** The records whose deletion takes their files with them (their rows go by cascade). */
const deletions: Partial<Record<EventName, AttachableKind>> = {
  'touchpoint.deleted': 'touchpoints',
  'relationship.deleted': 'relationships',
};

/**
 * Removes a deleted record's files from storage once the deletion has committed (a deletion
 * rolled back keeps them). Removing what is already gone is not an error, so a retry is safe.
 */
export function attachmentFilesSubscriber(storage: Storage): Subscriber {
  return {
    name: 'attachment-files',
    events: Object.keys(deletions) as EventName[],
    async handle(event) {
      const kind = deletions[event.name];
      if (kind) await storage.deletePrefix(recordPrefix(kind, event.entityId));
    },
  };
}
