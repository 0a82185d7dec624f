import type { FastifyContextConfig, FastifyInstance, FastifySchema } from 'fastify';
import type { z } from 'zod';
import { type Ctx, contextOf } from '../context.ts';
import { downloadHeaders, type ExportFile } from './export.ts';

/**
 * `GET /<path>/export?format=csv|xlsx&<the list's filters>`: the file streams to the caller as
 * it is written. Registered before `/<path>/:id` would match, though a static segment wins anyway.
 */
export function registerExportRoute<Q extends z.ZodType>(
  app: FastifyInstance,
  route: {
    path: string;
    noun: string;
    tags: string[];
    access: FastifyContextConfig['access'];
    query: Q;
    run(ctx: Ctx, query: z.output<Q>): ExportFile;
  },
): void {
  app.get(
    `/${route.path}/export`,
    {
      config: { access: route.access },
      schema: {
        tags: route.tags,
        summary: `Export the ${route.noun} the filters match, as CSV or XLSX (every row you may see, streamed)`,
        querystring: route.query,
      } as FastifySchema,
    },
    async (request, reply) => {
      const file = route.run(contextOf(request), request.query as z.output<Q>);
      return reply.headers(downloadHeaders(file)).send(file.body);
    },
  );
}
