import helmet from '@fastify/helmet';
import fp from 'fastify-plugin';
import type { Config } from '../config.ts';

/** API paths whose answers hold no personal data and may be cached as usual. */
const CACHEABLE_API = new Set(['/api/v1/health', '/api/v1/openapi.json']);
/** The university's logo, at an address named by its hash: public, and the same bytes forever. */
const CACHEABLE_API_PREFIXES = ['/api/v1/branding/logo/'];

/**
 * Security headers on every answer (helmet), with a CSP the built web app and the Swagger UI pass:
 * scripts only from this origin, never inline. Mantine writes <style> tags and style attributes at
 * run time, so styles allow 'unsafe-inline' (styles cannot run code). HSTS only when Rapport is
 * served over https. API answers, which carry personal data, are never stored by a cache.
 */
export const securityHeadersPlugin = fp<{ config: Config }>(async (app, { config }) => {
  const https = config.publicUrl?.startsWith('https://') ?? false;
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        scriptSrcAttr: ["'none'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        // Over plain http (a trial on a laptop) upgrading would break every asset.
        ...(https ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'same-origin' },
    // A year, for this host only: the university's other sites are not ours to pin to https.
    strictTransportSecurity: https ? { maxAge: 31_536_000, includeSubDomains: false } : false,
  });
  app.addHook('onSend', async (request, reply) => {
    const path = request.url.split('?')[0]!;
    if (!path.startsWith('/api/v1/') || CACHEABLE_API.has(path)) return;
    if (CACHEABLE_API_PREFIXES.some((prefix) => path.startsWith(prefix)) && reply.statusCode === 200) return;
    // A route that already forbids storing (a download's `private, no-store`) keeps its words.
    if (!String(reply.getHeader('cache-control') ?? '').includes('no-store'))
      reply.header('cache-control', 'no-store');
  });
});
