/** The communication plans vocabularies and their labels, without zod: contracts/communication-plans.ts builds its schemas from them. */

/** How a planned communication travels (PRODUCT.md 3.6). */
export const planChannels = ['meeting', 'call', 'email', 'newsletter', 'visit', 'event'] as const;
export type PlanChannel = (typeof planChannels)[number];
export const planChannelLabels: Record<PlanChannel, string> = {
  meeting: 'Meeting',
  call: 'Call',
  email: 'E-mail',
  newsletter: 'Newsletter',
  visit: 'Visit',
  event: 'Event',
};

export const planDirections = ['to_partner', 'from_partner', 'both'] as const;
export type PlanDirection = (typeof planDirections)[number];
export const planDirectionLabels: Record<PlanDirection, string> = {
  to_partner: 'To the partner',
  from_partner: 'From the partner',
  both: 'Both ways',
};
