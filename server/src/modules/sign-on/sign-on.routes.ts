import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { historyPageSchema, historyQuery } from '../../../../common/src/contracts/audit.ts';
import { idParams } from '../../../../common/src/contracts/shared.ts';
import {
  createSamlProviderBody,
  createSignOnProviderBody,
  providerKey,
  samlPostBody,
  signInOptionsSchema,
  signInPolicyBody,
  signInPolicySchema,
  signOnCallbackQuery,
  signOnLogoutSchema,
  signOnProviderList,
  signOnProviderSchema,
  signOnStartQuery,
  updateSignOnProviderBody,
} from '../../../../common/src/contracts/sign-on.ts';
import type { Config } from '../../config.ts';
import { contextOf } from '../../lib/context.ts';
import { expectedVersion, setEtag } from '../../lib/etag.ts';
import { SESSION_COOKIE } from '../../plugins/authentication.ts';
import { getSignInPolicy, setSignInPolicy } from '../auth/sign-in-policy.ts';
import {
  callbackUrl,
  changeProvider,
  createProvider,
  createSamlProvider,
  getProvider,
  listProviders,
  providerHistory,
  removeProvider,
  samlMetadataOf,
} from './providers.service.ts';
import {
  ATTEMPT_MINUTES,
  completeSamlSignOn,
  finishSignOn,
  receiveSamlLogoutRequest,
  receiveSamlResponse,
  SignOnRefusal,
  signInOptions,
  signOutEverywhere,
  startSignOn,
} from './sign-on.service.ts';

const tags = ['Single sign-on'];
/** The browser's half of a sign-in under way; only its SHA-256 is stored. */
const ATTEMPT_COOKIE = 'rapport_sign_on';
const ATTEMPT_COOKIE_PATH = '/api/v1/sign-on/';
const keyParams = z.object({ key: providerKey });
const samlLogoutQuery = z.object({
  SAMLRequest: z
    .string()
    .max(20_000)
    .optional()
    .describe("The identity provider's signed LogoutRequest (single logout started there)"),
  SAMLResponse: z.string().max(20_000).optional(),
  RelayState: z.string().max(200).optional(),
  SigAlg: z.string().max(200).optional(),
  Signature: z.string().max(2000).optional(),
});
const redirect = { 302: z.null().describe('A redirect (Location): to the provider, or back into Rapport') };

export const signOnRoutes: FastifyPluginAsyncZod<{ config: Config }> = async (app, { config }) => {
  const secureCookie = config.publicUrl?.startsWith('https://') ?? false;
  const baseUrl = (request: FastifyRequest) =>
    (config.publicUrl ?? `${request.protocol}://${request.host}`).replace(/\/+$/, '');
  const isSecure = (request: FastifyRequest) => secureCookie || request.protocol === 'https';
  const failed = (reason: string) => `/sign-in?sign-on-error=${reason}`;
  const openSessionCookie = (
    request: FastifyRequest,
    reply: FastifyReply,
    signedIn: { secret: string; expiresAt: Date },
  ) =>
    reply.setCookie(SESSION_COOKIE, signedIn.secret, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: isSecure(request),
      expires: signedIn.expiresAt,
    });

  /**
   * Runs one step of a sign-in and redirects the browser where it leads. A refusal (an expired
   * attempt, a forged assertion, an unknown provider) sends it to the sign-in page, which says
   * why; anything else is a fault.
   */
  const redirectAfter = async (reply: FastifyReply, code: 302 | 303, step: () => Promise<string>) => {
    try {
      return reply.redirect(await step(), code);
    } catch (error) {
      if (error instanceof SignOnRefusal) return reply.redirect(failed(error.reason), code);
      throw error;
    }
  };
  /** The browser's half of the sign-in under way, read once: the cookie is cleared as it is read. */
  const takeAttempt = (request: FastifyRequest, reply: FastifyReply) => {
    reply.clearCookie(ATTEMPT_COOKIE, { path: ATTEMPT_COOKIE_PATH });
    return request.cookies[ATTEMPT_COOKIE];
  };
  /** Where the browser goes once signed in: its session cookie is set first. */
  const signedInAt = (
    request: FastifyRequest,
    reply: FastifyReply,
    signedIn: { secret: string; expiresAt: Date; returnTo: string },
  ) => {
    openSessionCookie(request, reply, signedIn);
    return signedIn.returnTo;
  };

  // A SAML identity provider posts its response as an HTML form (HTTP-POST binding).
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: 600_000 },
    (_request, body, done) => done(null, Object.fromEntries(new URLSearchParams(body as string))),
  );

  app.get(
    '/sign-on/options',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'The sign-in page’s options: a button per provider, and whether passwords are taken',
        security: [],
        response: { 200: signInOptionsSchema },
      },
    },
    async () => signInOptions(app.database.db, config),
  );

  app.get(
    '/sign-on/:key/start',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Start signing in through a provider (redirects to it)',
        security: [],
        params: keyParams,
        querystring: signOnStartQuery,
        response: redirect,
      },
    },
    async (request, reply) => {
      const { key } = request.params;
      return redirectAfter(reply, 302, async () => {
        const started = await startSignOn(app.database.db, config, key, {
          baseUrl: baseUrl(request),
          redirectUri: callbackUrl(baseUrl(request), key),
          returnTo: request.query.returnTo ?? null,
          log: request.log,
        });
        reply.setCookie(ATTEMPT_COOKIE, started.browserSecret, {
          path: ATTEMPT_COOKIE_PATH,
          httpOnly: true,
          sameSite: 'lax',
          secure: isSecure(request),
          maxAge: ATTEMPT_MINUTES * 60,
        });
        return started.url;
      });
    },
  );

  app.get(
    '/sign-on/:key/callback',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Where the provider sends the browser back (redirects into Rapport)',
        security: [],
        params: keyParams,
        querystring: signOnCallbackQuery,
        response: redirect,
      },
    },
    async (request, reply) => {
      const { key } = request.params;
      const browserSecret = takeAttempt(request, reply);
      const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : '';
      return redirectAfter(reply, 302, async () =>
        signedInAt(
          request,
          reply,
          await finishSignOn(app.database.db, config, key, {
            browserSecret,
            currentUrl: new URL(`${callbackUrl(baseUrl(request), key)}${query}`),
            providerError: request.query.error,
            client: { ipAddress: request.ip, userAgent: request.headers['user-agent'] ?? null },
            requestId: request.id,
            log: request.log,
          }),
        ),
      );
    },
  );

  app.get(
    '/sign-on/:key/saml/metadata',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: "Rapport's SAML service-provider metadata for this provider (its entity id is this address)",
        security: [],
        params: keyParams,
      },
    },
    async (request, reply) => {
      const xml = await samlMetadataOf(app.database.db, config, request.params.key, baseUrl(request));
      return reply.type('application/samlmetadata+xml; charset=utf-8').send(xml);
    },
  );

  app.post(
    '/sign-on/:key/saml/acs',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary:
          'The SAML assertion consumer service (HTTP-POST): verifies the response, then back into Rapport',
        security: [],
        consumes: ['application/x-www-form-urlencoded'],
        params: keyParams,
        body: samlPostBody,
        response: {
          303: z
            .null()
            .describe(
              'A redirect (Location): on to finish signing in, or to the sign-in page saying why not',
            ),
        },
      },
    },
    async (request, reply) => {
      const { key } = request.params;
      return redirectAfter(reply, 303, async () => {
        await receiveSamlResponse(app.database.db, config, key, {
          samlResponse: request.body.SAMLResponse,
          baseUrl: baseUrl(request),
          log: request.log,
        });
        return `/api/v1/sign-on/${key}/saml/complete`;
      });
    },
  );

  app.get(
    '/sign-on/:key/saml/complete',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Finish a SAML sign-in in the browser that started it (redirects into Rapport)',
        security: [],
        params: keyParams,
        response: redirect,
      },
    },
    async (request, reply) => {
      const { key } = request.params;
      const browserSecret = takeAttempt(request, reply);
      return redirectAfter(reply, 302, async () =>
        signedInAt(
          request,
          reply,
          await completeSamlSignOn(app.database.db, config, key, {
            browserSecret,
            client: { ipAddress: request.ip, userAgent: request.headers['user-agent'] ?? null },
            requestId: request.id,
          }),
        ),
      );
    },
  );

  app.get(
    '/sign-on/:key/saml/logout',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary:
          "Single logout: after Rapport's, back to the sign-in page; with the identity provider's signed LogoutRequest, ends that person's sessions and answers a LogoutResponse",
        security: [],
        params: keyParams,
        querystring: samlLogoutQuery,
        response: redirect,
      },
    },
    async (request, reply) => {
      // Rapport's session ended before the browser went to the identity provider: nothing is left to do here.
      const { SAMLRequest, RelayState, SigAlg, Signature } = request.query;
      if (!SAMLRequest) return reply.redirect('/sign-in', 302);
      return redirectAfter(reply, 302, () =>
        receiveSamlLogoutRequest(app.database.db, config, request.params.key, {
          query: { SAMLRequest, RelayState, SigAlg, Signature },
          originalQuery: request.raw.url?.split('?')[1] ?? '',
          baseUrl: baseUrl(request),
          log: request.log,
        }),
      );
    },
  );

  app.post(
    '/sign-on/logout',
    {
      config: { access: 'viewer' },
      schema: {
        tags,
        summary: 'Sign out, and where to sign out at the provider too (single logout)',
        response: { 200: signOnLogoutSchema },
      },
    },
    async (request, reply) => {
      const result = await signOutEverywhere(app.database.db, config, contextOf(request).actor, {
        baseUrl: baseUrl(request),
        postLogoutRedirectUri: `${baseUrl(request)}/sign-in`,
        log: request.log,
      });
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return result;
    },
  );

  app.get(
    '/sign-on-providers',
    {
      config: { access: 'administrator' },
      schema: {
        tags,
        summary: 'The identity providers, stored and configured by environment',
        response: { 200: signOnProviderList },
      },
    },
    async (request) => listProviders(contextOf(request), config, baseUrl(request)),
  );

  app.post(
    '/sign-on-providers',
    {
      config: { access: 'administrator' },
      schema: {
        tags,
        summary: 'Add an OpenID Connect provider',
        body: createSignOnProviderBody,
        response: { 201: signOnProviderSchema },
      },
    },
    async (request, reply) => {
      const item = await createProvider(contextOf(request), config, baseUrl(request), request.body);
      setEtag(reply, item);
      return reply.code(201).header('location', `/api/v1/sign-on-providers/${item.id}`).send(item);
    },
  );

  app.post(
    '/sign-on-providers/saml',
    {
      config: { access: 'administrator' },
      schema: {
        tags,
        summary:
          'Add a SAML 2.0 identity provider (by its metadata, or entity id, sign-in address and certificate)',
        body: createSamlProviderBody,
        response: { 201: signOnProviderSchema },
      },
    },
    async (request, reply) => {
      const item = await createSamlProvider(contextOf(request), config, baseUrl(request), request.body);
      setEtag(reply, item);
      return reply.code(201).header('location', `/api/v1/sign-on-providers/${item.id}`).send(item);
    },
  );

  app.get(
    '/sign-on-providers/:id',
    {
      config: { access: 'administrator' },
      schema: {
        tags,
        summary: 'Get an identity provider',
        params: idParams,
        response: { 200: signOnProviderSchema },
      },
    },
    async (request, reply) => {
      const item = await getProvider(contextOf(request), baseUrl(request), request.params.id);
      setEtag(reply, item);
      return item;
    },
  );

  app.patch(
    '/sign-on-providers/:id',
    {
      config: { access: 'administrator', ifMatch: true },
      schema: {
        tags,
        summary: 'Change an identity provider (send If-Match with the ETag you read)',
        params: idParams,
        body: updateSignOnProviderBody,
        response: { 200: signOnProviderSchema },
      },
    },
    async (request, reply) => {
      const item = await changeProvider(
        contextOf(request),
        config,
        baseUrl(request),
        request.params.id,
        expectedVersion(request),
        request.body,
      );
      setEtag(reply, item);
      return item;
    },
  );

  app.delete(
    '/sign-on-providers/:id',
    {
      config: { access: 'administrator', ifMatch: true },
      schema: {
        tags,
        summary: 'Remove an identity provider (its users stay)',
        params: idParams,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await removeProvider(contextOf(request), request.params.id, expectedVersion(request));
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/sign-on-providers/:id/history',
    {
      config: { access: 'administrator' },
      schema: {
        tags,
        summary: 'Changes to an identity provider',
        params: idParams,
        querystring: historyQuery,
        response: { 200: historyPageSchema },
      },
    },
    async (request) => providerHistory(contextOf(request), request.params.id, request.query),
  );

  app.get(
    '/sign-in-policy',
    {
      config: { access: 'administrator' },
      schema: { tags, summary: 'Who may sign in with a password', response: { 200: signInPolicySchema } },
    },
    async (request, reply) => {
      const policy = await getSignInPolicy(contextOf(request));
      setEtag(reply, policy);
      return policy;
    },
  );

  app.put(
    '/sign-in-policy',
    {
      config: { access: 'administrator', ifMatch: true },
      schema: {
        tags,
        summary: 'Switch local passwords on, or off for all but the break-glass administrator',
        body: signInPolicyBody,
        response: { 200: signInPolicySchema },
      },
    },
    async (request, reply) => {
      const policy = await setSignInPolicy(contextOf(request), expectedVersion(request), request.body);
      setEtag(reply, policy);
      return policy;
    },
  );
};
