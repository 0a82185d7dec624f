import { createHash, randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import fp from 'fastify-plugin';
import { AppError } from '../errors.ts';
import {
  claimKey,
  findKey,
  firstChangeBy,
  isLeaseLive,
  releaseKey,
  renewLease,
  storeResponse,
  takeOverKey,
} from '../modules/idempotency/idempotency.repository.ts';

declare module 'fastify' {
  interface FastifyRequest {
    idempotencyKey: string | null;
    /** Renews the claim's lease while the request runs. */
    idempotencyLease: NodeJS.Timeout | null;
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
 *
 * Crash safety. The claim commits on its own, before the write; the answer is stored after it.
 * Storing the answer in the write's transaction would need every service to hand its transaction
 * to this plugin, so instead an abandoned claim is detected and resolved:
 * - each claim names its owner (host:pid:boot), its request id, and a lease the owner renews every
 *   third of the lease (RAPPORT_IDEMPOTENCY_LEASE_SECONDS, default 60) while the request runs. Leases are compared with the database's clock, so
 *   they mean the same to every instance, on PostgreSQL and on PGlite alike.
 * - a retry that finds no answer and a lapsed lease takes the claim over (compare-and-set on the
 *   old request id, so one retry wins). Whether the dead request's write committed is read from
 *   the audit log, which the one write path fills in the write's own transaction: no entry with
 *   its request id (after the newest entry at claim time) means nothing was written, and the retry
 *   performs the write; an entry means it was written, and the retry is told which record instead
 *   of writing it twice (409, stored as the key's answer). Claims from before leases existed
 *   cannot be told apart, and answer 409 saying so. POSTs that write without an audit entry are
 *   performed again.
 */
export const idempotencyPlugin = fp<{ leaseSeconds: number }>(async (app, { leaseSeconds }) => {
  app.decorateRequest('idempotencyKey', null);
  app.decorateRequest('idempotencyLease', null);
  const owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;

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
    const userId = request.actor.userId;
    const requestHash = createHash('sha256')
      .update(`${request.method} ${request.url}\n${JSON.stringify(request.body ?? null)}`)
      .digest('hex');
    const holder = { owner, requestId: request.id, leaseSeconds };
    const hold = () => {
      request.idempotencyKey = key;
      request.idempotencyLease = setInterval(
        () => {
          renewLease(db, userId, key, holder).catch((error: unknown) =>
            request.log.warn({ err: error }, 'could not renew the Idempotency-Key lease'),
          );
        },
        (leaseSeconds * 1000) / 3,
      );
      request.idempotencyLease.unref();
    };
    const claim = { userId, key, method: request.method, path: request.url, requestHash };
    if (await claimKey(db, claim, holder)) return hold();
    const earlier = await findKey(db, userId, key);
    if (!earlier) throw new AppError('conflict', 'This Idempotency-Key is being released; retry');
    if (earlier.requestHash !== requestHash) {
      throw new AppError('idempotency_mismatch', 'This Idempotency-Key was used for a different request');
    }
    if (earlier.statusCode === null) {
      if (
        (await isLeaseLive(db, userId, key)) ||
        !(await takeOverKey(db, userId, key, earlier.requestId, holder))
      ) {
        throw new AppError('conflict', 'A request with this Idempotency-Key is still being processed');
      }
      hold();
      request.log.warn({ abandonedBy: earlier.owner }, 'took over an abandoned Idempotency-Key');
      if (earlier.requestId === null || earlier.auditAfter === null) {
        throw new AppError(
          'conflict',
          'The request with this Idempotency-Key was interrupted, and whether it was carried out is not known: check, then retry with a new key',
        );
      }
      const written = await firstChangeBy(db, earlier.requestId, earlier.auditAfter);
      if (written) {
        throw new AppError(
          'conflict',
          'The request with this Idempotency-Key was carried out, but its answer was lost when the server stopped: read the record, or retry with a new key',
          { record: written },
        );
      }
      return; // nothing was written: this retry performs the request
    }
    for (const [name, value] of Object.entries((earlier.headers as Record<string, string>) ?? {})) {
      reply.header(name, value);
    }
    reply.header('idempotent-replayed', 'true');
    return reply.code(earlier.statusCode).send(earlier.body);
  });

  const stopRenewing = async (request: { idempotencyLease: NodeJS.Timeout | null }) => {
    if (request.idempotencyLease) clearInterval(request.idempotencyLease);
    request.idempotencyLease = null;
  };
  app.addHook('onResponse', stopRenewing);
  app.addHook('onRequestAbort', stopRenewing);

  app.addHook('onSend', async (request, reply, payload) => {
    const key = request.idempotencyKey;
    if (!key || !request.actor) return payload;
    await stopRenewing(request);
    const db = app.database.db;
    if (reply.statusCode >= 500) {
      await releaseKey(db, request.actor.userId, key, request.id);
      return payload;
    }
    const headers: Record<string, string> = { 'content-type': String(reply.getHeader('content-type') ?? '') };
    for (const name of KEPT_HEADERS) {
      const value = reply.getHeader(name);
      if (value !== undefined) headers[name] = String(value);
    }
    const text =
      typeof payload === 'string' ? payload : Buffer.isBuffer(payload) ? payload.toString('utf8') : null;
    await storeResponse(db, request.actor.userId, key, request.id, {
      statusCode: reply.statusCode,
      body: text ? JSON.parse(text) : null,
      headers,
    });
    return payload;
  });
});
