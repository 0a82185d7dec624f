import type { FastifyPluginAsync } from 'fastify';
import { registerCrudRoutes } from '../../lib/crud-routes.ts';
import {
  createSavedViewBody,
  listSavedViewsQuery,
  savedViewPage,
  savedViewSchema,
  updateSavedViewBody,
} from './saved-views.schema.ts';
import {
  changeSavedView,
  createSavedView,
  getSavedView,
  listSavedViewsFor,
  removeSavedView,
  savedViewHistory,
} from './saved-views.service.ts';

/** Saved views are everyone's: the service decides who changes which (owner or administrator). */
export const savedViewRoutes: FastifyPluginAsync = async (app) => {
  registerCrudRoutes(app, {
    path: 'saved-views',
    noun: 'saved view',
    tags: ['Saved views'],
    schemas: {
      item: savedViewSchema,
      page: savedViewPage,
      listQuery: listSavedViewsQuery,
      create: createSavedViewBody,
      update: updateSavedViewBody,
    },
    access: { read: 'viewer', create: 'viewer', update: 'viewer', delete: 'viewer' },
    list: listSavedViewsFor,
    get: getSavedView,
    create: createSavedView,
    update: changeSavedView,
    remove: removeSavedView,
    history: savedViewHistory,
  });
};
