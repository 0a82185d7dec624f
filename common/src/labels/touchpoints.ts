/** The touchpoints vocabularies and their labels, without zod: contracts/touchpoints.ts builds its schemas from them. */

export const touchpointKinds = ['meeting', 'call', 'email', 'visit', 'event', 'enquiry', 'note'] as const;
export type TouchpointKind = (typeof touchpointKinds)[number];
export const touchpointKindLabels: Record<TouchpointKind, string> = {
  meeting: 'Meeting',
  call: 'Call',
  email: 'E-mail',
  visit: 'Visit',
  event: 'Event',
  enquiry: 'Enquiry',
  note: 'Note',
};
/** Sentiment of a touch point, from −2 (very negative) to 2 (very positive). */
export const sentiments = [-2, -1, 0, 1, 2] as const;
export type Sentiment = (typeof sentiments)[number];
export const sentimentLabels: Record<Sentiment, string> = {
  [-2]: 'Very negative',
  [-1]: 'Negative',
  0: 'Neutral',
  1: 'Positive',
  2: 'Very positive',
};
