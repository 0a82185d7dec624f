import type { FastifyPluginAsync } from 'fastify';
import { bulkTasksBody } from '../../../../common/src/contracts/bulk.ts';
import {
  createTaskBody,
  taskPage,
  taskSchema,
  updateTaskBody,
} from '../../../../common/src/contracts/tasks.ts';
import { listTasksQuery } from '../../../../common/src/lists/tasks.ts';
import { registerBulkRoute } from '../../lib/bulk/route.ts';
import { registerCrudRoutes } from '../../lib/crud-routes.ts';
import { changeTasksInBulk } from './tasks.bulk.ts';
import { changeTask, createTask, getTask, listTasksFor, removeTask, taskHistory } from './tasks.service.ts';

export const taskRoutes: FastifyPluginAsync = async (app) => {
  registerBulkRoute(app, {
    path: 'tasks',
    noun: 'tasks',
    tags: ['Tasks'],
    access: 'staff',
    body: bulkTasksBody,
    run: changeTasksInBulk,
  });
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
    get: getTask,
    create: createTask,
    update: changeTask,
    remove: removeTask,
    history: taskHistory,
  });
};
