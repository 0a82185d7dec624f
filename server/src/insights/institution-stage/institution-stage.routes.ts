import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  institutionStageQuery,
  institutionStageSchema,
} from '../../../../common/src/contracts/institution-stage.ts';
import { contextOf } from '../../lib/context.ts';
import { institutionStageOf } from './institution-stage.service.ts';

export const institutionStageRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/institution-stage',
    {
      config: { access: 'senior_manager' },
      schema: {
        tags: ['Adoption and sharing'],
        summary: "The institution's stage of relationship management, and who shares, by unit and month",
        description:
          'Per unit and month: the share of its active relationships touched, the share of its touch points visible to the institution, and its reads of other units’ touch points. The stage rule is in the README.',
        querystring: institutionStageQuery,
        response: { 200: institutionStageSchema },
      },
    },
    async (request) => institutionStageOf(contextOf(request), request.query),
  );
};
