import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  createdTokenSchema,
  createTokenBody,
  listTokensQuery,
  tokenList,
} from '../../../../common/src/contracts/tokens.ts';
import { contextOf } from '../../lib/context.ts';
import { idParams } from '../../lib/records.ts';
import { createToken, listTokens, revoke } from './tokens.service.ts';

const tags = ['API tokens'];

export const tokenRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/tokens',
    {
      config: { access: 'viewer', secretResponse: true },
      schema: {
        tags,
        summary: 'Create an API token (acts with my rights)',
        body: createTokenBody,
        response: { 201: createdTokenSchema },
      },
    },
    async (request, reply) => reply.code(201).send(await createToken(contextOf(request), request.body)),
  );

  app.get(
    '/tokens',
    {
      config: { access: 'viewer' },
      schema: {
        tags,
        summary: 'List my API tokens',
        querystring: listTokensQuery,
        response: { 200: tokenList },
      },
    },
    async (request) => listTokens(contextOf(request), request.query.userId),
  );

  app.delete(
    '/tokens/:id',
    {
      config: { access: 'viewer' },
      schema: { tags, summary: 'Revoke an API token at once', params: idParams, response: { 204: z.null() } },
    },
    async (request, reply) => {
      await revoke(contextOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );
};
