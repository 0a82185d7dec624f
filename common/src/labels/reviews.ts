/** The reviews vocabularies and their labels, without zod: contracts/reviews.ts builds its schemas from them. */

/** Scheduled until it is held; a held review keeps its minutes and its period. */
export const reviewStatuses = ['scheduled', 'held'] as const;
export type ReviewStatus = (typeof reviewStatuses)[number];
export const reviewStatusLabels: Record<ReviewStatus, string> = {
  scheduled: 'Scheduled',
  held: 'Held',
};
