import type { DomainEvent, EventName } from '../../../../common/src/events.ts';
import type { Executor } from '../../db/client.ts';
import type { Subscriber } from '../events/dispatcher.ts';
import { type Notice, notify } from '../notifications/notifications.service.ts';
import { activityFacts, managersElsewhere, partnersOfContacts } from './coordination.repository.ts';

/** Kinds of request a manager hears of at once; anything else waits for the daily digest. */
export const urgentRequestKinds = ['complaint', 'concern', 'dispute'];

type TouchpointForm = {
  id: string;
  partners: { id: string }[];
  unitId: string;
  unitName: string;
  kind: string;
  subject: string;
  visibility: string;
};
type RequestForm = {
  id: string;
  reference: number;
  partnerId: string;
  unitId: string;
  unitName: string;
  kind: string;
  title: string;
};

const article = (word: string) => (/^[aeiou]/i.test(word) ? 'an' : 'a');

/**
 * "Who else is talking to my partner": when a unit logs a touch point, raises a request or
 * invites a partner's people to an activity, the managers of that partner's relationships in
 * other units are told. Complaints, concerns and disputes come at once (`partner_concern`);
 * the rest as `partner_activity`, which by default goes to the app and the daily digest, not
 * to a separate e-mail. Each notice passes the record's own read check (notify), and a
 * confidential touch point gives no notice at all, not even to its readers.
 */
async function noticesFor(tx: Executor, event: DomainEvent): Promise<Notice[]> {
  if (event.name === 'touchpoint.created') {
    const tp = event.payload.after as TouchpointForm | null;
    if (!tp || tp.visibility === 'confidential') return [];
    const managers = await managersElsewhere(
      tx,
      tp.partners.map((p) => p.id),
      tp.unitId,
    );
    return managers.map((m) => ({
      userId: m.userId,
      kind: 'partner_activity',
      title:
        `${tp.unitName} logged ${article(tp.kind)} ${tp.kind} with ${m.partnerName}: ${tp.subject}`.slice(
          0,
          1000,
        ),
      body: null,
      link: `/partners/${m.partnerId}`,
      dedupeKey: `coordination:touchpoint:${tp.id}`,
      about: { entity: 'touchpoint', id: tp.id },
    }));
  }
  if (event.name === 'request.created') {
    const request = event.payload.after as RequestForm | null;
    if (!request) return [];
    const urgent = urgentRequestKinds.includes(request.kind);
    const managers = await managersElsewhere(tx, [request.partnerId], request.unitId);
    return managers.map((m) => ({
      userId: m.userId,
      kind: urgent ? 'partner_concern' : 'partner_activity',
      title:
        `${request.unitName} raised ${article(request.kind)} ${request.kind} with ${m.partnerName}: #${request.reference} ${request.title}`.slice(
          0,
          1000,
        ),
      body: urgent ? 'Raised by another unit with a partner whose relationship you manage.' : null,
      link: `/requests/${request.id}`,
      dedupeKey: `coordination:request:${request.id}`,
      about: { entity: 'request', id: request.id },
    }));
  }
  if (event.name === 'activity.invited') {
    const activity = await activityFacts(tx, event.entityId);
    const contactIds = (event.payload.detail?.contactIds as string[] | undefined) ?? [];
    if (!activity) return [];
    const partnerIds = await partnersOfContacts(tx, contactIds);
    const managers = await managersElsewhere(tx, partnerIds, activity.unitId);
    return managers.map((m) => ({
      userId: m.userId,
      kind: 'partner_activity',
      title: `${activity.unitName} invited ${m.partnerName} to ${activity.title}`.slice(0, 1000),
      body: null,
      link: `/activities/${activity.id}`,
      dedupeKey: `coordination:activity:${event.id}:${m.partnerId}`,
      about: { entity: 'activity', id: activity.id },
    }));
  }
  return [];
}

const events: EventName[] = ['touchpoint.created', 'request.created', 'activity.invited'];

export const coordinationSubscriber: Subscriber = {
  name: 'coordination',
  events,
  async handle(event, tx) {
    const actorId = event.actor.kind === 'user' ? event.actor.userId : null;
    await notify(tx, actorId, await noticesFor(tx, event));
  },
};
