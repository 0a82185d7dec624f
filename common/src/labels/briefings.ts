/** The briefings vocabularies and their labels, without zod: contracts/briefings.ts builds its schemas from them. */

export const briefingSections = ['new_concern', 'at_risk', 'sentiment_turned', 'overdue_review'] as const;
export type BriefingSection = (typeof briefingSections)[number];
export const briefingSectionLabels: Record<BriefingSection, string> = {
  new_concern: 'New concerns and complaints',
  at_risk: 'Requests near or past their service level',
  sentiment_turned: 'Sentiment that has turned',
  overdue_review: 'Overdue relationship reviews',
};
