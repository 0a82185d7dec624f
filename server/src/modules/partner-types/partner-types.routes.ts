import type { FastifyPluginAsync } from 'fastify';
import {
  createPartnerTypeBody,
  listPartnerTypesQuery,
  partnerTypePage,
  partnerTypeSchema,
  updatePartnerTypeBody,
} from '../../../../common/src/contracts/partner-types.ts';
import { registerCrudRoutes } from '../../lib/crud-routes.ts';
import { byRole } from '../access/abilities.ts';
import {
  changePartnerType,
  createPartnerType,
  getPartnerType,
  listPartnerTypesFor,
  partnerTypeHistory,
  removePartnerType,
} from './partner-types.service.ts';

export const partnerTypeRoutes: FastifyPluginAsync = async (app) => {
  registerCrudRoutes(app, {
    path: 'partner-types',
    noun: 'partner type',
    tags: ['Partner types'],
    schemas: {
      item: partnerTypeSchema,
      page: partnerTypePage,
      listQuery: listPartnerTypesQuery,
      create: createPartnerTypeBody,
      update: updatePartnerTypeBody,
    },
    access: { read: 'viewer', create: 'administrator', update: 'administrator', delete: 'administrator' },
    list: listPartnerTypesFor,
    get: getPartnerType,
    create: createPartnerType,
    update: changePartnerType,
    remove: removePartnerType,
    history: partnerTypeHistory,
    abilities: byRole,
  });
};
