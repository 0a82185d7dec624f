import { type SQL, type SQLWrapper, sql } from 'drizzle-orm';
import type { Actor } from './actor.ts';
import { isAdministrator } from './actor.ts';

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

/**
 * The one rule for records with visibility, as a where-clause every list, count, search,
 * export and overview query takes: `institution` records are seen by everyone signed in,
 * `unit` records by the recording unit, `confidential` records by their named readers;
 * administrators see all. Returns undefined when nothing needs hiding.
 */
export function visibleTo(actor: Actor, columns: VisibilityColumns): SQL | undefined {
  if (isAdministrator(actor)) return undefined;
  const ownUnit = actor.unitId
    ? sql`(${columns.visibility} = 'unit' and ${columns.unitId} = ${actor.unitId})`
    : sql`false`;
  return sql`(${columns.visibility} = 'institution' or ${ownUnit} or (${columns.visibility} = 'confidential' and ${columns.isNamedReader(actor.userId)}))`;
}

/** The same rule for one loaded record. */
export function canSee(
  actor: Actor,
  record: { visibility: 'institution' | 'unit' | 'confidential'; unitId: string },
  namedReaderIds: readonly string[],
): boolean {
  if (isAdministrator(actor) || record.visibility === 'institution') return true;
  if (record.visibility === 'unit') return actor.unitId === record.unitId;
  return namedReaderIds.includes(actor.userId);
}
