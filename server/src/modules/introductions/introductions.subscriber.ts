import type { IntroductionRequest } from '../../../../common/src/contracts/who-knows-whom.ts';
import type { Executor } from '../../db/client.ts';
import type { Subscriber } from '../events/dispatcher.ts';
import { notify } from '../notifications/notifications.service.ts';

/** The colleague asked for an introduction is told, in the app and by e-mail (their choice of channels). */
export const introductionsSubscriber: Subscriber = {
  name: 'introductions',
  events: ['introduction_request.created'],
  async handle(event, tx: Executor) {
    const request = event.payload.after as IntroductionRequest;
    const actorId = event.actor.kind === 'user' ? event.actor.userId : null;
    await notify(tx, actorId, [
      {
        userId: request.colleague.id,
        kind: 'introduction_requested',
        title: `${request.askedBy.name} asks you for an introduction to ${request.partner.name}`.slice(
          0,
          1000,
        ),
        body: request.message ? request.message.slice(0, 1000) : null,
        link: `/partners/${request.partner.id}/people`,
        dedupeKey: `introduction:${request.id}`,
        about: { entity: 'partner', id: request.partner.id },
      },
    ]);
  },
};
