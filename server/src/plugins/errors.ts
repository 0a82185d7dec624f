import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { installStaffMessages } from '../../../common/src/contracts/messages.ts';
import { AppError, type FieldError, statusByCode } from '../errors.ts';

const titles: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  410: 'Gone',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  428: 'Precondition Required',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
};

/** A path as far as an answer repeats it: a 5,000-character one is cut, not echoed. */
const shortened = (text: string, max = 200) => (text.length > max ? `${text.slice(0, max)}…` : text);

const problem = (
  request: FastifyRequest,
  status: number,
  code: string,
  detail: string,
  extra: Record<string, unknown> = {},
) => ({
  type: `https://rapport.example/problems/${code}`,
  title: titles[status] ?? 'Error',
  status,
  code,
  detail,
  instance: shortened(request.url),
  requestId: request.id,
  ...extra,
});

function sendProblem(
  reply: FastifyReply,
  request: FastifyRequest,
  status: number,
  code: string,
  detail: string,
  extra: Record<string, unknown> = {},
) {
  return reply
    .code(status)
    .type('application/problem+json')
    .send(problem(request, status, code, detail, extra));
}

/**
 * The problem an error answers with, for an answer already under way (a bulk action's progress
 * stream ends with it): the same mapping as the error handler, for the errors a service raises.
 */
export function problemOf(error: unknown, request: FastifyRequest) {
  if (error instanceof AppError)
    return problem(request, statusByCode[error.code], error.code, error.message, error.extra);
  const pg = pgErrorOf(error);
  const fromDb = pg ? problemFromDatabase(pg) : null;
  if (fromDb) return problem(request, fromDb.status, fromDb.code, fromDb.detail, fromDb.extra);
  request.log.error({ err: error }, 'unhandled error');
  return problem(request, 500, 'internal', 'Something went wrong; quote the request id');
}

const camel = (s: string) => s.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

type PgError = { code?: string; detail?: string; table?: string; constraint?: string };

/** Database errors carry their cause inside the ORM's wrapper. */
function pgErrorOf(error: unknown): PgError | null {
  let e: unknown = error;
  for (let i = 0; i < 3 && e; i++) {
    const candidate = e as PgError & { cause?: unknown };
    if (typeof candidate.code === 'string' && /^[0-9A-Z]{5}$/.test(candidate.code)) return candidate;
    e = candidate.cause;
  }
  return null;
}

/** Constraint violations the schema enforces, turned into answers a person can act on. */
function problemFromDatabase(
  pg: PgError,
): { status: number; code: string; detail: string; extra: Record<string, unknown> } | null {
  const keyColumn = /Key \((.+?)\)=\(/.exec(pg.detail ?? '')?.[1];
  if (pg.code === '23503' || pg.code === '23001') {
    const referencedBy = /is (?:still )?referenced from table "([^"]+)"/.exec(pg.detail ?? '')?.[1];
    if (referencedBy) {
      return {
        status: 409,
        code: 'in_use',
        detail: `This record is still used by ${referencedBy.replace(/_/g, ' ')}; remove or reassign those first, or archive it`,
        extra: { referencedBy },
      };
    }
    const field = camel(keyColumn ?? 'reference');
    return {
      status: 400,
      code: 'validation',
      detail: 'The request is not valid',
      extra: { errors: [{ field, message: 'does not name an existing record' }] },
    };
  }
  if (pg.code === '23505') {
    const fields = (keyColumn ?? 'value')
      .split(',')
      .map((c) => camel(c.trim().replace(/^lower\((.*)\)$/, '$1')));
    return {
      status: 409,
      code: 'conflict',
      detail: `A record with the same ${fields.join(' and ')} already exists`,
      extra: { errors: fields.map((field) => ({ field, message: 'is already taken' })) },
    };
  }
  // Bad values the validation layer should already have refused (a wrong type, a NUL character,
  // a number out of range): still the caller's mistake, never a 500.
  if (['23514', '22P02', '22007', '22008', '22003', '22021', '22P05'].includes(pg.code ?? '')) {
    return { status: 400, code: 'validation', detail: 'A value is not valid for the database', extra: {} };
  }
  return null;
}

/**
 * Errors Fastify raises before routing (Fastify's `frameworkErrors` option): bad URL encoding
 * (400) and a path parameter over the length limit (414), as problem+json like every other.
 */
export function frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH')
    return sendProblem(reply, request, 414, 'uri_too_long', 'A part of the address is too long');
  return sendProblem(reply, request, 400, 'bad_request', 'The address is not valid (bad percent-encoding)');
}

/**
 * Requests Node's HTTP parser refuses before Fastify sees them (headers or address over 16 KB,
 * a malformed request line, a client too slow to send its headers): answered as problem+json
 * like every other error, in place of Fastify's own JSON shape (its `clientErrorHandler` option).
 */
export function clientErrorHandler(this: FastifyInstance, error: Error & { code?: string }, socket: Socket) {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, code, detail] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'headers_too_large', 'The address or the headers are too large']
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'request_timeout', 'The request took too long to arrive']
        : [400, 'bad_request', 'The request is not valid HTTP'];
  const title = { 400: 'Bad Request', 408: 'Request Timeout', 431: 'Request Header Fields Too Large' }[
    status
  ];
  const body = JSON.stringify({
    type: `https://rapport.example/problems/${code}`,
    title,
    status,
    code,
    detail,
  });
  this.log.trace({ err: error }, 'client error');
  if (socket.writable)
    socket.write(
      `HTTP/1.1 ${status} ${title}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nContent-Type: application/problem+json\r\nConnection: close\r\n\r\n${body}`,
    );
  socket.destroy(error);
}

/** One place that turns every error into application/problem+json (RFC 9457). */
export const errorsPlugin = fp(async (app) => {
  // Validation messages in staff's words, from the same map the web forms use.
  installStaffMessages();
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof AppError) {
      if (error.code === 'rate_limited' && typeof error.extra.retryAfter === 'number') {
        reply.header('retry-after', String(error.extra.retryAfter));
      }
      return sendProblem(reply, request, statusByCode[error.code], error.code, error.message, error.extra);
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const part = error.validationContext ?? 'body';
      const errors: FieldError[] = error.validation.map((issue) => {
        const path = issue.instancePath.replace(/^\//, '').replace(/\//g, '.');
        return {
          field:
            part === 'body'
              ? path || '(body)'
              : `${part}.${path || '(all)'}`.replace('querystring.', 'query.'),
          message: issue.message ?? 'Check this value',
        };
      });
      return sendProblem(reply, request, 400, 'validation', 'The request is not valid', { errors });
    }
    const pg = pgErrorOf(error);
    const fromDb = pg ? problemFromDatabase(pg) : null;
    if (fromDb) return sendProblem(reply, request, fromDb.status, fromDb.code, fromDb.detail, fromDb.extra);
    if (isResponseSerializationError(error)) {
      request.log.error({ err: error, issues: error.cause.issues }, 'response does not match its schema');
      return sendProblem(reply, request, 500, 'internal', 'Something went wrong; quote the request id');
    }
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      const code = error.statusCode === 415 ? 'unsupported_media_type' : 'bad_request';
      return sendProblem(reply, request, error.statusCode, code, error.message);
    }
    request.log.error({ err: error }, 'unhandled error');
    return sendProblem(reply, request, 500, 'internal', 'Something went wrong; quote the request id');
  });

  app.setNotFoundHandler((request, reply) => {
    // A deep link into the web app (when it is built and served): the app's shell.
    if (request.method === 'GET' && !request.url.startsWith('/api/') && app.hasDecorator('webShell'))
      return reply.header('cache-control', 'no-cache').sendFile('index.html');
    return sendProblem(
      reply,
      request,
      404,
      'not_found',
      `No route ${request.method} ${shortened(request.url.split('?')[0] ?? '')}`,
    );
  });
});
