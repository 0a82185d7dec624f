import type { FastifyPluginAsync, FastifySchema } from 'fastify';
import { bulkPartnersBody } from '../../../../common/src/contracts/bulk.ts';
import {
  createPartnerBody,
  partnerPage,
  partnerSchema,
  type SimilarPartnersQuery,
  similarPartnersQuery,
  similarPartnersSchema,
  updatePartnerBody,
} from '../../../../common/src/contracts/partners.ts';
import { exportPartnersQuery, listPartnersQuery } from '../../../../common/src/lists/queries.ts';
import { listVersions } from '../../db/read-versions.ts';
import { registerBulkRoute } from '../../lib/bulk/route.ts';
import { contextOf } from '../../lib/context.ts';
import { registerCrudRoutes } from '../../lib/crud-routes.ts';
import { registerExportRoute } from '../../lib/lists/export-route.ts';
import { byRole } from '../access/abilities.ts';
import { changePartnersInBulk } from './partners.bulk.ts';
import {
  changePartner,
  createPartner,
  exportPartners,
  getPartner,
  listPartnersFor,
  partnerHistory,
  removePartner,
  similarPartners,
} from './partners.service.ts';

export const partnerRoutes: FastifyPluginAsync = async (app) => {
  registerBulkRoute(app, {
    path: 'partners',
    noun: 'partners',
    tags: ['Partners'],
    access: 'staff',
    body: bulkPartnersBody,
    run: changePartnersInBulk,
  });
  registerExportRoute(app, {
    path: 'partners',
    noun: 'partners',
    tags: ['Partners'],
    access: 'viewer',
    query: exportPartnersQuery,
    run: exportPartners,
  });
  app.get(
    '/partners/similar',
    {
      config: { access: 'viewer' },
      schema: {
        tags: ['Partners'],
        summary: 'Partners that may be the one being created: a similar name, or the same website',
        querystring: similarPartnersQuery,
        response: { 200: similarPartnersSchema },
      } as FastifySchema,
    },
    async (request) => similarPartners(contextOf(request), request.query as SimilarPartnersQuery),
  );
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
    listVersions: (ctx) => listVersions(ctx.db),
    get: getPartner,
    create: createPartner,
    update: changePartner,
    remove: removePartner,
    history: partnerHistory,
    abilities: byRole,
  });
};
