/** The who knows whom vocabularies and their labels, without zod: contracts/who-knows-whom.ts builds its schemas from them. */

/** The parts of a link's strength, in the order they are shown. */
export const linkPartKeys = ['recency', 'frequency', 'reciprocity', 'longevity', 'sharedActivities'] as const;
export type LinkPartKey = (typeof linkPartKeys)[number];

export const linkPartLabels: Record<LinkPartKey, string> = {
  recency: 'Recency',
  frequency: 'Frequency',
  reciprocity: 'Two-way contact',
  longevity: 'Longevity',
  sharedActivities: 'Shared activities',
};
