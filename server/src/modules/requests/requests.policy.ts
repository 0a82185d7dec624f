import { type SQL, sql } from 'drizzle-orm';
import { requestReaders, requests } from '../../db/schema/requests.ts';
import { type Actor, hasRole, isAdministrator } from '../access/actor.ts';
import { canSee, visibleTo } from '../access/visibility.ts';

const namedReader = (userId: string) =>
  sql`exists (select 1 from ${requestReaders} rr where rr.request_id = ${requests.id} and rr.user_id = ${userId})`;

/**
 * The where-clause every read of requests takes (lists, board counts, search, senior view):
 * the shared visibility rule, plus the request's named readers, who always see it. Owners,
 * creators and the people an escalation names are made readers, so they never lose sight of it.
 */
export function requestScope(actor: Actor): SQL | undefined {
  const shared = visibleTo(actor, {
    visibility: requests.visibility,
    unitId: requests.unitId,
    isNamedReader: namedReader,
  });
  return shared ? sql`(${shared} or ${namedReader(actor.userId)})` : undefined;
}

type Held = {
  visibility: 'institution' | 'unit' | 'confidential';
  unitId: string;
  ownerId: string | null;
  createdById: string;
};

export const requestPolicy = {
  canRead: (actor: Actor, r: Held, readerIds: readonly string[]) =>
    canSee(actor, r, readerIds) || readerIds.includes(actor.userId),
  /** Staff raise requests for their own unit; administrators for any. */
  canRaiseFor: (actor: Actor, unitId: string) =>
    hasRole(actor, 'staff') && (isAdministrator(actor) || actor.unitId === unitId),
  /**
   * Working a request (status, fields, escalation): its owner and creator, staff of its unit,
   * a senior manager it was escalated to (a named reader), and administrators.
   */
  canWork: (actor: Actor, r: Held, readerIds: readonly string[]) =>
    isAdministrator(actor) ||
    (hasRole(actor, 'staff') &&
      (r.ownerId === actor.userId || r.createdById === actor.userId || r.unitId === actor.unitId)) ||
    (hasRole(actor, 'senior_manager') && readerIds.includes(actor.userId)),
  /** Anyone who can see it and write may comment. */
  canComment: (actor: Actor) => hasRole(actor, 'staff'),
};
