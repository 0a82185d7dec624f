import { createHash } from 'node:crypto';
import fp from 'fastify-plugin';
import { AppError } from '../errors.ts';
import {
  claimKey,
  deleteOldKeys,
  findKey,
  releaseKey,
  storeResponse,
} from '../modules/idempotency/idempotency.repository.ts';

declare module 'fastify' {
  interface FastifyRequest {
    idempotencyKey: string | null;
  }
  interface FastifyContextConfig {
    /** The answer holds a secret (a new API token): never store it for replay. */
    secretResponse?: boolean;
  }
}

const KEPT_HEADERS = ['etag', 'location'];

/**
 * POST with an `Idempotency-Key` header: the first answer is stored and replayed for a repeat
 * of the same key by the same user; the same key with a different body is refused (422), and a
 * repeat while the first is still running gets 409.
 */
export const idempotencyPlugin = fp(async (app) => {
  app.decorateRequest('idempotencyKey', null);
  let calls = 0;

  app.addHook('preHandler', async (request, reply) => {
    const key = request.headers['idempotency-key'];
    if (request.method !== 'POST' || typeof key !== 'string' || !request.actor) return;
    if (request.routeOptions.config?.secretResponse) {
      throw new AppError('validation', 'The request is not valid', {
        errors: [
          {
            field: 'Idempotency-Key',
            message: 'is not accepted here: the answer holds a secret that is never stored',
          },
        ],
      });
    }
    if (key.length < 1 || key.length > 200) {
      throw new AppError('validation', 'The request is not valid', {
        errors: [{ field: 'Idempotency-Key', message: 'must be 1 to 200 characters' }],
      });
    }
    const db = app.database.db;
    if (++calls % 500 === 0) await deleteOldKeys(db);
    const requestHash = createHash('sha256')
      .update(`${request.method} ${request.url}\n${JSON.stringify(request.body ?? null)}`)
      .digest('hex');
    const claim = {
      userId: request.actor.userId,
      key,
      method: request.method,
      path: request.url,
      requestHash,
    };
    if (await claimKey(db, claim)) {
      request.idempotencyKey = key;
      return;
    }
    const earlier = await findKey(db, request.actor.userId, key);
    if (!earlier) throw new AppError('conflict', 'This Idempotency-Key is being released; retry');
    if (earlier.requestHash !== requestHash) {
      throw new AppError('idempotency_mismatch', 'This Idempotency-Key was used for a different request');
    }
    if (earlier.statusCode === null) {
      throw new AppError('conflict', 'A request with this Idempotency-Key is still being processed');
    }
    for (const [name, value] of Object.entries((earlier.headers as Record<string, string>) ?? {})) {
      reply.header(name, value);
    }
    reply.header('idempotent-replayed', 'true');
    return reply.code(earlier.statusCode).send(earlier.body);
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const key = request.idempotencyKey;
    if (!key || !request.actor) return payload;
    const db = app.database.db;
    if (reply.statusCode >= 500) {
      await releaseKey(db, request.actor.userId, key);
      return payload;
    }
    const headers: Record<string, string> = { 'content-type': String(reply.getHeader('content-type') ?? '') };
    for (const name of KEPT_HEADERS) {
      const value = reply.getHeader(name);
      if (value !== undefined) headers[name] = String(value);
    }
    const text =
      typeof payload === 'string' ? payload : Buffer.isBuffer(payload) ? payload.toString('utf8') : null;
    await storeResponse(db, request.actor.userId, key, {
      statusCode: reply.statusCode,
      body: text ? JSON.parse(text) : null,
      headers,
    });
    return payload;
  });
});
