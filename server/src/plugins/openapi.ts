import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fp from 'fastify-plugin';
import { createOpenapiTransforms } from './openapi-document.ts';

/**
 * OpenAPI 3.1 generated from the routes' zod schemas, browsable at /api/docs; openapi-document.ts
 * adds what every operation shares (problem answers, security, operation ids).
 * `npm run lint:api` lints it with Redocly and Spectral (OWASP API security rules).
 */
/**
 * Each university runs its own Rapport: the API is on the same origin as this document. It serves
 * the university's own staff and integrations (x-internal).
 */
const servers = [
  { url: '/', description: 'This Rapport server (production or test, as deployed)', 'x-internal': true },
];

export const openapiPlugin = fp(async (app) => {
  const { transform, transformObject } = createOpenapiTransforms();
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Rapport API',
        description:
          'Relationship management for universities. Sign in with a session cookie (writes need the x-csrf-token header) or send an API token as `Authorization: Bearer …`. Errors are `application/problem+json` (RFC 9457).',
        version: '1',
        license: { name: 'AGPL-3.0-or-later', identifier: 'AGPL-3.0-or-later' },
      },
      // Each university runs its own Rapport: the API is on the same origin as this document.
      servers,
      components: {
        securitySchemes: {
          bearer: {
            type: 'http',
            scheme: 'bearer',
            description: 'An API token from POST /api/v1/tokens (shown once; expires within a year)',
          },
          session: {
            type: 'apiKey',
            in: 'cookie',
            name: 'rapport_session',
            description: 'The session cookie POST /api/v1/auth/login sets (HttpOnly, SameSite=Lax)',
          },
          csrf: {
            type: 'apiKey',
            in: 'header',
            name: 'x-csrf-token',
            description: 'The csrfToken of GET /api/v1/auth/session: cookie-authenticated writes need it',
          },
        },
      },
      security: [{ bearer: [] }, { session: [] }],
    },
    transform,
    transformObject,
  });
  await app.register(swaggerUi, {
    routePrefix: '/api/docs',
    // No validator badge: it is an image from validator.swagger.io, which the CSP refuses anyway.
    // Groups start collapsed: Swagger UI (5.x) virtualises a list of 150 or more rows (groups plus
    // the operations of open groups), rendering only what is in the window, so with every group
    // open (~170 rows) the page held the first few groups and blank space below them (a full-page
    // screenshot, find in page or a screen reader saw nothing after Activities). Collapsed, the
    // 22 groups are all on the page, each opening to its operations.
    uiConfig: { deepLinking: true, validatorUrl: null, docExpansion: 'none' },
  });
  app.get('/api/v1/openapi.json', { config: { access: 'public' }, schema: { hide: true } }, async () =>
    app.swagger(),
  );
});
