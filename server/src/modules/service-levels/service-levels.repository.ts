import { and, asc, eq, gte, lt, sql } from 'drizzle-orm';
import type { UpdateServiceLevel } from '../../../../common/src/contracts/service-levels.ts';
import type { RequestKind, RequestPriority } from '../../../../common/src/labels/requests.ts';
import type { Executor } from '../../db/client.ts';
import { requestKinds, requestPriorities, serviceLevels } from '../../db/schema/requests.ts';
import { holidays, settings } from '../../db/schema/settings.ts';

export type ServiceLevelRow = typeof serviceLevels.$inferSelect;

const kindOrder = sql.raw(`array_position(array[${requestKinds.map((k) => `'${k}'`).join(',')}], kind)`);
const priorityOrder = sql.raw(
  `array_position(array[${requestPriorities.map((p) => `'${p}'`).join(',')}], priority) desc`,
);

/** Every service level, by kind and then most urgent first. */
export async function listServiceLevelRows(db: Executor): Promise<ServiceLevelRow[]> {
  return db.select().from(serviceLevels).orderBy(kindOrder, priorityOrder);
}

/** Every service level, in no particular order (the target settings look them up by pair). */
export async function allServiceLevels(db: Executor): Promise<ServiceLevelRow[]> {
  return db.select().from(serviceLevels);
}

/** The targets for a kind and priority. */
export async function findServiceLevel(db: Executor, kind: RequestKind, priority: RequestPriority) {
  const [row] = await db
    .select()
    .from(serviceLevels)
    .where(and(eq(serviceLevels.kind, kind), eq(serviceLevels.priority, priority)));
  return row ?? null;
}

/** A service level, locked for the rest of the transaction. */
export async function lockServiceLevel(tx: Executor, id: string) {
  const [row] = await tx.select().from(serviceLevels).where(eq(serviceLevels.id, id)).for('update');
  return row ?? null;
}

/** Updates a service level at this version; null when the version has moved on. */
export async function updateServiceLevel(
  tx: Executor,
  id: string,
  version: number,
  input: UpdateServiceLevel,
) {
  const [row] = await tx
    .update(serviceLevels)
    .set({ ...input, version: sql`${serviceLevels.version} + 1`, updatedAt: new Date() })
    .where(and(eq(serviceLevels.id, id), eq(serviceLevels.version, version)))
    .returning();
  return row ?? null;
}

export async function readSetting(db: Executor, key: string) {
  const [row] = await db.select().from(settings).where(eq(settings.key, key));
  return row ?? null;
}

/** Writes a setting, creating it the first time. */
export async function upsertSetting(tx: Executor, key: string, value: unknown) {
  await tx
    .insert(settings)
    .values({ key, value })
    .onConflictDoUpdate({
      target: settings.key,
      set: { value, version: sql`${settings.version} + 1`, updatedAt: new Date() },
    });
}

/** Every closed day, as `YYYY-MM-DD`. */
export async function holidayDays(db: Executor): Promise<string[]> {
  return (await db.select({ day: holidays.day }).from(holidays)).map((h) => h.day);
}

/** The holidays of a year (or all of them), in date order. */
export async function listHolidayRows(db: Executor, year?: number) {
  const where = year
    ? and(gte(holidays.day, `${year}-01-01`), lt(holidays.day, `${year + 1}-01-01`))
    : undefined;
  return db.select().from(holidays).where(where).orderBy(asc(holidays.day));
}

/** Adds a holiday; null when the day is one already. */
export async function insertHoliday(db: Executor, input: { day: string; name: string }) {
  const [row] = await db.insert(holidays).values(input).onConflictDoNothing().returning();
  return row ?? null;
}

/** Removes a holiday; null when the day was not one. */
export async function deleteHoliday(db: Executor, day: string) {
  const [row] = await db.delete(holidays).where(eq(holidays.day, day)).returning();
  return row ?? null;
}
