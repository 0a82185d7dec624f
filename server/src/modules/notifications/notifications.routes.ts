import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { notificationKinds } from '../../db/schema/notifications.ts';
import { contextOf } from '../../lib/context.ts';
import { pageQuery } from '../../lib/pagination.ts';
import { myNotifications, readNotifications } from './notifications.service.ts';

const notificationSchema = z.object({
  id: z.uuid(),
  kind: z.enum(notificationKinds),
  title: z.string(),
  body: z.string().nullable(),
  link: z.string().nullable(),
  read: z.boolean(),
  createdAt: z.iso.datetime(),
});
const listQuery = pageQuery.extend({
  unread: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
});
const tags = ['My work'];

export const notificationRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/me/notifications',
    {
      config: { access: 'viewer' },
      schema: {
        tags,
        summary: 'My notifications, newest first, with the unread count',
        querystring: listQuery,
        response: {
          200: z.object({
            items: z.array(notificationSchema),
            nextCursor: z.string().nullable(),
            unreadCount: z.number().int(),
          }),
        },
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
        body: z.object({ ids: z.array(z.uuid()).max(500).optional() }),
        response: { 200: z.object({ updated: z.number().int(), unreadCount: z.number().int() }) },
      },
    },
    async (request) => readNotifications(contextOf(request), request.body.ids),
  );
};
