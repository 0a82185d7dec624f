import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  healthRulesSchema,
  healthTrendQuery,
  healthWeightsSchema,
  partnerHealthSchema,
  portfolioHealthSchema,
  relationshipHealthSchema,
} from '../../../../common/src/contracts/relationship-health.ts';
import { contextOf } from '../../lib/context.ts';
import { idParams } from '../../lib/records.ts';
import {
  changeHealthRule,
  healthRules,
  partnerHealth,
  portfolioHealth,
  relationshipHealthFor,
} from './relationship-health.service.ts';

const tags = ['Relationship health'];

export const relationshipHealthRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/relationships/:id/health',
    {
      config: { access: 'viewer' },
      schema: {
        tags,
        summary: "A relationship's health score, its parts with the data behind them, and its daily trend",
        params: idParams,
        querystring: healthTrendQuery,
        response: { 200: relationshipHealthSchema },
      },
    },
    async (request) => relationshipHealthFor(contextOf(request), request.params.id, request.query.days),
  );

  app.get(
    '/partners/:id/health',
    {
      config: { access: 'viewer' },
      schema: {
        tags,
        summary:
          "A partner's health: its relationships' parts combined, each relationship's score, and the trend",
        params: idParams,
        querystring: healthTrendQuery,
        response: { 200: partnerHealthSchema },
      },
    },
    async (request) => partnerHealth(contextOf(request), request.params.id, request.query.days),
  );

  app.get(
    '/me/health',
    {
      config: { access: 'viewer', hotRead: true },
      schema: {
        tags,
        summary: 'The health of the relationships I manage, from kept scores, with a month of trend each',
        response: { 200: portfolioHealthSchema },
      },
    },
    async (request) => portfolioHealth(contextOf(request)),
  );

  app.get(
    '/health-rules',
    {
      config: { access: 'viewer' },
      schema: {
        tags,
        summary: 'The rule that weighs the parts of a health score, and every earlier version',
        response: { 200: healthRulesSchema },
      },
    },
    async (request) => healthRules(contextOf(request)),
  );

  app.post(
    '/health-rules',
    {
      config: { access: 'administrator' },
      schema: {
        tags,
        summary:
          'Change the weights: a new version of the rule (scores already kept in history stay as they were)',
        body: healthWeightsSchema,
        response: { 201: healthRulesSchema },
      },
    },
    async (request, reply) => reply.code(201).send(await changeHealthRule(contextOf(request), request.body)),
  );
};
