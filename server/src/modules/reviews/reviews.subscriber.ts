import type { EventName } from '../../../../common/src/events.ts';
import type { Executor } from '../../db/client.ts';
import type { Subscriber } from '../events/dispatcher.ts';
import { notify } from '../notifications/notifications.service.ts';
import type { PresentedReview } from './reviews.repository.ts';
import { relationshipOf } from './reviews.repository.ts';

const events: EventName[] = ['review.due'];

/**
 * Tells a relationship's manager and deputies that its review is coming up (or is late), once
 * per scheduled date. Reviews are read by whoever may read the relationship, so the notice
 * passes the relationship's read rule.
 */
export const reviewsSubscriber: Subscriber = {
  name: 'reviews',
  events,
  async handle(event, tx: Executor) {
    const review = event.payload.after as PresentedReview;
    const relationship = await relationshipOf(tx, review.relationshipId);
    if (!relationship) return;
    const people = [relationship.managerId, ...relationship.deputyIds].filter((id): id is string => !!id);
    const against = review.agreement ? ` (${review.agreement.title})` : '';
    await notify(
      tx,
      null,
      people.map((userId) => ({
        userId,
        kind: 'review_due' as const,
        title:
          `Relationship review ${review.scheduledFor}: ${review.partner.name} with ${review.unit.name}${against}`.slice(
            0,
            1000,
          ),
        body: 'Its agenda is built from the relationship’s records: open it to prepare.',
        link: `/partners/${review.partner.id}/relationships`,
        dedupeKey: `review_due:${review.id}:${review.scheduledFor}`,
        about: { entity: 'relationship' as const, id: review.relationshipId },
      })),
    );
  },
};
