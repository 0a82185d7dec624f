import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  feedbackSummarySchema,
  giveFeedbackBody,
} from '../../../../common/src/contracts/activity-feedback.ts';
import { contextOf } from '../../lib/context.ts';
import { idParams } from '../../lib/records.ts';
import { feedbackOf, giveFeedback } from './feedback.service.ts';

const tags = ['Activities'];

/** Feedback on an activity: the results organisers read, and staff giving their own. */
export const feedbackRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/activities/:id/feedback',
    {
      config: { access: 'viewer' },
      schema: {
        tags,
        summary: 'Feedback on an activity: how many gave each rating, the mean, and the written answers',
        params: idParams,
        response: { 200: feedbackSummarySchema },
      },
    },
    async (request) => feedbackOf(contextOf(request), request.params.id),
  );
  app.post(
    '/activities/:id/feedback',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: 'Give my own feedback on an activity I took part in (once, from its start)',
        params: idParams,
        body: giveFeedbackBody,
        response: { 201: feedbackSummarySchema },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await giveFeedback(contextOf(request), request.params.id, request.body)),
  );
};
