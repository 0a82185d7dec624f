/** The activity feedback vocabularies and their labels, without zod: contracts/activity-feedback.ts builds its schemas from them. */

/** Ratings run from 1 (poor) to 5 (excellent). */
export const FEEDBACK_RATINGS = [1, 2, 3, 4, 5] as const;
export const feedbackRatingLabels: Record<(typeof FEEDBACK_RATINGS)[number], string> = {
  1: 'Poor',
  2: 'Fair',
  3: 'Good',
  4: 'Very good',
  5: 'Excellent',
};

export const feedbackFrom = ['contact', 'staff'] as const;
