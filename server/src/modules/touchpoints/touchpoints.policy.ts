import type { SQL } from 'drizzle-orm';
import { type Actor, hasRole, isAdministrator } from '../access/actor.ts';
import { touchpointAudience, touchpointPartnerScope } from '../access/audience.repository.ts';

/** The where-clause every read of touch points takes: lists, timelines, counts, search, home. */
export const touchpointScope = (actor: Actor): SQL | undefined => touchpointAudience.scope(actor);

/** Both forms of the rule: over touch points, and over a partner's rows of touchpoint_partners. */
export const touchpointScopes = (actor: Actor) => ({
  touchpoints: touchpointScope(actor),
  partnerRows: touchpointPartnerScope(actor),
});
export type TouchpointScopes = ReturnType<typeof touchpointScopes>;

type Recorded = { visibility: 'institution' | 'unit' | 'confidential'; unitId: string; authorId: string };

export const touchpointPolicy = {
  canRead: (actor: Actor, t: Recorded, readerIds: readonly string[]) =>
    touchpointAudience.canRead(actor, t, readerIds),
  /** Staff log touch points for their own unit; administrators for any. */
  canRecordFor: (actor: Actor, unitId: string) =>
    hasRole(actor, 'staff') && (isAdministrator(actor) || actor.unitId === unitId),
  /** The author keeps their record; a senior manager of the unit and administrators may correct it. */
  canChange: (actor: Actor, t: Recorded) =>
    isAdministrator(actor) ||
    (hasRole(actor, 'staff') && t.authorId === actor.userId) ||
    (hasRole(actor, 'senior_manager') && actor.unitScope.includes(t.unitId)),
};
