import { type SQL, type SQLWrapper, sql } from 'drizzle-orm';
import type { Actor } from './actor.ts';
import { isAdministrator } from './actor.ts';

export type Visibility = 'institution' | 'unit' | 'confidential';

/**
 * The columns a record with visibility carries: its visibility, the unit that recorded it,
 * and a correlated "is this user named" condition over its readers table.
 */
export type VisibilityColumns = {
  visibility: SQLWrapper;
  unitId: SQLWrapper;
  /** SQL that is true when `userId` is a named reader of the row in scope. */
  isNamedReader: (userId: string) => SQL;
};

/** "The record's unit is one whose unit records the actor reads" (one unit: a plain equality). */
function inUnitScope(actor: Actor, unitId: SQLWrapper): SQL {
  const scope = actor.unitScope;
  if (scope.length === 0) return sql`false`;
  if (scope.length === 1) return sql`${unitId} = ${scope[0]}`;
  return sql`${unitId} in (${sql.join(
    scope.map((u) => sql`${u}`),
    sql`, `,
  )})`;
}

/**
 * The one rule for records with visibility, as a where-clause every list, count, search,
 * export and overview query takes: `institution` records are seen by everyone signed in,
 * `unit` records by the recording unit and the senior managers of every unit above it,
 * `confidential` records by their named readers; administrators see all. Returns undefined
 * when nothing needs hiding.
 */
export function visibleTo(actor: Actor, columns: VisibilityColumns): SQL | undefined {
  if (isAdministrator(actor)) return undefined;
  return sql`(${columns.visibility} = 'institution' or (${columns.visibility} = 'unit' and ${inUnitScope(actor, columns.unitId)}) or (${columns.visibility} = 'confidential' and ${columns.isNamedReader(actor.userId)}))`;
}

/** The same rule for one loaded record. */
export function canSee(
  actor: Actor,
  record: { visibility: Visibility; unitId: string },
  namedReaderIds: readonly string[],
): boolean {
  if (isAdministrator(actor) || record.visibility === 'institution') return true;
  if (record.visibility === 'unit') return actor.unitScope.includes(record.unitId);
  return namedReaderIds.includes(actor.userId);
}
