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
export function expectedVersion(request: FastifyRequest): number {
  const header = request.headers['if-match'];
  if (!header) {
    throw new AppError('precondition_required', 'Send the If-Match header with the ETag you read');
  }
  const match = /^(?:W\/)?"v(\d+)"$/.exec(header.trim());
  if (!match) {
    throw new AppError('precondition_failed', 'If-Match does not name a version of this record');
  }
  return Number(match[1]);
}
