/** The disputes vocabularies and their labels, without zod: contracts/disputes.ts builds its schemas from them. */

/**
 * The stages a dispute moves through, in order. The third step is either a senior panel or
 * mediation; the outcome ends it. A stage may only move to the next step (never back, never skipping).
 */
export const disputeStages = [
  'informal_discussion',
  'formal_review',
  'senior_panel',
  'mediation',
  'outcome',
] as const;
export type DisputeStage = (typeof disputeStages)[number];
export const disputeStageLabels: Record<DisputeStage, string> = {
  informal_discussion: 'Informal discussion',
  formal_review: 'Formal review',
  senior_panel: 'Senior panel',
  mediation: 'Mediation',
  outcome: 'Outcome',
};
/** The stages that run against a timescale (the outcome ends the clock). */
export const timedStages = ['informal_discussion', 'formal_review', 'senior_panel', 'mediation'] as const;
export type TimedStage = (typeof timedStages)[number];
