import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  deescalateBody,
  escalateBody,
  escalationList,
  escalationSchema,
} from '../../../../common/src/contracts/escalations.ts';
import { requestSchema } from '../../../../common/src/contracts/requests.ts';
import { contextOf } from '../../lib/context.ts';
import { setEtag } from '../../lib/etag.ts';
import { idParams } from '../../lib/records.ts';
import {
  deescalateRelationship,
  deescalateRequest,
  escalateRelationship,
  escalateRequest,
  relationshipEscalations,
  requestEscalations,
} from './escalations.service.ts';

const tags = ['Escalation'];

export const escalationRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/requests/:id/escalate',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: 'Escalate a request to a level, with a briefing',
        params: idParams,
        body: escalateBody,
        response: { 200: requestSchema },
      },
    },
    async (request, reply) => {
      const result = await escalateRequest(contextOf(request), request.params.id, request.body);
      setEtag(reply, result);
      return result;
    },
  );
  app.post(
    '/requests/:id/deescalate',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: 'De-escalate a request, with a reason',
        params: idParams,
        body: deescalateBody,
        response: { 200: requestSchema },
      },
    },
    async (request, reply) => {
      const result = await deescalateRequest(contextOf(request), request.params.id, request.body.reason);
      setEtag(reply, result);
      return result;
    },
  );
  app.get(
    '/requests/:id/escalations',
    {
      config: { access: 'viewer' },
      schema: {
        tags,
        summary: "A request's escalations, newest first",
        params: idParams,
        response: { 200: escalationList },
      },
    },
    async (request) => requestEscalations(contextOf(request), request.params.id),
  );
  app.post(
    '/relationships/:id/escalate',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: 'Escalate a relationship as a whole to a level, with a briefing',
        params: idParams,
        body: escalateBody,
        response: { 201: escalationSchema },
      },
    },
    async (request, reply) => {
      reply.code(201);
      return escalateRelationship(contextOf(request), request.params.id, request.body);
    },
  );
  app.post(
    '/relationships/:id/deescalate',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: 'De-escalate a relationship, with a reason',
        params: idParams,
        body: deescalateBody,
        response: { 200: escalationSchema },
      },
    },
    async (request) => deescalateRelationship(contextOf(request), request.params.id, request.body.reason),
  );
  app.get(
    '/relationships/:id/escalations',
    {
      config: { access: 'viewer' },
      schema: {
        tags,
        summary: "A relationship's escalations, newest first",
        params: idParams,
        response: { 200: escalationList },
      },
    },
    async (request) => relationshipEscalations(contextOf(request), request.params.id),
  );
};
