import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requestPage } from '../../../../common/src/contracts/requests.ts';
import { contextOf } from '../../lib/context.ts';
import { idParams } from '../../lib/records.ts';
import { openConcernsOf } from './coordination.service.ts';

export const coordinationRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/partners/:id/open-concerns',
    {
      config: { access: 'viewer' },
      schema: {
        tags: ['Requests and concerns'],
        summary: "A partner's open complaints, concerns and disputes from every unit (at most 20)",
        description:
          'Shown before a touch point is logged or a request raised; only those the caller may see.',
        params: idParams,
        response: { 200: requestPage },
      },
    },
    async (request) => openConcernsOf(contextOf(request), request.params.id),
  );
};
