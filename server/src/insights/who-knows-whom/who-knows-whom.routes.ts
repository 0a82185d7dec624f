import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { whoKnowsWhomQuery, whoKnowsWhomSchema } from '../../../../common/src/contracts/who-knows-whom.ts';
import { contextOf } from '../../lib/context.ts';
import { idParams } from '../../lib/records.ts';
import { whoKnowsWhom } from './who-knows-whom.service.ts';

export const whoKnowsWhomRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/partners/:id/who-knows-whom',
    {
      config: { access: 'viewer' },
      schema: {
        tags: ['Partners'],
        summary: 'Who knows whom: the members of staff with the strongest links to the partner',
        description:
          'Ranked by link strength (recency, frequency, two-way contact, longevity, shared activities), each with its parts and the latest touch points behind it. Only touch points you may see count.',
        params: idParams,
        querystring: whoKnowsWhomQuery,
        response: { 200: whoKnowsWhomSchema },
      },
    },
    async (request) => whoKnowsWhom(contextOf(request), request.params.id, request.query),
  );
};
