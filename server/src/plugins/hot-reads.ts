import type { FastifyInstance } from 'fastify';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * A read on a hot path (the overview, timelines, lists, search): in production its answer is
     * written with plain JSON.stringify instead of being encoded and checked by its zod schema,
     * which cost about 15 % of an overview's server CPU. Tests keep the check (and a test pins
     * that both ways give the same answer).
     */
    hotRead?: boolean;
  }
}

/** Writes a hot read's answer as it is; the route's schema still documents it. */
export const plainJson = () => (data: unknown) => JSON.stringify(data);

/**
 * Unless `validate`, gives every route marked `hotRead` the plain serializer. An onRoute hook,
 * so it must be added before the routes are registered.
 */
export function skipValidationOfHotReads(app: FastifyInstance, validate: boolean): void {
  if (validate) return;
  app.addHook('onRoute', (route) => {
    if (route.config?.hotRead) route.serializerCompiler = plainJson;
  });
}
