import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  actOnBriefingItemBody,
  briefingItemParams,
  briefingListSchema,
  briefingSchema,
  informedBeforeSchema,
} from '../../../../common/src/contracts/briefings.ts';
import { idParams } from '../../../../common/src/contracts/shared.ts';
import { contextOf } from '../../lib/context.ts';
import {
  actOnBriefingItem,
  informedBeforeEscalation,
  myBriefings,
  readBriefing,
} from './briefings.service.ts';

const tags = ['Escalation'];

export const briefingRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/escalations/informed-before',
    {
      config: { access: 'senior_manager' },
      schema: {
        tags,
        summary:
          "Informed before it escalated: per unit, the share of the last year's escalations whose subject (the request, or its partner) was in a briefing before, and the median days before",
        response: { 200: informedBeforeSchema },
      },
    },
    async (request) => informedBeforeEscalation(contextOf(request)),
  );
  app.get(
    '/me/briefings',
    {
      config: { access: 'senior_manager' },
      schema: {
        tags,
        summary: 'My weekly briefings (senior managers), newest first',
        response: { 200: briefingListSchema },
      },
    },
    async (request) => myBriefings(contextOf(request)),
  );
  app.get(
    '/me/briefings/:id',
    {
      config: { access: 'senior_manager' },
      schema: {
        tags,
        summary: 'One of my briefings with its lines; opening it records it read',
        params: idParams,
        response: { 200: briefingSchema },
      },
    },
    async (request) => readBriefing(contextOf(request), request.params.id),
  );
  app.post(
    '/me/briefings/:id/items/:itemId/acted',
    {
      config: { access: 'senior_manager' },
      schema: {
        tags,
        summary: 'Record what I did about one line of my briefing',
        params: briefingItemParams,
        body: actOnBriefingItemBody,
        response: { 200: briefingSchema },
      },
    },
    async (request) =>
      actOnBriefingItem(contextOf(request), request.params.id, request.params.itemId, request.body.note),
  );
};
