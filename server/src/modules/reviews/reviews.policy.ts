import type { Actor } from '../access/actor.ts';
import { relationshipPolicy } from '../relationships/relationships.policy.ts';

type Managed = { unitId: string; managerId: string | null; deputyIds: readonly string[] };

/**
 * Who may do what with a relationship's reviews. Everyone who may see the relationship sees its
 * reviews (the agenda counts only what each reader may see); those who look after the
 * relationship schedule them, record the minutes and agree the actions.
 */
export const reviewPolicy = {
  canManage: (actor: Actor, r: Managed) => !actor.readOnly && relationshipPolicy.canUpdate(actor, r),
};
