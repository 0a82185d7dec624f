import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import fp from 'fastify-plugin';
import { repositoryRoot } from '../lib/root.ts';

export const webDist = path.join(repositoryRoot, 'web/dist');

const YEAR = 'public, max-age=31536000, immutable';

/**
 * Serves the built web app at /; any other non-API path that no file matches gets index.html
 * from the not-found handler (plugins/errors.ts), so deep links survive a reload while API
 * paths keep the router's own answers (414 for an over-long part, 404). Without a build
 * (`npm run build:web`), only the API is served.
 *
 * Vite names every file under /assets by its content hash, so those are cached for a year;
 * index.html names them, so it is revalidated on every load and a release shows at once.
 */
export const webPlugin = fp<{ dist?: string }>(async (app, options) => {
  const dist = options.dist ?? webDist;
  if (!existsSync(`${dist}/index.html`)) {
    app.log.warn('web/dist is missing: run `npm run build:web` to serve the web app');
    return;
  }
  const assets = path.join(dist, 'assets') + path.sep;
  await app.register(fastifyStatic, {
    root: dist,
    wildcard: false,
    index: false,
    // scripts/build-web.mjs writes .br and .gz beside each file: sent as they are to a client that accepts them.
    preCompressed: true,
    // Set in setHeaders, after @fastify/static's own headers (a maxAge here would replace no-cache).
    cacheControl: false,
    setHeaders: (reply, file) => {
      reply.header('cache-control', file.startsWith(assets) ? YEAR : 'no-cache');
    },
  });
  app.decorate('webShell', true);
  app.get('/', { schema: { hide: true } }, async (_request, reply) => reply.sendFile('index.html'));
});
