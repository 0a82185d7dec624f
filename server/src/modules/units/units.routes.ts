import type { FastifyPluginAsync } from 'fastify';
import {
  createUnitBody,
  listUnitsQuery,
  unitPage,
  unitSchema,
  updateUnitBody,
} from '../../../../common/src/contracts/units.ts';
import { registerCrudRoutes } from '../../lib/crud-routes.ts';
import { byRole } from '../access/abilities.ts';
import { changeUnit, createUnit, getUnit, listUnitsFor, removeUnit, unitHistory } from './units.service.ts';

export const unitRoutes: FastifyPluginAsync = async (app) => {
  registerCrudRoutes(app, {
    path: 'units',
    noun: 'unit',
    tags: ['Units'],
    schemas: {
      item: unitSchema,
      page: unitPage,
      listQuery: listUnitsQuery,
      create: createUnitBody,
      update: updateUnitBody,
    },
    access: { read: 'viewer', create: 'administrator', update: 'administrator', delete: 'administrator' },
    list: listUnitsFor,
    get: getUnit,
    create: createUnit,
    update: changeUnit,
    remove: removeUnit,
    history: unitHistory,
    abilities: byRole,
  });
};
