import { z } from 'zod';
import { reviewStatuses } from '../labels/reviews.ts';
import { dateText, isoDate, isoDateTime, person, recordFields, requiredText } from './shared.ts';

const longText = 20_000;

/**
 * Schedule a review of a relationship. Without a date it takes the governing agreement's review
 * date (when `agreementId` names one), else the relationship's review date; when neither exists
 * the date must be given (400 otherwise). It may not fall before the relationship's start.
 */
export const scheduleReviewBody = z.object({
  scheduledFor: isoDate
    .optional()
    .describe("Absent: the agreement's review date, else the relationship's review date"),
  agreementId: z.uuid().nullish().describe('The agreement whose review this is, if any'),
});
export type ScheduleReview = z.infer<typeof scheduleReviewBody>;

export const updateReviewBody = z.object({
  scheduledFor: isoDate.optional(),
  minutes: z.string().trim().max(longText).nullable().optional(),
  heldOn: isoDate.nullable().optional().describe('The day it was held: it becomes held'),
});
export type UpdateReview = z.infer<typeof updateReviewBody>;

/** An action agreed at a review: one owner, on either side, and a due date. It becomes a task. */
export const createReviewActionBody = z
  .object({
    description: requiredText(500),
    ownerUserId: z.uuid().nullish().describe('A member of staff who owns it'),
    ownerContactId: z.uuid().nullish().describe("One of the partner's contacts who owns it"),
    dueOn: isoDate,
  })
  .superRefine((a, ctx) => {
    if (Boolean(a.ownerUserId) === Boolean(a.ownerContactId))
      ctx.addIssue({
        code: 'custom',
        path: ['ownerUserId'],
        message: 'Name one owner: a member of staff or one of the partner’s contacts',
      });
  });
export type CreateReviewAction = z.infer<typeof createReviewActionBody>;

export const reviewActionSchema = z.object({
  id: z.uuid(),
  reviewId: z.uuid(),
  description: z.string().max(500),
  owner: z.object({
    side: z.enum(['university', 'partner']),
    id: z.uuid(),
    name: z.string().max(200),
  }),
  dueOn: dateText,
  taskId: z.uuid().describe('The task that tracks it (the relationship manager’s for a partner-side action)'),
  done: z.boolean(),
  createdAt: isoDateTime,
});
export type ReviewActionDto = z.infer<typeof reviewActionSchema>;

export const reviewSchema = z.object({
  ...recordFields,
  relationshipId: z.uuid(),
  partner: person,
  unit: person,
  agreement: z.object({ id: z.uuid(), title: z.string().max(200) }).nullable(),
  status: z.enum(reviewStatuses),
  scheduledFor: dateText,
  heldOn: dateText.nullable(),
  overdue: z.boolean().describe('Scheduled for a day before today and not yet held'),
  minutes: z.string().max(longText).nullable(),
  actions: z.array(reviewActionSchema).max(500),
  can: z.object({ update: z.boolean() }),
});
export type ReviewDto = z.infer<typeof reviewSchema>;
export const reviewList = z.object({
  items: z.array(reviewSchema).max(500),
  can: z.object({ schedule: z.boolean().describe('Whether the caller may schedule the next review') }),
});

const count = z.int32().min(0);

/** The agenda, built from the records the reader may see, for the period since the last review. */
export const reviewAgendaSchema = z.object({
  reviewId: z.uuid(),
  period: z.object({ from: dateText, to: dateText }),
  requests: z.object({
    open: count.describe('Open now'),
    raised: count.describe('Raised in the period'),
    closed: count.describe('Resolved or closed in the period'),
    withTarget: count.describe('Of those closed, how many had a resolution target'),
    metTarget: count.describe('Of those, how many were resolved by it'),
    metPercent: z.int32().min(0).max(100).nullable(),
  }),
  concerns: z
    .array(
      z.object({
        id: z.uuid(),
        reference: z.int32(),
        kind: z.string().max(40),
        title: z.string().max(500),
        status: z.string().max(40),
      }),
    )
    .max(200)
    .describe('Concerns, complaints and disputes raised in the period'),
  escalations: z
    .array(
      z.object({
        level: z.string().max(40),
        briefing: z.string().max(5000),
        raisedAt: isoDateTime,
        requestTitle: z.string().max(500).nullable(),
      }),
    )
    .max(200),
  plan: z
    .array(
      z.object({
        purpose: z.string().max(200),
        overdue: z.boolean(),
        adherencePercent: z.int32().min(0).max(100).nullable(),
      }),
    )
    .max(200),
  peerCoverage: z
    .array(
      z.object({
        level: z.string().max(100),
        user: z.string().max(200),
        contact: z.string().max(200),
        lastTwoWayAt: isoDateTime.nullable(),
        silent: z.boolean(),
      }),
    )
    .max(200),
  activities: z
    .array(z.object({ id: z.uuid(), title: z.string().max(500), startsAt: isoDateTime, attended: count }))
    .max(200)
    .describe("Activities in the period the partner's contacts attended"),
  openTasks: count,
});
export type ReviewAgendaDto = z.infer<typeof reviewAgendaSchema>;

/** A review past its date, for Home and the senior view. */
export const overdueReviewSchema = z.object({
  id: z.uuid(),
  relationshipId: z.uuid(),
  partner: person,
  unitName: z.string().max(200),
  managerName: z.string().max(200).nullable(),
  scheduledFor: dateText,
});
export type OverdueReviewDto = z.infer<typeof overdueReviewSchema>;
