/** The relationships vocabularies and their labels, without zod: contracts/relationships.ts builds its schemas from them. */

export const relationshipStages = ['getting_to_know', 'developing', 'established', 'strategic'] as const;
export type RelationshipStage = (typeof relationshipStages)[number];
export const relationshipStageLabels: Record<RelationshipStage, string> = {
  getting_to_know: 'Getting to know each other',
  developing: 'Developing',
  established: 'Established',
  strategic: 'Strategic',
};
export const relationshipStatuses = ['active', 'paused', 'ended'] as const;
export type RelationshipStatus = (typeof relationshipStatuses)[number];
export const relationshipStatusLabels: Record<RelationshipStatus, string> = {
  active: 'Active',
  paused: 'Paused',
  ended: 'Ended',
};
