import type { SQL } from 'drizzle-orm';
import { type Actor, hasRole, isAdministrator } from '../access/actor.ts';
import { requestAudience } from '../access/audience.repository.ts';

/**
 * The where-clause every read of requests takes (lists, board counts, search, senior view):
 * the shared visibility rule, plus the request's named readers, who always see it. Owners,
 * creators and the people an escalation names are made readers, so they never lose sight of it.
 */
export const requestScope = (actor: Actor): SQL | undefined => requestAudience.scope(actor);

type Held = {
  visibility: 'institution' | 'unit' | 'confidential';
  unitId: string;
  ownerId: string | null;
  createdById: string;
};

export const requestPolicy = {
  canRead: (actor: Actor, r: Held, readerIds: readonly string[]) =>
    requestAudience.canRead(actor, r, readerIds),
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
