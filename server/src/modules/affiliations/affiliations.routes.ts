import type { FastifyPluginAsync } from 'fastify';
import {
  affiliationPage,
  affiliationSchema,
  createAffiliationBody,
  listAffiliationsQuery,
  updateAffiliationBody,
} from '../../../../common/src/contracts/affiliations.ts';
import { registerCrudRoutes } from '../../lib/crud-routes.ts';
import { byRole } from '../access/abilities.ts';
import {
  affiliationHistory,
  changeAffiliation,
  createAffiliation,
  getAffiliation,
  listAffiliationsFor,
  removeAffiliation,
} from './affiliations.service.ts';

export const affiliationRoutes: FastifyPluginAsync = async (app) => {
  registerCrudRoutes(app, {
    path: 'affiliations',
    noun: 'affiliation',
    tags: ['Affiliations'],
    schemas: {
      item: affiliationSchema,
      page: affiliationPage,
      listQuery: listAffiliationsQuery,
      create: createAffiliationBody,
      update: updateAffiliationBody,
    },
    access: { read: 'viewer', create: 'staff', update: 'staff', delete: 'senior_manager' },
    list: listAffiliationsFor,
    get: getAffiliation,
    create: createAffiliation,
    update: changeAffiliation,
    remove: removeAffiliation,
    history: affiliationHistory,
    abilities: byRole,
  });
};
