import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { loginBody, sessionSchema } from '../../../../common/src/contracts/auth.ts';
import type { Config } from '../../config.ts';
import { contextOf } from '../../lib/context.ts';
import { SESSION_COOKIE } from '../../plugins/authentication.ts';
import { describeSession, signIn, signOut } from './auth.service.ts';

const tags = ['Sign-in'];

export const authRoutes: FastifyPluginAsyncZod<{ config: Config }> = async (app, { config }) => {
  const secureCookie = config.publicUrl?.startsWith('https://') ?? false;

  app.post(
    '/auth/login',
    {
      config: { access: 'public', rateLimited: true },
      schema: {
        tags,
        summary: 'Sign in with e-mail and password',
        security: [],
        body: loginBody,
        response: { 200: sessionSchema },
      },
    },
    async (request, reply) => {
      const db = app.database.db;
      const { secret, expiresAt, csrfToken, actor } = await signIn(db, config, {
        email: request.body.email,
        password: request.body.password,
        ipAddress: request.ip,
        userAgent: request.headers['user-agent'] ?? null,
      });
      reply.setCookie(SESSION_COOKIE, secret, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: secureCookie || request.protocol === 'https',
        expires: expiresAt,
      });
      return describeSession(db, actor, csrfToken, expiresAt);
    },
  );

  app.post(
    '/auth/logout',
    {
      config: { access: 'viewer' },
      schema: { tags, summary: 'Sign out (ends this session)', response: { 204: z.null() } },
    },
    async (request, reply) => {
      await signOut(app.database.db, contextOf(request).actor);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.code(204).send(null);
    },
  );

  // The web app asks this first: a signed-out browser then sees no failed request (a 401 is
  // an error in the console), and only a signed-in one fetches its session.
  app.get(
    '/auth/status',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Whether the caller is signed in (never 401 for a signed-out caller)',
        response: { 200: z.object({ signedIn: z.boolean() }) },
      },
    },
    async (request) => ({ signedIn: request.actor !== null }),
  );

  app.get(
    '/auth/session',
    {
      config: { access: 'viewer' },
      schema: {
        tags,
        summary: 'The signed-in user, abilities and CSRF token',
        response: { 200: sessionSchema },
      },
    },
    async (request) =>
      describeSession(
        app.database.db,
        contextOf(request).actor,
        request.session?.csrfToken ?? null,
        request.session?.expiresAt ?? null,
      ),
  );
};
