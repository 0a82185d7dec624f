import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors.ts';

/** ETag of a versioned record. */
export const etagOf = (record: { version: number }) => `"v${record.version}"`;

export function setEtag(reply: FastifyReply, record: { version: number }): void {
  reply.header('etag', etagOf(record));
}

/**
 * The version an update expects, from If-Match. Updates must carry it: a write without it is
 * refused with 428, a stale one later with 412.
 */
const MAX_VERSION = 2 ** 31 - 1;

export function expectedVersion(request: FastifyRequest): number {
  const header = request.headers['if-match'];
  if (!header) {
    throw new AppError('precondition_required', 'Send the If-Match header with the ETag you read');
  }
  const match = /^(?:W\/)?"v(\d{1,10})"$/.exec(header.trim());
  const version = match ? Number(match[1]) : Number.NaN;
  // Versions are PostgreSQL integers: one above 2^31 - 1 names no version (and would fail the query).
  if (!(version <= MAX_VERSION)) {
    throw new AppError('precondition_failed', 'If-Match does not name a version of this record', {
      errors: [{ field: 'If-Match', message: 'must be the ETag of a version of this record, such as "v3"' }],
    });
  }
  return version;
}
