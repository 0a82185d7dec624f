import type { FastifyPluginAsync, FastifySchema } from 'fastify';
import { bulkTasksBody } from '../../../../common/src/contracts/bulk.ts';
import {
  createTaskBody,
  taskCount,
  taskPage,
  taskSchema,
  updateTaskBody,
} from '../../../../common/src/contracts/tasks.ts';
import { listTasksQuery } from '../../../../common/src/lists/queries.ts';
import type { ListTasksQuery } from '../../../../common/src/lists/tasks.ts';
import { partnerListVersions } from '../../db/read-versions.ts';
import { registerBulkRoute } from '../../lib/bulk/route.ts';
import { contextOf } from '../../lib/context.ts';
import { registerCrudRoutes } from '../../lib/crud-routes.ts';
import { changeTasksInBulk } from './tasks.bulk.ts';
import {
  changeTask,
  countTasksFor,
  createTask,
  getTask,
  listTasksFor,
  removeTask,
  taskHistory,
} from './tasks.service.ts';

export const taskRoutes: FastifyPluginAsync = async (app) => {
  registerBulkRoute(app, {
    path: 'tasks',
    noun: 'tasks',
    tags: ['Tasks'],
    access: 'staff',
    body: bulkTasksBody,
    run: changeTasksInBulk,
  });
  // Registered before the CRUD routes so "count" is not read as an id.
  app.get(
    '/tasks/count',
    {
      config: { access: 'viewer' },
      schema: {
        tags: ['Tasks'],
        summary: 'How many visible tasks the filters match (same filters as the list)',
        querystring: listTasksQuery,
        response: { 200: taskCount },
      } as FastifySchema,
    },
    async (request) => countTasksFor(contextOf(request), request.query as ListTasksQuery),
  );
  registerCrudRoutes(app, {
    path: 'tasks',
    noun: 'task',
    tags: ['Tasks'],
    schemas: {
      item: taskSchema,
      page: taskPage,
      listQuery: listTasksQuery,
      create: createTaskBody,
      update: updateTaskBody,
    },
    access: { read: 'viewer', create: 'staff', update: 'staff', delete: 'staff' },
    list: listTasksFor,
    // Tasks show touch points' subjects, whose changes bump their partner's key, not the lists'.
    listVersions: async (ctx, query) =>
      query.partnerId ? partnerListVersions(ctx.db, query.partnerId) : null,
    get: getTask,
    create: createTask,
    update: changeTask,
    remove: removeTask,
    history: taskHistory,
  });
};
