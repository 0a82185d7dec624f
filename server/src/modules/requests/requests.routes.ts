import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { bulkRequestsBody } from '../../../../common/src/contracts/bulk.ts';
import {
  activitySchema,
  commentBody,
  commentSchema,
  createRequestBody,
  requestBoard,
  requestItemSchema,
  requestPage,
  transitionBody,
  updateRequestBody,
} from '../../../../common/src/contracts/requests.ts';
import { exportRequestsQuery, listRequestsQuery } from '../../../../common/src/lists/queries.ts';
import { listVersions } from '../../db/read-versions.ts';
import { registerBulkRoute } from '../../lib/bulk/route.ts';
import { contextOf } from '../../lib/context.ts';
import { registerCrudRoutes } from '../../lib/crud-routes.ts';
import { setEtag } from '../../lib/etag.ts';
import { registerExportRoute } from '../../lib/lists/export-route.ts';
import { idParams } from '../../lib/records.ts';
import { triageRequestsInBulk } from './requests.bulk.ts';
import {
  requestBoard as boardOf,
  changeRequest,
  commentOnRequest,
  createRequest,
  exportRequests,
  getRequest,
  listRequestsFor,
  requestActivity,
  requestHistory,
  transitionRequest,
} from './requests.service.ts';

const tags = ['Requests and concerns'];

export const requestRoutes: FastifyPluginAsyncZod = async (app) => {
  registerBulkRoute(app, {
    path: 'requests',
    noun: 'requests',
    tags,
    access: 'staff',
    body: bulkRequestsBody,
    run: triageRequestsInBulk,
  });
  // Registered before the CRUD routes so "board" is not read as an id.
  app.get(
    '/requests/board',
    {
      config: { access: 'viewer' },
      schema: {
        tags,
        summary: 'How many visible requests are in each status (same filters as the list)',
        querystring: listRequestsQuery,
        response: { 200: requestBoard },
      },
    },
    async (request) => boardOf(contextOf(request), request.query),
  );
  registerExportRoute(app, {
    path: 'requests',
    noun: 'requests',
    tags,
    access: 'viewer',
    query: exportRequestsQuery,
    run: exportRequests,
  });
  registerCrudRoutes(app, {
    path: 'requests',
    noun: 'request',
    tags,
    schemas: {
      item: requestItemSchema,
      page: requestPage,
      listQuery: listRequestsQuery,
      create: createRequestBody,
      update: updateRequestBody,
    },
    access: { read: 'viewer', create: 'staff', update: 'staff' },
    list: listRequestsFor,
    listVersions: (ctx) => listVersions(ctx.db),
    get: getRequest,
    create: createRequest,
    update: changeRequest,
    history: requestHistory,
  });
  app.post(
    '/requests/:id/transition',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: 'Move a request through its lifecycle (409 lists the allowed moves)',
        params: idParams,
        body: transitionBody,
        response: { 200: requestItemSchema },
      },
    },
    async (request, reply) => {
      const result = await transitionRequest(contextOf(request), request.params.id, request.body);
      setEtag(reply, result);
      return result;
    },
  );
  app.get(
    '/requests/:id/activity',
    {
      config: { access: 'viewer' },
      schema: {
        tags,
        summary: "The request's timeline: raised, status changes, comments and escalations",
        params: idParams,
        response: { 200: activitySchema },
      },
    },
    async (request) => requestActivity(contextOf(request), request.params.id),
  );
  app.post(
    '/requests/:id/comments',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: 'Comment on a request (internal, or shareable with the partner)',
        params: idParams,
        body: commentBody,
        response: { 201: commentSchema },
      },
    },
    async (request, reply) => {
      reply.code(201);
      return commentOnRequest(contextOf(request), request.params.id, request.body);
    },
  );
};
