import type { SQL } from 'drizzle-orm';
import type { Visibility } from '../../../../common/src/labels/visibility.ts';
import { type Actor, hasRole, isAdministrator } from '../access/actor.ts';
import { activityAudience } from '../access/audience.repository.ts';

/** The where-clause every read of activities takes: lists, exports, counts. */
export const activityScope = (actor: Actor): SQL | undefined => activityAudience.scope(actor);

type Organised = {
  visibility: Visibility;
  unitId: string;
  ownerId: string;
  coOrganisers: { id: string }[];
};

export const activityPolicy = {
  canRead: (actor: Actor, a: Organised, readerIds: readonly string[]) =>
    activityAudience.canRead(actor, a, readerIds),
  /** Staff organise activities for their own unit; administrators for any. */
  canOrganiseFor: (actor: Actor, unitId: string) =>
    hasRole(actor, 'staff') && (isAdministrator(actor) || actor.unitId === unitId),
  /** The owner and co-organisers run it; a senior manager of the unit and administrators may step in. */
  canChange: (actor: Actor, a: Organised) =>
    !actor.readOnly &&
    (isAdministrator(actor) ||
      (hasRole(actor, 'staff') &&
        (a.ownerId === actor.userId || a.coOrganisers.some((o) => o.id === actor.userId))) ||
      (hasRole(actor, 'senior_manager') && actor.unitScope.includes(a.unitId))),
};
