import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  askForIntroductionBody,
  introductionRequestSchema,
} from '../../../../common/src/contracts/who-knows-whom.ts';
import { contextOf } from '../../lib/context.ts';
import { idParams } from '../../lib/records.ts';
import { askForIntroduction } from './introductions.service.ts';

export const introductionRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/partners/:id/introductions',
    {
      config: { access: 'staff' },
      schema: {
        tags: ['Partners'],
        summary: 'Ask a colleague for an introduction to the partner',
        description:
          'The colleague is told in the app and by e-mail (notification kind introduction_requested).',
        params: idParams,
        body: askForIntroductionBody,
        response: { 201: introductionRequestSchema },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await askForIntroduction(contextOf(request), request.params.id, request.body)),
  );
};
