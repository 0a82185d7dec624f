import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import fp from 'fastify-plugin';

export const webDist = fileURLToPath(new URL('../../../web/dist', import.meta.url));

/**
 * Serves the built web app at /; any other non-API path that no file matches gets index.html
 * from the not-found handler (plugins/errors.ts), so deep links survive a reload while API
 * paths keep the router's own answers (414 for an over-long part, 404). Without a build
 * (`npm run build:web`), only the API is served.
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
  app.decorate('webShell', true);
  app.get('/', { schema: { hide: true } }, async (_request, reply) =>
    reply.header('cache-control', 'no-cache').sendFile('index.html'),
  );
});
