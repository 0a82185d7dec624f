import type { FastifyPluginAsync } from 'fastify';
import {
  createPartnerBody,
  listPartnersQuery,
  partnerPage,
  partnerSchema,
  updatePartnerBody,
} from '../../../../common/src/contracts/partners.ts';
import { registerCrudRoutes } from '../../lib/crud-routes.ts';
import {
  changePartner,
  createPartner,
  getPartner,
  listPartnersFor,
  partnerHistory,
  removePartner,
} from './partners.service.ts';

export const partnerRoutes: FastifyPluginAsync = async (app) => {
  registerCrudRoutes(app, {
    path: 'partners',
    noun: 'partner',
    tags: ['Partners'],
    schemas: {
      item: partnerSchema,
      page: partnerPage,
      listQuery: listPartnersQuery,
      create: createPartnerBody,
      update: updatePartnerBody,
    },
    access: { read: 'viewer', create: 'staff', update: 'staff', delete: 'senior_manager' },
    list: listPartnersFor,
    get: getPartner,
    create: createPartner,
    update: changePartner,
    remove: removePartner,
    history: partnerHistory,
  });
};
