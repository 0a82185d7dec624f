import type { Actor } from './actor.ts';
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
  };
}
