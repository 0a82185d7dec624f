import type { RecordAbilities } from '../../../../common/src/contracts/shared.ts';
import type { Ctx } from '../../lib/context.ts';
import type { Actor, Role } from './actor.ts';
import { hasRole, isAdministrator } from './actor.ts';

/** What the web app may offer this person; the server still checks every call. */
export function abilitiesOf(actor: Actor): Record<string, boolean> {
  const canWrite = !actor.readOnly;
  return {
    manageUnits: canWrite && isAdministrator(actor),
    managePartnerTypes: canWrite && isAdministrator(actor),
    manageUsers: canWrite && isAdministrator(actor),
    editSharedRecord: canWrite && hasRole(actor, 'staff'),
    deleteSharedRecord: canWrite && hasRole(actor, 'senior_manager'),
    manageRelationships: canWrite && hasRole(actor, 'relationship_manager'),
    raiseRequests: canWrite && hasRole(actor, 'staff'),
    seeSeniorView: hasRole(actor, 'senior_manager'),
    manageServiceLevels: canWrite && isAdministrator(actor),
    manageBranding: canWrite && isAdministrator(actor),
    /** The purposes contacts consent to be contacted for. */
    managePurposes: canWrite && isAdministrator(actor),
    /** The duplicate finder (staff); merging, unmerging and dismissing pairs (administrators, as data stewards). */
    findDuplicates: hasRole(actor, 'staff'),
    mergeRecords: canWrite && isAdministrator(actor),
  };
}

/**
 * A record's abilities when its policy is its routes' role levels alone (partners, contacts,
 * units …): the standard resource routes pass their levels in.
 */
export function byRole(
  ctx: Ctx,
  levels: { update: Role; delete?: Role; removable: boolean },
): RecordAbilities {
  const canWrite = !ctx.actor.readOnly;
  return {
    update: canWrite && hasRole(ctx.actor, levels.update),
    delete: canWrite && levels.removable && hasRole(ctx.actor, levels.delete ?? 'administrator'),
  };
}
