import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { overviewSchema, timelineQuery } from '../../../../common/src/contracts/partner-view.ts';
import { touchpointPage } from '../../../../common/src/contracts/touchpoints.ts';
import { contextOf } from '../../lib/context.ts';
import { idParams } from '../../lib/records.ts';
import { contactTimeline, partnerOverview, partnerTimeline } from './partner-view.service.ts';

export const partnerViewRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/partners/:id/overview',
    {
      config: { access: 'viewer', hotRead: true },
      schema: {
        tags: ['Partners'],
        summary:
          'Partner 360: relationships, key contacts, timeline, counts, cadence and follow-ups in one call',
        params: idParams,
        response: { 200: overviewSchema },
      },
    },
    async (request) => partnerOverview(contextOf(request), request.params.id),
  );

  app.get(
    '/partners/:id/timeline',
    {
      config: { access: 'viewer', hotRead: true },
      schema: {
        tags: ['Partners'],
        summary: "Every unit's touch points with a partner, newest first",
        params: idParams,
        querystring: timelineQuery,
        response: { 200: touchpointPage },
      },
    },
    async (request) => partnerTimeline(contextOf(request), request.params.id, request.query),
  );

  app.get(
    '/contacts/:id/timeline',
    {
      config: { access: 'viewer', hotRead: true },
      schema: {
        tags: ['Contacts'],
        summary: 'Touch points a contact took part in, newest first',
        params: idParams,
        querystring: timelineQuery,
        response: { 200: touchpointPage },
      },
    },
    async (request) => contactTimeline(contextOf(request), request.params.id, request.query),
  );
};
