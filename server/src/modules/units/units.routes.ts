import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { contextOf } from '../../lib/context.ts';
import { expectedVersion, setEtag } from '../../lib/etag.ts';
import { idParams } from '../../lib/records.ts';
import { historyPageSchema, historyQuery } from '../audit/audit.schema.ts';
import { createUnitBody, listUnitsQuery, unitPage, unitSchema, updateUnitBody } from './units.schema.ts';
import { changeUnit, createUnit, getUnit, listUnitsFor, removeUnit, unitHistory } from './units.service.ts';

const tags = ['Units'];

export const unitRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/units',
    {
      config: { access: 'viewer' },
      schema: { tags, summary: 'List units', querystring: listUnitsQuery, response: { 200: unitPage } },
    },
    async (request) => listUnitsFor(contextOf(request), request.query),
  );

  app.post(
    '/units',
    {
      config: { access: 'administrator' },
      schema: { tags, summary: 'Create a unit', body: createUnitBody, response: { 201: unitSchema } },
    },
    async (request, reply) => {
      const unit = await createUnit(contextOf(request), request.body);
      setEtag(reply, unit);
      return reply.code(201).header('location', `/api/v1/units/${unit.id}`).send(unit);
    },
  );

  app.get(
    '/units/:id',
    {
      config: { access: 'viewer' },
      schema: { tags, summary: 'Get a unit', params: idParams, response: { 200: unitSchema } },
    },
    async (request, reply) => {
      const unit = await getUnit(contextOf(request), request.params.id);
      setEtag(reply, unit);
      return unit;
    },
  );

  app.patch(
    '/units/:id',
    {
      config: { access: 'administrator' },
      schema: {
        tags,
        summary: 'Change a unit (If-Match required)',
        params: idParams,
        body: updateUnitBody,
        response: { 200: unitSchema },
      },
    },
    async (request, reply) => {
      const unit = await changeUnit(
        contextOf(request),
        request.params.id,
        expectedVersion(request),
        request.body,
      );
      setEtag(reply, unit);
      return unit;
    },
  );

  app.delete(
    '/units/:id',
    {
      config: { access: 'administrator' },
      schema: {
        tags,
        summary: 'Delete an unused unit (If-Match required)',
        params: idParams,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await removeUnit(contextOf(request), request.params.id, expectedVersion(request));
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/units/:id/history',
    {
      config: { access: 'viewer' },
      schema: {
        tags,
        summary: 'Change history of a unit',
        params: idParams,
        querystring: historyQuery,
        response: { 200: historyPageSchema },
      },
    },
    async (request) => unitHistory(contextOf(request), request.params.id, request.query),
  );
};
