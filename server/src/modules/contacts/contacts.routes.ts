import type { FastifyPluginAsync } from 'fastify';
import {
  contactPage,
  contactSchema,
  createContactBody,
  updateContactBody,
} from '../../../../common/src/contracts/contacts.ts';
import { exportContactsQuery, listContactsQuery } from '../../../../common/src/lists/contacts.ts';
import { registerCrudRoutes } from '../../lib/crud-routes.ts';
import { registerExportRoute } from '../../lib/lists/export-route.ts';
import { byRole } from '../access/abilities.ts';
import {
  changeContact,
  contactHistory,
  createContact,
  exportContacts,
  getContact,
  listContactsFor,
  removeContact,
} from './contacts.service.ts';

export const contactRoutes: FastifyPluginAsync = async (app) => {
  registerExportRoute(app, {
    path: 'contacts',
    noun: 'contacts',
    tags: ['Contacts'],
    access: 'viewer',
    query: exportContactsQuery,
    run: exportContacts,
  });
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
    get: getContact,
    create: createContact,
    update: changeContact,
    remove: removeContact,
    history: contactHistory,
    abilities: byRole,
  });
};
