import type { FastifyPluginAsync, FastifySchema } from 'fastify';
import { bulkContactsBody } from '../../../../common/src/contracts/bulk.ts';
import {
  contactPage,
  contactSchema,
  createContactBody,
  type SimilarContactsQuery,
  similarContactsQuery,
  similarContactsSchema,
  updateContactBody,
} from '../../../../common/src/contracts/contacts.ts';
import { listTotal } from '../../../../common/src/contracts/shared.ts';
import type { ListContactsQuery } from '../../../../common/src/lists/contacts.ts';
import { exportContactsQuery, listContactsQuery } from '../../../../common/src/lists/queries.ts';
import { listVersions } from '../../db/read-versions.ts';
import { registerBulkRoute } from '../../lib/bulk/route.ts';
import { contextOf } from '../../lib/context.ts';
import { registerCrudRoutes } from '../../lib/crud-routes.ts';
import { registerExportRoute } from '../../lib/lists/export-route.ts';
import { byRole } from '../access/abilities.ts';
import { changeContactsInBulk } from './contacts.bulk.ts';
import {
  changeContact,
  contactHistory,
  countContactsFor,
  createContact,
  exportContacts,
  getContact,
  listContactsFor,
  removeContact,
  similarContacts,
} from './contacts.service.ts';

export const contactRoutes: FastifyPluginAsync = async (app) => {
  registerBulkRoute(app, {
    path: 'contacts',
    noun: 'contacts',
    tags: ['Contacts'],
    access: 'staff',
    body: bulkContactsBody,
    run: changeContactsInBulk,
  });
  registerExportRoute(app, {
    path: 'contacts',
    noun: 'contacts',
    tags: ['Contacts'],
    access: 'viewer',
    query: exportContactsQuery,
    run: exportContacts,
  });
  app.get(
    '/contacts/count',
    {
      config: { access: 'viewer' },
      schema: {
        tags: ['Contacts'],
        summary: 'How many contacts the filters match (same filters as the list)',
        querystring: listContactsQuery,
        response: { 200: listTotal },
      } as FastifySchema,
    },
    async (request) => countContactsFor(contextOf(request), request.query as ListContactsQuery),
  );
  app.get(
    '/contacts/similar',
    {
      config: { access: 'viewer' },
      schema: {
        tags: ['Contacts'],
        summary: 'Contacts who may be the person being added: an e-mail address in common, or a similar name',
        querystring: similarContactsQuery,
        response: { 200: similarContactsSchema },
      } as FastifySchema,
    },
    async (request) => similarContacts(contextOf(request), request.query as SimilarContactsQuery),
  );
  registerCrudRoutes(app, {
    path: 'contacts',
    noun: 'contact',
    tags: ['Contacts'],
    schemas: {
      item: contactSchema,
      page: contactPage,
      listQuery: listContactsQuery,
      create: createContactBody,
      update: updateContactBody,
    },
    access: { read: 'viewer', create: 'staff', update: 'staff', delete: 'senior_manager' },
    list: listContactsFor,
    listVersions: (ctx) => listVersions(ctx.db),
    get: getContact,
    create: createContact,
    update: changeContact,
    remove: removeContact,
    history: contactHistory,
    abilities: byRole,
  });
};
