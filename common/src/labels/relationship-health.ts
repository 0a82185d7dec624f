/** The relationship health vocabularies and their labels, without zod: contracts/relationship-health.ts builds its schemas from them. */

/** The parts of a health score, in the order they are shown. */
export const healthPartKeys = [
  'contact',
  'requests',
  'escalations',
  'sentiment',
  'surveys',
  'activities',
] as const;
export type HealthPartKey = (typeof healthPartKeys)[number];

export const healthPartLabels: Record<HealthPartKey, string> = {
  contact: 'Contact against the cadence',
  requests: 'Requests and service levels',
  escalations: 'Escalations and concerns',
  sentiment: 'Sentiment trend',
  surveys: 'Survey results',
  activities: 'Places taken at activities',
};

/** Whose view of the data a score is computed from. */
export const healthBases = ['institution', 'unit', 'all', 'viewer'] as const;
export const healthBasisLabels: Record<(typeof healthBases)[number], string> = {
  institution: 'From records everyone may read',
  unit: "From records everyone may read and the unit's own",
  all: 'From every record',
  viewer: 'From the records you may read',
};
