/** The playbooks vocabularies and their labels, without zod: contracts/playbooks.ts builds its schemas from them. */

/**
 * What completes a step of a getting-to-know-you playbook by itself: a touch point of a kind
 * logged after the run started, the relationship's own communication plan, its peer pairs, a
 * review scheduled. A step of kind `by_hand` is only ever ticked, with evidence.
 */
export const playbookStepKinds = [
  'touchpoint',
  'communication_plan',
  'peer_pairs',
  'review',
  'by_hand',
] as const;
export type PlaybookStepKind = (typeof playbookStepKinds)[number];
export const playbookStepKindLabels: Record<PlaybookStepKind, string> = {
  touchpoint: 'A touch point of a kind is logged',
  communication_plan: 'The relationship has its own communication plan item',
  peer_pairs: 'Peer pairs are named',
  review: 'A review is scheduled',
  by_hand: 'Ticked by hand, with evidence',
};

/** Why a run began: the relationship started, or it has a new manager. */
export const playbookRunReasons = ['started', 'manager_changed', 'applied'] as const;
export type PlaybookRunReason = (typeof playbookRunReasons)[number];
export const playbookRunReasonLabels: Record<PlaybookRunReason, string> = {
  started: 'The relationship started',
  manager_changed: 'The relationship has a new manager',
  applied: 'Started on a relationship already under way',
};
