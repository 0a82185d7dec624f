import { z } from 'zod';
import { relationshipWithCadence } from './partner-view.ts';
import { overdueReviewSchema } from './reviews.ts';
import { taskSchema } from './tasks.ts';
import { touchpointSchema } from './touchpoints.ts';

/** How many open follow-ups and recent touch points My work shows. */
export const HOME_TASKS = 50;
export const HOME_TOUCHPOINTS = 20;
/** How many months Home's chart of my relationships' touch points covers, this one included. */
export const HOME_MONTHS = 12;

export const homeSchema = z.object({
  relationships: z
    .array(relationshipWithCadence)
    .describe('Relationships I manage or deputise on, overdue first'),
  overdueReviews: z
    .array(overdueReviewSchema)
    .max(200)
    .describe('Reviews of relationships I manage or deputise on, past their date and not yet held'),
  tasks: z.array(taskSchema).max(HOME_TASKS).describe('My open follow-ups, soonest due first'),
  recentTouchpoints: z
    .array(touchpointSchema)
    .max(HOME_TOUCHPOINTS)
    .describe('Touch points I recorded most recently'),
  touchpointsByMonth: z
    .array(
      z.object({
        month: z
          .string()
          .regex(/^\d{4}-\d{2}$/)
          .max(7)
          .describe("A month in the university's time zone, as YYYY-MM"),
        count: z.int32().min(0),
      }),
    )
    .max(HOME_MONTHS)
    .describe(
      'Touch points of the relationships I manage or deputise on that I may see, per month: the last 12, oldest first, this one included',
    ),
});
