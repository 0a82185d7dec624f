import type { FastifyPluginAsync } from 'fastify';
import {
  contactPage,
  contactSchema,
  createContactBody,
  listContactsQuery,
  updateContactBody,
} from '../../../../common/src/contracts/contacts.ts';
import { registerCrudRoutes } from '../../lib/crud-routes.ts';
import {
  changeContact,
  contactHistory,
  createContact,
  getContact,
  listContactsFor,
  removeContact,
} from './contacts.service.ts';

export const contactRoutes: FastifyPluginAsync = async (app) => {
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
  });
};
