import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  listNotificationsQuery,
  notificationPage,
  readNotificationsBody,
  readNotificationsResult,
} from '../../../../common/src/contracts/notifications.ts';
import { contextOf } from '../../lib/context.ts';
import { myNotifications, readNotifications } from './notifications.service.ts';

const tags = ['My work'];

export const notificationRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/me/notifications',
    {
      config: { access: 'viewer' },
      schema: {
        tags,
        summary: 'My notifications, newest first, with the unread count',
        querystring: listNotificationsQuery,
        response: { 200: notificationPage },
      },
    },
    async (request) => myNotifications(contextOf(request), request.query),
  );
  app.post(
    '/me/notifications/read',
    {
      config: { access: 'viewer' },
      schema: {
        tags,
        summary: 'Mark notifications read: the ones named, or all of mine',
        body: readNotificationsBody,
        response: { 200: readNotificationsResult },
      },
    },
    async (request) => readNotifications(contextOf(request), request.body.ids),
  );
};
