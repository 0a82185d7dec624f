import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { overviewSchema, timelineQuery } from '../../../../common/src/contracts/partner-view.ts';
import { touchpointPage } from '../../../../common/src/contracts/touchpoints.ts';
import { isFresh, notModified, tagAnswer } from '../../lib/conditional.ts';
import { contextOf } from '../../lib/context.ts';
import { idParams } from '../../lib/records.ts';
import {
  contactTimeline,
  partnerPageTag,
  partnerTimeline,
  taggedPartnerOverview,
} from './partner-view.service.ts';

const unchanged = z.null().describe('Not modified: the copy named in If-None-Match is current');

export const partnerViewRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/partners/:id/overview',
    {
      config: { access: 'viewer', hotRead: true },
      schema: {
        tags: ['Partners'],
        summary:
          'Partner 360: relationships, key contacts, timeline, counts, cadence and follow-ups in one call',
        description:
          'Answers with a weak ETag; send it back as If-None-Match to get 304 without the body while nothing on the page changed.',
        params: idParams,
        response: { 200: overviewSchema, 304: unchanged },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      // A copy to confirm: its tag first (one primary-key read), so a 304 reads nothing else.
      if (request.headers['if-none-match'] !== undefined) {
        const tag = await partnerPageTag(ctx, request.params.id, request.url);
        if (isFresh(request, tag)) return notModified(reply, tag);
      }
      const { tag, overview } = await taggedPartnerOverview(ctx, request.params.id, request.url);
      return tagAnswer(reply, tag, overview);
    },
  );

  app.get(
    '/partners/:id/timeline',
    {
      config: { access: 'viewer', hotRead: true },
      schema: {
        tags: ['Partners'],
        summary: "Every unit's touch points with a partner, newest first",
        params: idParams,
        description:
          'The first page (no cursor) answers with a weak ETag; send it back as If-None-Match to get 304 while nothing changed.',
        querystring: timelineQuery,
        response: { 200: touchpointPage, 304: unchanged },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      if (request.query.cursor) return partnerTimeline(ctx, request.params.id, request.query);
      const tag = await partnerPageTag(ctx, request.params.id, request.url);
      if (isFresh(request, tag)) return notModified(reply, tag);
      return tagAnswer(reply, tag, await partnerTimeline(ctx, request.params.id, request.query));
    },
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
