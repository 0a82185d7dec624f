/** The assessments vocabularies and their labels, without zod: contracts/assessments.ts builds its schemas from them. */

/** The checklist's items, in the order seed 000 lists the responsibilities. */
export const checklistItems = [
  'trust_openness',
  'proactive_improvement',
  'stakeholders_heard',
  'communication_framework',
  'communication_flows',
  'peer_to_peer',
  'dispute_resolution',
  'soft_tensions',
  'managing_upwards',
  'regular_reporting',
  'information_sharing',
  'understanding_practices',
  'authority_to_change',
] as const;
export type ChecklistItem = (typeof checklistItems)[number];

export const checklistItemLabels: Record<ChecklistItem, string> = {
  trust_openness: 'An atmosphere of trust, openness and communication',
  proactive_improvement: 'Proactively looking for ways to improve the relationship',
  stakeholders_heard: 'Stakeholders involved and heard',
  communication_framework: 'A communication framework agreed',
  communication_flows: 'Communication flows working in both directions',
  peer_to_peer: 'Peer-to-peer communication at each level',
  dispute_resolution: 'Disputes resolved',
  soft_tensions: 'Soft tensions noticed and dealt with',
  managing_upwards: 'Managing upwards: senior managers briefed before things escalate',
  regular_reporting: 'Regular reporting',
  information_sharing: 'Information-sharing activities',
  understanding_practices: "Understanding each other's practices",
  authority_to_change: 'Authority to change the arrangement',
};

/** Short names for charts and narrow tables. */
export const checklistItemShortLabels: Record<ChecklistItem, string> = {
  trust_openness: 'Trust and openness',
  proactive_improvement: 'Proactive improvement',
  stakeholders_heard: 'Stakeholders heard',
  communication_framework: 'Communication framework',
  communication_flows: 'Communication flows',
  peer_to_peer: 'Peer to peer',
  dispute_resolution: 'Dispute resolution',
  soft_tensions: 'Soft tensions',
  managing_upwards: 'Managing upwards',
  regular_reporting: 'Regular reporting',
  information_sharing: 'Information sharing',
  understanding_practices: "Each other's practices",
  authority_to_change: 'Authority to change',
};

/** The five-level scale business relationship managers use; liaison is the lower end, partnership the top. */
export const maturityStages = [
  'ad_hoc',
  'order_taker',
  'service_provider',
  'trusted_advisor',
  'strategic_partner',
] as const;
export type MaturityStage = (typeof maturityStages)[number];
export const maturityStageLabels: Record<MaturityStage, string> = {
  ad_hoc: 'Ad hoc',
  order_taker: 'Order taker',
  service_provider: 'Service provider',
  trusted_advisor: 'Trusted advisor',
  strategic_partner: 'Strategic partner',
};

/** What each score on an item means, for the form. */
export const scoreLabels = ['0 Not at all', '1 Rarely', '2 Sometimes', '3 Mostly', '4 Fully'] as const;
