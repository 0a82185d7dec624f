import type { Actor } from '../access/actor.ts';
import { relationshipPolicy } from '../relationships/relationships.policy.ts';

type Managed = { unitId: string; managerId: string | null; deputyIds: readonly string[] };

/**
 * Maturity assessments: everyone signed in reads a relationship's assessments (as they read the
 * relationship and its health); those who look after the relationship (its unit's relationship
 * managers, its manager and deputies, administrators) assess it and ask the partner's side.
 */
export const assessmentPolicy = {
  canAssess(actor: Actor, r: Managed): boolean {
    return !actor.readOnly && relationshipPolicy.canUpdate(actor, r);
  },
};
