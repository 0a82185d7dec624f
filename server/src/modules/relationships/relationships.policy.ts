import { type Actor, hasRole, isAdministrator } from '../access/actor.ts';

type Managed = { unitId: string; managerId: string | null; deputyIds: readonly string[] };

/**
 * Relationship managers and senior managers look after their own unit's relationships (and
 * those they manage or deputise on); administrators look after all of them.
 */
export const relationshipPolicy = {
  canCreateFor(actor: Actor, unitId: string): boolean {
    if (isAdministrator(actor)) return true;
    return hasRole(actor, 'relationship_manager') && actor.unitId === unitId;
  },
  canUpdate(actor: Actor, r: Managed): boolean {
    if (isAdministrator(actor)) return true;
    if (!hasRole(actor, 'relationship_manager')) return false;
    return actor.unitId === r.unitId || r.managerId === actor.userId || r.deputyIds.includes(actor.userId);
  },
  /** Staff of the relationship's unit, its manager and deputies, and administrators may escalate it. */
  canEscalate(actor: Actor, r: Managed): boolean {
    if (isAdministrator(actor)) return true;
    const mine = r.managerId === actor.userId || r.deputyIds.includes(actor.userId);
    return hasRole(actor, 'staff') && (mine || r.unitId === actor.unitId);
  },
  canDelete(actor: Actor, r: Managed): boolean {
    if (isAdministrator(actor)) return true;
    return hasRole(actor, 'senior_manager') && actor.unitId === r.unitId;
  },
};
