import type { DomainEvent, EventName } from '../../../../common/src/events.ts';
import type { Executor } from '../../db/client.ts';
import type { Subscriber } from '../events/dispatcher.ts';
import { type Notice, notify } from '../notifications/notifications.service.ts';
import { markChangeForPartnerNotice } from './agreements.repository.ts';

type ChangeForm = {
  id: string;
  agreementId: string;
  status: string;
  proposedBy: { id: string; name: string };
  university: { approver: { id: string } | null; authority?: string };
};
type AgreementForm = {
  id: string;
  title: string;
  reviewDate: string | null;
  endDate: string | null;
  partner: { id: string; name: string };
  owner: { id: string };
};

const linkTo = (partnerId: unknown) => `/partners/${String(partnerId)}#agreements`;

/**
 * Who is told about an agreement (the partner's contact is told by e-mail, below): its approver when a change waits for them, the proposer when
 * it is decided, its owner when a review comes up or its end draws near. The notice passes the agreement's read rule.
 */
function noticesFor(event: DomainEvent): Notice[] {
  const detail = event.payload.detail ?? {};
  if (event.name === 'agreement_change.proposed') {
    const change = event.payload.after as ChangeForm;
    // The senior managers over the unit when the rules ask for one; else the relationship's manager.
    const approverIds =
      change.university.authority === 'senior_manager'
        ? ((detail.approverIds as string[] | undefined) ?? [])
        : change.university.approver
          ? [change.university.approver.id]
          : [];
    return approverIds.map((userId) => ({
      userId,
      kind: 'agreement_change' as const,
      title: `A change to "${String(detail.title)}" waits for your approval`.slice(0, 1000),
      body: `Proposed by ${change.proposedBy.name}.`,
      link: linkTo(detail.partnerId),
      dedupeKey: `agreement_change:proposed:${change.id}`,
      about: { entity: 'agreement' as const, id: change.agreementId },
    }));
  }
  if (event.name === 'agreement_change.decided') {
    const change = event.payload.after as ChangeForm;
    if (change.status === 'proposed') return [];
    return [
      {
        userId: change.proposedBy.id,
        kind: 'agreement_change',
        title: `Your change to "${String(detail.title)}" was ${change.status}`.slice(0, 1000),
        body: null,
        link: linkTo(detail.partnerId),
        dedupeKey: `agreement_change:decided:${change.id}`,
        about: { entity: 'agreement', id: change.agreementId },
      },
    ];
  }
  if (event.name === 'agreement.review_due') {
    const agreement = event.payload.after as AgreementForm;
    return [
      {
        userId: agreement.owner.id,
        kind: 'agreement_review',
        title: `Review due ${agreement.reviewDate}: ${agreement.title} with ${agreement.partner.name}`.slice(
          0,
          1000,
        ),
        body: null,
        link: linkTo(agreement.partner.id),
        dedupeKey: `agreement_review:${agreement.id}:${agreement.reviewDate}`,
        about: { entity: 'agreement', id: agreement.id },
      },
    ];
  }
  if (event.name === 'agreement.ending') {
    const agreement = event.payload.after as AgreementForm;
    return [
      {
        userId: agreement.owner.id,
        kind: 'agreement_ending',
        title: `Ends ${agreement.endDate}: ${agreement.title} with ${agreement.partner.name}`.slice(0, 1000),
        body: 'Renew it, propose a change to its end date, or let it end.',
        link: `/partners/${agreement.partner.id}/relationships`,
        dedupeKey: `agreement_ending:${agreement.id}:${agreement.endDate}`,
        about: { entity: 'agreement', id: agreement.id },
      },
    ];
  }
  return [];
}

const events: EventName[] = [
  'agreement_change.proposed',
  'agreement_change.decided',
  'agreement.review_due',
  'agreement.ending',
];

export const agreementsSubscriber: Subscriber = {
  name: 'agreements',
  events,
  async handle(event, tx: Executor) {
    const actorId = event.actor.kind === 'user' ? event.actor.userId : null;
    await notify(tx, actorId, noticesFor(event));
    // The partner's contact is told of a change once it is in force (change-mail.job.ts sends it).
    if (
      event.name === 'agreement_change.decided' &&
      (event.payload.after as ChangeForm).status === 'approved'
    )
      await markChangeForPartnerNotice(tx, (event.payload.after as ChangeForm).id);
  },
};
