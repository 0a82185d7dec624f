import type { ApprovalAuthority } from '../../../../common/src/labels/agreements.ts';
import { type Actor, hasRole } from '../access/actor.ts';
import { relationshipPolicy } from '../relationships/relationships.policy.ts';
import { holdsAuthority } from './approval-rules.ts';

type Governed = { unitId: string; managerId: string | null; deputyIds: readonly string[] };
type Held = { ownerId: string };

/**
 * Who may do what with an agreement. Those who look after its relationship (and its owner) draft
 * it, bring it into force, end it and propose changes; the relationship's manager approves a
 * change for the university, or whoever the approval rules ask for; the partner's answer is recorded by those who look after it.
 */
export const agreementPolicy = {
  canCreateOn: (actor: Actor, r: Governed) => !actor.readOnly && relationshipPolicy.canUpdate(actor, r),
  canManage: (actor: Actor, r: Governed, a: Held) =>
    !actor.readOnly &&
    (relationshipPolicy.canUpdate(actor, r) || (hasRole(actor, 'staff') && a.ownerId === actor.userId)),
  /** By the authority the approval rules asked of the change (the relationship's manager by default). */
  canDecideForUniversity: (actor: Actor, r: Governed, authority: ApprovalAuthority) =>
    holdsAuthority(actor, authority, r),
};
