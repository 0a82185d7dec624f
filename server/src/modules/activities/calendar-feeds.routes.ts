import { create as contentDisposition } from 'content-disposition';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  calendarFeedSchema,
  newCalendarFeedSchema,
  tokenParams,
} from '../../../../common/src/contracts/activities.ts';
import { contextOf } from '../../lib/context.ts';
import { idParams } from '../../lib/records.ts';
import {
  activityIcs,
  myCalendarFeed,
  personalCalendar,
  renewMyCalendarFeed,
  revokeMyCalendarFeed,
} from './calendar-feeds.service.ts';

const tags = ['Calendars'];
const CALENDAR = 'text/calendar; charset=utf-8';

/** iCalendar (RFC 5545): one activity to download, and my feed of the activities I organise by private URL. */
export const calendarFeedRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/activities/:id/calendar',
    {
      config: { access: 'viewer' },
      schema: {
        tags,
        summary: 'The activity as an iCalendar file (a series with its rule and the dates it skips)',
        params: idParams,
      },
    },
    async (request, reply) => {
      const file = await activityIcs(contextOf(request), request.params.id);
      return reply
        .headers({
          'content-type': CALENDAR,
          'content-disposition': contentDisposition(`${file.title}.ics`, { type: 'attachment' }),
          'cache-control': 'private, no-store',
        })
        .send(file.body);
    },
  );
  app.get(
    '/me/calendar-feed',
    {
      config: { access: 'viewer' },
      schema: { tags, summary: 'Whether I have a calendar feed', response: { 200: calendarFeedSchema } },
    },
    async (request) => myCalendarFeed(contextOf(request)),
  );
  app.post(
    '/me/calendar-feed',
    {
      config: { access: 'viewer' },
      schema: {
        tags,
        summary: 'A new private address for my calendar feed (shown once; the old address stops working)',
        response: { 201: newCalendarFeedSchema },
      },
    },
    async (request, reply) => reply.code(201).send(await renewMyCalendarFeed(contextOf(request))),
  );
  app.delete(
    '/me/calendar-feed',
    {
      config: { access: 'viewer' },
      schema: { tags, summary: 'Stop my calendar feed', response: { 204: z.null() } },
    },
    async (request, reply) => {
      await revokeMyCalendarFeed(contextOf(request));
      return reply.code(204).send(null);
    },
  );
  app.get(
    '/public/calendars/:token/activities.ics',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'A calendar feed by its private address: the activities its owner organises',
        params: tokenParams,
      },
    },
    async (request, reply) => {
      const body = await personalCalendar(request.server.database.db, request.params.token);
      return reply.headers({ 'content-type': CALENDAR, 'cache-control': 'private, no-store' }).send(body);
    },
  );
};
