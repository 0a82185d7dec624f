import { z } from 'zod';
import { feedbackFrom } from '../labels/activity-feedback.ts';
import { isoDateTime, optionalText } from './shared.ts';

/** Feedback is taken for this long after a one-off activity ends. */
export const FEEDBACK_DAYS = 60;
/** The most written answers the activity page lists (the counts cover every answer). */
export const FEEDBACK_COMMENTS_LIMIT = 500;

/** A short form: how it was, what was useful, what to change. */
export const giveFeedbackBody = z.object({
  rating: z.number({ error: 'Choose a rating' }).int().min(1).max(5).describe('1 (poor) to 5 (excellent)'),
  useful: optionalText(2_000).describe('What was useful'),
  change: optionalText(2_000).describe('What to change'),
});
export type GiveFeedback = z.input<typeof giveFeedbackBody>;

/** One answer as organisers read it. */
export const feedbackResponseSchema = z.object({
  id: z.uuid(),
  rating: z.int32(),
  useful: z.string().max(2_000).nullable(),
  change: z.string().max(2_000).nullable(),
  from: z.enum(feedbackFrom),
  authorName: z.string().max(200),
  createdAt: isoDateTime,
});
export type FeedbackResponseDto = z.infer<typeof feedbackResponseSchema>;

/** The results on the activity page: counts per rating (for the chart and its table) and the written answers. */
export const feedbackSummarySchema = z.object({
  count: z.int32(),
  average: z.number().nullable().describe('Mean rating, to one decimal place; null when there is none'),
  byRating: z
    .array(z.object({ rating: z.int32(), label: z.string().max(20), count: z.int32() }))
    .max(5)
    .describe('Every rating from 1 to 5, with how many gave it'),
  answers: z.array(feedbackResponseSchema).max(FEEDBACK_COMMENTS_LIMIT).describe('Newest first'),
  opensAt: isoDateTime.describe('Feedback is taken from the start'),
  closesAt: isoDateTime.nullable().describe('Null for a series: feedback stays open'),
  mine: z.boolean().describe('Whether the caller has given feedback'),
  can: z.object({ give: z.boolean() }),
});
export type FeedbackSummaryDto = z.infer<typeof feedbackSummarySchema>;

/** Where feedback by the private link stands for the invited contact. */
export const publicFeedbackState = z.object({
  open: z.boolean().describe('The contact may give feedback now'),
  given: z.boolean(),
  reason: z.string().max(200).nullable().describe('Why feedback is not open, in words'),
});
