import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { seniorViewSchema } from '../../../../common/src/contracts/escalations.ts';
import { contextOf } from '../../lib/context.ts';
import { seniorView } from './senior-view.service.ts';

export const seniorViewRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/escalations',
    {
      config: { access: 'senior_manager' },
      schema: {
        tags: ['Escalation'],
        summary: 'The senior view: everything escalated, and everything at risk',
        response: { 200: seniorViewSchema },
      },
    },
    async (request) => seniorView(contextOf(request)),
  );
};
