import type { SavedViewSharing } from '../../../../common/src/lists/catalogue.ts';
import { type Actor, hasRole, isAdministrator } from '../access/actor.ts';

/**
 * Anyone may keep personal views; staff and above share them with a unit or the institution.
 * Only the owner or an administrator changes or removes one. Who reads which view is the
 * repository's `visibleViews` scope: your own, your unit's, the institution's.
 */
export const savedViewPolicy = {
  canShare: (actor: Actor, sharing: SavedViewSharing) => sharing === 'personal' || hasRole(actor, 'staff'),
  canChange: (actor: Actor, view: { ownerId: string }) =>
    view.ownerId === actor.userId || isAdministrator(actor),
  /** A unit view goes to your own unit; administrators may share with any unit. */
  canShareWithUnit: (actor: Actor, unitId: string) => unitId === actor.unitId || isAdministrator(actor),
};
