import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import fp from 'fastify-plugin';
import { notFound } from '../errors.ts';

export const webDist = fileURLToPath(new URL('../../../web/dist', import.meta.url));

/**
 * Serves the built web app at / and answers any other non-API path with index.html, so deep
 * links survive a reload. Without a build (`npm run build:web`), only the API is served.
 */
export const webPlugin = fp(async (app) => {
  if (!existsSync(`${webDist}/index.html`)) {
    app.log.warn('web/dist is missing: run `npm run build:web` to serve the web app');
    return;
  }
  await app.register(fastifyStatic, {
    root: webDist,
    wildcard: false,
    index: false,
    maxAge: '1h',
    immutable: false,
  });
  app.get('/*', { schema: { hide: true } }, async (request, reply) => {
    if (request.url.startsWith('/api/'))
      throw notFound(`Route ${request.method} ${request.url.split('?')[0]}`);
    return reply.header('cache-control', 'no-cache').sendFile('index.html');
  });
  app.get('/', { schema: { hide: true } }, async (_request, reply) =>
    reply.header('cache-control', 'no-cache').sendFile('index.html'),
  );
});
