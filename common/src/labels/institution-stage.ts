/** The institution stage vocabularies and their labels, without zod: contracts/institution-stage.ts builds its schemas from them. */

export const adoptionStages = ['peripheral', 'tactical', 'strategic'] as const;
export type AdoptionStage = (typeof adoptionStages)[number];
export const adoptionStageLabels: Record<AdoptionStage, string> = {
  peripheral: 'Peripheral',
  tactical: 'Tactical',
  strategic: 'Strategic',
};
