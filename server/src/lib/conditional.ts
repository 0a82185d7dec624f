import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../modules/access/actor.ts';

/**
 * Conditional reads (RFC 9110 §13.1.2): a weak ETag from the versions a read depends on, and a
 * 304 without the body when the caller already holds it. The tag also covers who asks (user,
 * role, unit scope, read-only) and what they asked (the URL), so one person's tag never matches
 * another's answer or another filter. Time-relative parts of an answer (twelve-month counts,
 * cadence due dates) are recomputed at least every hour: the hour is part of the tag.
 */
export function readTag(
  versions: readonly (number | string)[],
  actor: Actor,
  url: string,
  now = new Date(),
): string {
  const hour = Math.floor(now.getTime() / 3_600_000);
  const who = [actor.userId, actor.role, [...actor.unitScope].sort().join(','), actor.readOnly ? 'r' : 'w'];
  const digest = createHash('sha256')
    .update([...versions, hour, ...who, url].join('\n'))
    .digest('base64url')
    .slice(0, 22);
  return `W/"${digest}"`;
}

/**
 * True when If-None-Match names this tag (weak comparison, as RFC 9110 asks for GET). `*` is not
 * honoured: it would answer 304 for a record the caller never read (or that does not exist).
 */
export function isFresh(request: FastifyRequest, tag: string): boolean {
  const header = request.headers['if-none-match'];
  if (typeof header !== 'string' || header.length > 4096) return false;
  const bare = tag.replace(/^W\//, '');
  return header.split(',').some((sent) => {
    const t = sent.trim();
    return t.replace(/^W\//, '') === bare;
  });
}

/**
 * Sets the tag on a successful answer. Only answers that carried a tag can be confirmed later,
 * so a 404 never hands one out. The answer stays `no-store` (security-headers.ts): the web app
 * keeps its copies in memory and sends If-None-Match itself, so nothing lands in a disk cache.
 */
export function tagAnswer<T>(reply: FastifyReply, tag: string, body: T): T {
  reply.header('etag', tag);
  reply.header('vary', 'Cookie, Authorization');
  return body;
}

/** The 304 for a copy that is current: the tag again, no body. */
export function notModified(reply: FastifyReply, tag: string) {
  return reply.code(304).header('etag', tag).header('vary', 'Cookie, Authorization').send();
}
