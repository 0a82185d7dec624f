import type { FastifyPluginAsync, FastifySchema } from 'fastify';
import { bulkRelationshipsBody } from '../../../../common/src/contracts/bulk.ts';
import {
  createRelationshipBody,
  relationshipPage,
  relationshipSchema,
  updateRelationshipBody,
} from '../../../../common/src/contracts/relationships.ts';
import { listTotal } from '../../../../common/src/contracts/shared.ts';
import { exportRelationshipsQuery, listRelationshipsQuery } from '../../../../common/src/lists/queries.ts';
import type { ListRelationshipsQuery } from '../../../../common/src/lists/relationships.ts';
import { registerBulkRoute } from '../../lib/bulk/route.ts';
import { contextOf } from '../../lib/context.ts';
import { registerCrudRoutes } from '../../lib/crud-routes.ts';
import { registerExportRoute } from '../../lib/lists/export-route.ts';
import { changeRelationshipsInBulk } from './relationships.bulk.ts';
import {
  changeRelationship,
  countRelationshipsFor,
  createRelationship,
  exportRelationships,
  getRelationship,
  listRelationshipsFor,
  relationshipHistory,
  removeRelationship,
} from './relationships.service.ts';

export const relationshipRoutes: FastifyPluginAsync = async (app) => {
  registerBulkRoute(app, {
    path: 'relationships',
    noun: 'relationships',
    tags: ['Relationships'],
    access: 'relationship_manager',
    body: bulkRelationshipsBody,
    run: changeRelationshipsInBulk,
  });
  registerExportRoute(app, {
    path: 'relationships',
    noun: 'relationships',
    tags: ['Relationships'],
    access: 'viewer',
    query: exportRelationshipsQuery,
    run: exportRelationships,
  });
  // Registered before the CRUD routes so "count" is not read as an id.
  app.get(
    '/relationships/count',
    {
      config: { access: 'viewer' },
      schema: {
        tags: ['Relationships'],
        summary: 'How many relationships the filters match (same filters as the list)',
        querystring: listRelationshipsQuery,
        response: { 200: listTotal },
      } as FastifySchema,
    },
    async (request) => countRelationshipsFor(contextOf(request), request.query as ListRelationshipsQuery),
  );
  registerCrudRoutes(app, {
    path: 'relationships',
    noun: 'relationship',
    tags: ['Relationships'],
    schemas: {
      item: relationshipSchema,
      page: relationshipPage,
      listQuery: listRelationshipsQuery,
      create: createRelationshipBody,
      update: updateRelationshipBody,
    },
    access: {
      read: 'viewer',
      create: 'relationship_manager',
      update: 'relationship_manager',
      delete: 'senior_manager',
    },
    list: listRelationshipsFor,
    get: getRelationship,
    create: createRelationship,
    update: changeRelationship,
    remove: removeRelationship,
    history: relationshipHistory,
  });
};
