import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { searchQuery, searchResult } from '../../../../common/src/contracts/search.ts';
import { contextOf } from '../../lib/context.ts';
import { search } from './search.service.ts';

export const searchRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/search',
    {
      config: { access: 'viewer', hotRead: true },
      schema: {
        tags: ['Search'],
        summary:
          'Search partners, contacts, touch points, requests and colleagues (grouped, ranked, misspellings forgiven)',
        querystring: searchQuery,
        response: { 200: searchResult },
      },
    },
    async (request) => search(contextOf(request), request.query),
  );
};
