import { z } from 'zod';
import { relationshipWithCadence } from './partner-view.ts';
import { taskSchema } from './tasks.ts';
import { touchpointSchema } from './touchpoints.ts';

export const homeSchema = z.object({
  relationships: z
    .array(relationshipWithCadence)
    .describe('Relationships I manage or deputise on, overdue first'),
  tasks: z.array(taskSchema).describe('My open follow-ups, soonest due first'),
  recentTouchpoints: z.array(touchpointSchema).describe('Touch points I recorded most recently'),
});
