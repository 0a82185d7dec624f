import { type ApprovalRule, approvalAuthorityRank } from '../../../../common/src/contracts/agreements.ts';
import type {
  AgreementKind,
  AgreementTermField,
  ApprovalAuthority,
} from '../../../../common/src/labels/agreements.ts';
import type { Actor } from '../access/actor.ts';

/** How specific a rule is: its unit counts before its kind, its kind before its field. */
const specificity = (r: ApprovalRule) => (r.unitId ? 4 : 0) + (r.kind ? 2 : 0) + (r.field ? 1 : 0);

/**
 * Who must approve a change to an agreement of `unitId` and `kind` that touches `fields`: for
 * each field, the most specific matching rule's authority; of those, the highest. Without a
 * matching rule a field needs the relationship's manager.
 */
export function authorityFor(
  rules: readonly ApprovalRule[],
  agreement: { unitId: string; kind: AgreementKind },
  fields: readonly AgreementTermField[],
): ApprovalAuthority {
  let needed: ApprovalAuthority = 'relationship_manager';
  for (const field of fields) {
    const matching = rules
      .filter(
        (r) =>
          (r.unitId === null || r.unitId === agreement.unitId) &&
          (r.kind === null || r.kind === agreement.kind) &&
          (r.field === null || r.field === field),
      )
      .sort((a, b) => specificity(b) - specificity(a));
    const authority = matching[0]?.authority ?? 'relationship_manager';
    if (approvalAuthorityRank[authority] > approvalAuthorityRank[needed]) needed = authority;
  }
  return needed;
}

/** Whether the actor holds the authority over a change to an agreement of this relationship. */
export function holdsAuthority(
  actor: Actor,
  authority: ApprovalAuthority,
  relationship: { unitId: string; managerId: string | null },
) {
  if (actor.readOnly) return false;
  const isManager = relationship.managerId !== null && relationship.managerId === actor.userId;
  if (authority === 'relationship_manager') return isManager;
  if (authority === 'unit_manager')
    return (
      isManager ||
      (actor.role === 'relationship_manager' && actor.unitId === relationship.unitId) ||
      (actor.role === 'senior_manager' && actor.unitScope.includes(relationship.unitId))
    );
  return actor.role === 'senior_manager' && actor.unitScope.includes(relationship.unitId);
}
