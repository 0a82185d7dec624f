import { z } from 'zod';
import { relationshipWithCadence } from './partner-view.ts';
import { taskSchema } from './tasks.ts';
import { touchpointSchema } from './touchpoints.ts';

/** How many open follow-ups and recent touch points My work shows. */
export const HOME_TASKS = 50;
export const HOME_TOUCHPOINTS = 20;

export const homeSchema = z.object({
  relationships: z
    .array(relationshipWithCadence)
    .describe('Relationships I manage or deputise on, overdue first'),
  tasks: z.array(taskSchema).max(HOME_TASKS).describe('My open follow-ups, soonest due first'),
  recentTouchpoints: z
    .array(touchpointSchema)
    .max(HOME_TOUCHPOINTS)
    .describe('Touch points I recorded most recently'),
});
