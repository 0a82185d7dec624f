import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { homeSchema } from '../../../../common/src/contracts/home.ts';
import { contextOf } from '../../lib/context.ts';
import { myHome } from './home.service.ts';

export const homeRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/me/home',
    {
      config: { access: 'viewer' },
      schema: {
        tags: ['My work'],
        summary: 'My relationships (overdue first), follow-ups and recent touch points',
        response: { 200: homeSchema },
      },
    },
    async (request) => myHome(contextOf(request)),
  );
};
