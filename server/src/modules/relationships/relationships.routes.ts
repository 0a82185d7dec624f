import type { FastifyPluginAsync } from 'fastify';
import { bulkRelationshipsBody } from '../../../../common/src/contracts/bulk.ts';
import {
  createRelationshipBody,
  relationshipPage,
  relationshipSchema,
  updateRelationshipBody,
} from '../../../../common/src/contracts/relationships.ts';
import {
  exportRelationshipsQuery,
  listRelationshipsQuery,
} from '../../../../common/src/lists/relationships.ts';
import { registerBulkRoute } from '../../lib/bulk/route.ts';
import { registerCrudRoutes } from '../../lib/crud-routes.ts';
import { registerExportRoute } from '../../lib/lists/export-route.ts';
import { changeRelationshipsInBulk } from './relationships.bulk.ts';
import {
  changeRelationship,
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
