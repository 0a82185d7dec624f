import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  attentionRulesSchema,
  createHolidayBody,
  holidayList,
  holidayParams,
  holidayQuery,
  holidaySchema,
  serviceLevelList,
  serviceLevelSchema,
  updateServiceLevelBody,
  workingWeekSchema,
} from '../../../../common/src/contracts/service-levels.ts';
import { contextOf } from '../../lib/context.ts';
import { expectedVersion, setEtag } from '../../lib/etag.ts';
import { idParams } from '../../lib/records.ts';
import {
  addHoliday,
  changeServiceLevel,
  getAttentionRules,
  getWorkingWeek,
  listHolidays,
  listServiceLevels,
  removeHoliday,
  setAttentionRules,
  setWorkingWeek,
} from './service-levels.service.ts';

const tags = ['Service levels'];

export const serviceLevelRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/service-levels',
    {
      config: { access: 'viewer' },
      schema: {
        tags,
        summary: 'Targets per request kind and priority, in working hours',
        response: { 200: serviceLevelList },
      },
    },
    async (request) => listServiceLevels(contextOf(request).db),
  );
  app.patch(
    '/service-levels/:id',
    {
      config: { access: 'administrator', ifMatch: true },
      schema: {
        tags,
        summary: 'Change a target (applies to requests raised or re-prioritised afterwards)',
        params: idParams,
        body: updateServiceLevelBody,
        response: { 200: serviceLevelSchema },
      },
    },
    async (request, reply) => {
      const row = await changeServiceLevel(
        contextOf(request),
        request.params.id,
        expectedVersion(request),
        request.body,
      );
      setEtag(reply, row);
      return row;
    },
  );
  app.get(
    '/working-week',
    {
      config: { access: 'viewer' },
      schema: {
        tags,
        summary: 'The working week service-level clocks run in',
        response: { 200: workingWeekSchema },
      },
    },
    async (request) => getWorkingWeek(contextOf(request)),
  );
  app.put(
    '/working-week',
    {
      config: { access: 'administrator' },
      schema: {
        tags,
        summary: 'Set the working week',
        body: workingWeekSchema,
        response: { 200: workingWeekSchema },
      },
    },
    async (request) => setWorkingWeek(contextOf(request), request.body),
  );
  app.get(
    '/attention-rules',
    {
      config: { access: 'viewer' },
      schema: {
        tags,
        summary: 'The thresholds the senior view flags things by',
        response: { 200: attentionRulesSchema },
      },
    },
    async (request) => getAttentionRules(contextOf(request)),
  );
  app.put(
    '/attention-rules',
    {
      config: { access: 'administrator' },
      schema: {
        tags,
        summary: 'Set the thresholds the senior view flags things by',
        body: attentionRulesSchema,
        response: { 200: attentionRulesSchema },
      },
    },
    async (request) => setAttentionRules(contextOf(request), request.body),
  );
  app.get(
    '/holidays',
    {
      config: { access: 'viewer' },
      schema: {
        tags,
        summary: 'Days the university is closed (service-level clocks stop)',
        querystring: holidayQuery,
        response: { 200: holidayList },
      },
    },
    async (request) => listHolidays(contextOf(request), request.query.year),
  );
  app.post(
    '/holidays',
    {
      config: { access: 'administrator' },
      schema: {
        tags,
        summary: 'Add a closed day',
        body: createHolidayBody,
        response: { 201: holidaySchema },
      },
    },
    async (request, reply) => {
      reply.code(201);
      return addHoliday(contextOf(request), request.body);
    },
  );
  app.delete(
    '/holidays/:day',
    {
      config: { access: 'administrator' },
      schema: { tags, summary: 'Remove a closed day', params: holidayParams, response: { 204: z.null() } },
    },
    async (request, reply) => {
      await removeHoliday(contextOf(request), request.params.day);
      return reply.code(204).send(null);
    },
  );
};
