import type { FastifyPluginAsync } from 'fastify';
import {
  createRelationshipBody,
  listRelationshipsQuery,
  relationshipPage,
  relationshipSchema,
  updateRelationshipBody,
} from '../../../../common/src/contracts/relationships.ts';
import { registerCrudRoutes } from '../../lib/crud-routes.ts';
import {
  changeRelationship,
  createRelationship,
  getRelationship,
  listRelationshipsFor,
  relationshipHistory,
  removeRelationship,
} from './relationships.service.ts';

export const relationshipRoutes: FastifyPluginAsync = async (app) => {
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
