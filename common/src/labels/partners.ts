/** The partners vocabularies and their labels, without zod: contracts/partners.ts builds its schemas from them. */

export const partnerStatuses = ['active', 'dormant', 'archived'] as const;
export type PartnerStatus = (typeof partnerStatuses)[number];
export const partnerStatusLabels: Record<PartnerStatus, string> = {
  active: 'Active',
  dormant: 'Dormant',
  archived: 'Archived',
};

/** Why a partner is offered as the one being created: a similar name, or the same website. */
export const partnerSimilarityReasons = ['name', 'website'] as const;
