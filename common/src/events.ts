/**
 * The catalogue of domain events: every change Rapport records is also published as one of
 * these, in the same transaction as the change. It is a public contract (webhooks will carry
 * it), so a name, once published, keeps its meaning.
 *
 * A name is `<entity>.<action>`. Every versioned record has `created`, `updated` and `deleted`;
 * some have more specific actions as well.
 */
export const eventCatalogue = {
  unit: ['created', 'updated', 'deleted'],
  partner_type: ['created', 'updated', 'deleted'],
  partner: ['created', 'updated', 'deleted', 'merged', 'unmerged'],
  contact: ['created', 'updated', 'deleted', 'merged', 'unmerged', 'consent_recorded', 'exported', 'erased'],
  affiliation: ['created', 'updated', 'deleted'],
  relationship: ['created', 'updated', 'deleted', 'escalated', 'deescalated'],
  user: ['created', 'updated'],
  api_token: ['created', 'revoked'],
  touchpoint: ['created', 'updated', 'deleted'],
  task: ['created', 'updated', 'deleted', 'due'],
  request: ['created', 'updated', 'transitioned', 'commented', 'escalated', 'deescalated'],
  service_level: ['updated'],
  setting: ['updated'],
  saved_view: ['created', 'updated', 'deleted'],
  sign_on_provider: ['created', 'updated', 'deleted'],
  attachment: ['created', 'deleted'],
  communication_level: ['created', 'updated'],
  communication_plan_item: ['created', 'updated', 'deleted'],
  peer_pair: ['created', 'deleted'],
  playbook: ['updated'],
  briefing: ['read', 'item_acted'],
  playbook_run: ['started', 'step_ticked'],
  agreement: ['created', 'updated', 'activated', 'ended', 'revised', 'review_due', 'ending'],
  agreement_change: ['proposed', 'decided'],
  duplicate: ['dismissed', 'restored'],
  consent_purpose: ['created', 'updated', 'retired', 'reinstated'],
  data_protection: ['granted', 'revoked'],
  retention_rule: ['updated', 'ran'],
  activity: [
    'created',
    'updated',
    'deleted',
    'invited',
    'registered',
    'declined',
    'cancelled',
    'promoted',
    'attended',
    'feedback_given',
    'member_joined',
    'member_left',
    'action_agreed',
    'action_done',
    'action_reopened',
  ],
  survey: ['created', 'answered', 'closed'],
  survey_template: ['created', 'updated'],
  assessment: ['created', 'answered'],
  introduction_request: ['created'],
  review: ['created', 'updated', 'held', 'due'],
  review_action: ['created'],
  dispute: ['created', 'updated', 'stage_moved', 'outcome_recorded', 'acknowledged'],
  initiative: [
    'created',
    'updated',
    'deleted',
    'published',
    'unpublished',
    'milestone_added',
    'milestone_reached',
  ],
  initiative_input: ['created', 'updated'],
} as const satisfies Record<string, readonly string[]>;

export type EventEntity = keyof typeof eventCatalogue;
export type EventAction<E extends EventEntity = EventEntity> = (typeof eventCatalogue)[E][number];
export type EventName = { [E in EventEntity]: `${E}.${EventAction<E>}` }[EventEntity];

/** Every event name, in catalogue order. */
export const eventNames: readonly EventName[] = Object.entries(eventCatalogue).flatMap(([entity, actions]) =>
  actions.map((action) => `${entity}.${action}` as EventName),
);

/** Who caused an event: a member of staff (possibly through an API token), a partner's contact, or Rapport itself. */
export type EventActor =
  | { kind: 'user'; userId: string; tokenId: string | null }
  | { kind: 'contact'; contactId: string }
  | { kind: 'system' };

/**
 * What an event carries: the record's public form before and after the change (as the API
 * shows it; null where there is none), and for specific actions a few facts of the action
 * itself (the comment, the move, who an escalation named).
 */
export type EventPayload = {
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  detail?: Record<string, unknown>;
};

/** One event as subscribers (and later webhooks) receive it. */
export type DomainEvent = {
  id: number;
  name: EventName;
  entity: EventEntity;
  entityId: string;
  actor: EventActor;
  requestId: string | null;
  at: string;
  payload: EventPayload;
};
