import { relationshipHealthSubscriber } from './insights/relationship-health/relationship-health.subscriber.ts';
import { agreementsSubscriber } from './modules/agreements/agreements.subscriber.ts';
import { attachmentFilesSubscriber } from './modules/attachments/attachment-files.subscriber.ts';
import type { Storage } from './modules/attachments/storage.ts';
import { coordinationSubscriber } from './modules/coordination/coordination.subscriber.ts';
import type { Subscriber } from './modules/events/dispatcher.ts';
import { introductionsSubscriber } from './modules/introductions/introductions.subscriber.ts';
import { noticesSubscriber } from './modules/notifications/notices.subscriber.ts';
import { playbooksSubscriber } from './modules/playbooks/playbooks.subscriber.ts';
import { reviewsSubscriber } from './modules/reviews/reviews.subscriber.ts';

/**
 * Everything that reacts to committed changes. Services never call these: they record changes
 * (db/records.ts), and the dispatcher delivers the events. A new side effect is a new entry here.
 */
export const rapportSubscribers = (deps: { storage: Storage }): Subscriber[] => [
  noticesSubscriber,
  coordinationSubscriber,
  agreementsSubscriber,
  reviewsSubscriber,
  introductionsSubscriber,
  playbooksSubscriber,
  attachmentFilesSubscriber(deps.storage),
  relationshipHealthSubscriber,
];
