import { timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Config } from '../config.ts';
import { AppError } from '../errors.ts';
import { type Actor, hasRole, type Role } from '../modules/access/actor.ts';
import { unitScopeFor } from '../modules/access/audience.repository.ts';
import { AuthCache } from '../modules/auth/auth-cache.ts';
import { hashSecret } from '../modules/auth/secrets.ts';
import {
  findLiveSession,
  findLiveToken,
  touchSession,
  touchToken,
} from '../modules/auth/sessions.repository.ts';

export const SESSION_COOKIE = 'rapport_session';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** Only write "last seen/used" at most once a minute, so reads do not all turn into writes. */
const TOUCH_AFTER_MS = 60_000;

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
    /** How the actor signed in: a cookie-authenticated write needs the CSRF token. */
    authMethod: 'session' | 'token' | null;
    /** The browser session behind the actor, if any. */
    session: { csrfToken: string; expiresAt: Date } | null;
  }
  interface FastifyInstance {
    /** Session and API token look-ups of the last seconds (see auth-cache.ts). */
    authCache: AuthCache;
  }
  interface FastifyContextConfig {
    /**
     * Who may call the route at all: 'public' (no sign-in), or the lowest role that may.
     * Every /api/v1 route must say; per-record rules are the services' and policies' business.
     */
    access?: 'public' | Role;
  }
}

const sameSecret = (a: string, b: string) =>
  a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/**
 * Resolves the actor from a bearer token or the session cookie, refuses unauthenticated calls
 * to non-public routes (401), cookie writes without the CSRF token (403) and writes through a
 * read-only token (403). Per-record decisions are the policies' business.
 */
export const authenticationPlugin = fp<{ config: Config }>(async (app, { config }) => {
  app.decorateRequest('actor', null);
  app.decorateRequest('authMethod', null);
  app.decorateRequest('session', null);

  const cache = new AuthCache(app.database);
  await cache.start();
  app.decorate('authCache', cache);
  app.addHook('onClose', () => cache.stop());

  /** A cached look-up, while it is fresh enough that nothing needs touching either. */
  function cached(key: string) {
    const hit = cache.get(key);
    if (!hit) return undefined;
    const now = Date.now();
    if (!hit.lastSeenAt || now - hit.lastSeenAt.getTime() > TOUCH_AFTER_MS) return undefined;
    if (hit.session && hit.session.expiresAt.getTime() <= now) return undefined;
    return hit;
  }

  async function resolve(request: FastifyRequest): Promise<void> {
    const db = app.database.db;
    const authorization = request.headers.authorization;
    if (authorization) {
      const match = /^Bearer\s+(\S+)$/i.exec(authorization);
      const key = match ? `t:${hashSecret(match[1]!)}` : null;
      const hit = key ? cached(key) : undefined;
      if (hit) {
        request.actor = hit.actor;
        request.authMethod = 'token';
        return;
      }
      const token = key ? await findLiveToken(db, key.slice(2)) : null;
      if (!token) throw new AppError('unauthenticated', 'The API token is not valid, expired or revoked');
      let lastUsedAt = token.lastUsedAt;
      if (!lastUsedAt || Date.now() - lastUsedAt.getTime() > TOUCH_AFTER_MS) {
        await touchToken(db, token.tokenId);
        lastUsedAt = new Date();
      }
      request.actor = {
        kind: 'staff',
        userId: token.userId,
        role: token.role,
        unitId: token.unitId,
        unitScope: await unitScopeFor(db, token),
        tokenId: token.tokenId,
        sessionId: null,
        readOnly: token.readOnly,
      };
      request.authMethod = 'token';
      cache.set(key!, { actor: request.actor, session: null, lastSeenAt: lastUsedAt });
      return;
    }
    const cookie = request.cookies[SESSION_COOKIE];
    if (!cookie) return;
    const key = `s:${hashSecret(cookie)}`;
    const hit = cached(key);
    if (hit) {
      request.actor = hit.actor;
      request.authMethod = 'session';
      request.session = hit.session;
      return;
    }
    const session = await findLiveSession(db, key.slice(2), config.session.idleMinutes);
    if (!session) return;
    let lastSeenAt = session.lastSeenAt;
    if (Date.now() - lastSeenAt.getTime() > TOUCH_AFTER_MS) {
      await touchSession(db, session.sessionId);
      lastSeenAt = new Date();
    }
    request.actor = {
      kind: 'staff',
      userId: session.userId,
      role: session.role,
      unitId: session.unitId,
      unitScope: await unitScopeFor(db, session),
      tokenId: null,
      sessionId: session.sessionId,
      readOnly: false,
    };
    request.authMethod = 'session';
    request.session = { csrfToken: session.csrfToken, expiresAt: session.expiresAt };
    cache.set(key, { actor: request.actor, session: request.session, lastSeenAt });
  }

  // A write may have ended or narrowed someone's access (signing out, a role change): before it
  // answers, this instance hears every notification committed so far, so the caller's next
  // request here never meets a stale entry.
  // A streamed answer (a bulk action's progress) is left alone: its work runs while it streams,
  // after this hook, and on PGlite's one connection the check would wait for that work to end
  // (holding back every progress line). No bulk action changes a session or a role.
  app.addHook('onSend', async (request, _reply, payload) => {
    const streamed = typeof (payload as { pipe?: unknown } | null)?.pipe === 'function';
    if (request.url.startsWith('/api/v1/') && !SAFE_METHODS.has(request.method) && !streamed)
      await cache.settle();
    return payload;
  });

  // A route without a declared access level is a programming error: refuse to start.
  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/api/v1/') && !route.config?.access) {
      throw new Error(`Route ${route.method} ${route.url} declares no config.access`);
    }
  });

  app.addHook('onRequest', async (request) => {
    if (!request.url.startsWith('/api/v1/')) return;
    await resolve(request);
    const access = request.routeOptions.config?.access;
    const isPublic = access === 'public' || access === undefined; // undefined: the not-found handler
    if (!isPublic && !request.actor) throw new AppError('unauthenticated', 'Sign in first');
    if (!isPublic && request.actor && !hasRole(request.actor, access)) {
      throw new AppError('forbidden', 'Your role does not allow this');
    }
    if (request.authMethod === 'session' && !isPublic && !SAFE_METHODS.has(request.method)) {
      const sent = request.headers['x-csrf-token'];
      const expected = request.session?.csrfToken ?? '';
      if (typeof sent !== 'string' || !sameSecret(sent, expected)) {
        throw new AppError(
          'forbidden',
          'This write needs the x-csrf-token header from GET /api/v1/auth/session',
        );
      }
    }
    if (request.actor?.readOnly && !SAFE_METHODS.has(request.method)) {
      throw new AppError('read_only', 'This API token is read-only');
    }
  });
});
