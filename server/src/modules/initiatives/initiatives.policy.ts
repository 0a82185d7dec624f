import type { SQL } from 'drizzle-orm';
import { type Actor, hasRole, isAdministrator } from '../access/actor.ts';

type Owned = { unitId: string; ownerId: string };

/**
 * Initiatives are the university's own projects, shared so that every unit can see who was
 * involved and what was done: every signed-in member of staff reads them. What would be
 * confidential is the input's source, which each reader sees only if its own rule lets them.
 */
export const initiativeScope = (_actor: Actor): SQL | undefined => undefined;

export const initiativePolicy = {
  /** Staff start initiatives for their own unit; administrators for any. */
  canCreateFor: (actor: Actor, unitId: string) =>
    !actor.readOnly && hasRole(actor, 'staff') && (isAdministrator(actor) || actor.unitId === unitId),
  /** The owner and staff of the owning unit run it; a senior manager above the unit and administrators too. */
  canChange: (actor: Actor, i: Owned) =>
    !actor.readOnly &&
    (isAdministrator(actor) ||
      (hasRole(actor, 'staff') && (i.ownerId === actor.userId || actor.unitId === i.unitId)) ||
      (hasRole(actor, 'senior_manager') && actor.unitScope.includes(i.unitId))),
};
