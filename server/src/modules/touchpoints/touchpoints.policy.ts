import { type SQL, sql } from 'drizzle-orm';
import { touchpointReaders, touchpoints } from '../../db/schema/touchpoints.ts';
import { type Actor, hasRole, isAdministrator } from '../access/actor.ts';
import { canSee, visibleTo } from '../access/visibility.ts';

/** The where-clause every read of touch points takes: lists, timelines, counts, search, home. */
export function touchpointScope(actor: Actor): SQL | undefined {
  return visibleTo(actor, {
    visibility: touchpoints.visibility,
    unitId: touchpoints.unitId,
    isNamedReader: (userId) =>
      sql`exists (select 1 from ${touchpointReaders} r where r.touchpoint_id = ${touchpoints.id} and r.user_id = ${userId})`,
  });
}

type Recorded = { visibility: 'institution' | 'unit' | 'confidential'; unitId: string; authorId: string };

export const touchpointPolicy = {
  canRead: (actor: Actor, t: Recorded, readerIds: readonly string[]) => canSee(actor, t, readerIds),
  /** Staff log touch points for their own unit; administrators for any. */
  canRecordFor: (actor: Actor, unitId: string) =>
    hasRole(actor, 'staff') && (isAdministrator(actor) || actor.unitId === unitId),
  /** The author keeps their record; a senior manager of the unit and administrators may correct it. */
  canChange: (actor: Actor, t: Recorded) =>
    isAdministrator(actor) ||
    (hasRole(actor, 'staff') && t.authorId === actor.userId) ||
    (hasRole(actor, 'senior_manager') && actor.unitId === t.unitId),
};
