import type { Role } from '../../../../common/src/labels/users.ts';

/** A rule with its unit resolved to an id (null: the rule gives no unit, or its unit is gone). */
export type ResolvedRule = { claim: string; value: string; role: Role | null; unitId: string | null };

const same = (a: string, b: string) =>
  a.trim().toLocaleLowerCase('en-GB') === b.trim().toLocaleLowerCase('en-GB');

/** Whether the claim has the value: equal to it (case aside), or, for a list claim, holding it. */
export function claimMatches(claims: Record<string, unknown>, claim: string, value: string): boolean {
  const found = claims[claim];
  const values = Array.isArray(found) ? found : [found];
  return values.some(
    (v) =>
      (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') && same(String(v), value),
  );
}

/**
 * The role and unit a new account gets: the first matching rule that gives a role gives it, the
 * first matching rule that gives a unit gives that; otherwise the provider's defaults.
 */
export function mapAccount(
  claims: Record<string, unknown>,
  rules: readonly ResolvedRule[],
  defaults: { role: Role; unitId: string | null },
): { role: Role; unitId: string | null } {
  const matching = rules.filter((rule) => claimMatches(claims, rule.claim, rule.value));
  return {
    role: matching.find((rule) => rule.role !== null)?.role ?? defaults.role,
    unitId: matching.find((rule) => rule.unitId !== null)?.unitId ?? defaults.unitId,
  };
}
