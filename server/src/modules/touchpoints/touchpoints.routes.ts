import type { FastifyPluginAsync } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  bulkResult,
  bulkTouchpointsBody,
  createTouchpointBody,
  touchpointPage,
  touchpointSchema,
  updateTouchpointBody,
} from '../../../../common/src/contracts/touchpoints.ts';
import { exportTouchpointsQuery, listTouchpointsQuery } from '../../../../common/src/lists/queries.ts';
import { partnerListVersions } from '../../db/read-versions.ts';
import { contextOf } from '../../lib/context.ts';
import { registerCrudRoutes } from '../../lib/crud-routes.ts';
import { registerExportRoute } from '../../lib/lists/export-route.ts';
import {
  changeTouchpoint,
  createTouchpoint,
  createTouchpointsInBulk,
  exportTouchpoints,
  listTouchpointsFor,
  openTouchpoint,
  removeTouchpoint,
  touchpointHistory,
} from './touchpoints.service.ts';

const tags = ['Touch points'];

const bulk: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/touchpoints/bulk',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: 'Log up to 500 touch points at once: all or nothing',
        body: bulkTouchpointsBody,
        response: { 201: bulkResult },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await createTouchpointsInBulk(contextOf(request), request.body.items)),
  );
};

export const touchpointRoutes: FastifyPluginAsync = async (app) => {
  await app.register(bulk);
  registerExportRoute(app, {
    path: 'touchpoints',
    noun: 'touch points',
    tags,
    access: 'viewer',
    query: exportTouchpointsQuery,
    run: exportTouchpoints,
  });
  registerCrudRoutes(app, {
    path: 'touchpoints',
    noun: 'touch point',
    tags,
    schemas: {
      item: touchpointSchema,
      page: touchpointPage,
      listQuery: listTouchpointsQuery,
      create: createTouchpointBody,
      update: updateTouchpointBody,
    },
    access: { read: 'viewer', create: 'staff', update: 'staff', delete: 'staff' },
    list: listTouchpointsFor,
    // A partner's touch points only: a tag on every touch point list would make each write bump one row.
    listVersions: async (ctx, query) =>
      query.partnerId ? partnerListVersions(ctx.db, query.partnerId) : null,
    get: openTouchpoint,
    create: createTouchpoint,
    update: changeTouchpoint,
    remove: removeTouchpoint,
    history: touchpointHistory,
  });
};
