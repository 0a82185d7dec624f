import { and, eq, getTableColumns, gte, inArray, isNull, lt, or, type SQL, sql } from 'drizzle-orm';
import { activityList } from '../../../../common/src/lists/activities.ts';
import type { FilterValues } from '../../../../common/src/lists/define.ts';
import type { Executor } from '../../db/client.ts';
import { recordStore } from '../../db/records.ts';
import {
  activities,
  activityInvitations,
  activityOrganisers,
  activityReaders,
  activityTargets,
} from '../../db/schema/activities.ts';
import { contacts } from '../../db/schema/contacts.ts';
import { partnerTypes } from '../../db/schema/partner-types.ts';
import { partners } from '../../db/schema/partners.ts';
import { units } from '../../db/schema/units.ts';
import { users } from '../../db/schema/users.ts';
import { allOf } from '../../lib/all-of.ts';
import { bindList } from '../../lib/lists/list.ts';
import { sortOptions, toPage } from '../../lib/pagination.ts';
import { localOf } from './recurrence.ts';

const columns = { ...getTableColumns(activities), unitName: units.name, ownerName: users.name };

export type ActivityRow = Awaited<ReturnType<typeof findActivity>> & {};
export type ActivityFilter = FilterValues<typeof activityList>;

function selectActivities(db: Executor) {
  return db
    .select(columns)
    .from(activities)
    .innerJoin(units, eq(units.id, activities.unitId))
    .innerJoin(users, eq(users.id, activities.ownerId));
}

/** The activity list's filters and sorts as SQL (declared in common/src/lists/activities.ts). */
export const activityListing = bindList(activityList, {
  where: {
    q: (q) => sql`position(${q.toLowerCase()} in lower(${activities.title})) > 0`,
    // A series with no end stays upcoming; otherwise "upcoming" is "has not ended yet".
    when: (when) =>
      when === 'upcoming'
        ? or(gte(activities.endsAt, sql`now()`), sql`${activities.recurrence} is not null`)
        : and(lt(activities.endsAt, sql`now()`), isNull(activities.recurrence)),
    kind: (kind) => eq(activities.kind, kind),
    unitId: (id) => eq(activities.unitId, id),
  },
  sorts: sortOptions(
    { starts: [activities.startsAt, 'startsAt'], created: [activities.createdAt, 'createdAt'] },
    activities.id,
  ),
});

/** A page of activities; `scope` is the visibility rule (access/audience.repository.ts). */
export async function listActivities(
  db: Executor,
  filter: ActivityFilter,
  scope: SQL | undefined,
  page: { limit: number; cursor?: string; sort: string },
) {
  const { after, orderBy, spec } = activityListing.page(page.sort, page.cursor);
  const rows = await selectActivities(db)
    .where(and(scope, activityListing.where(filter), after))
    .orderBy(...orderBy)
    .limit(page.limit + 1);
  return toPage(rows, page.limit, spec);
}

export async function findActivity(db: Executor, id: string) {
  const [row] = await selectActivities(db).where(eq(activities.id, id));
  return row ?? null;
}

/** Locks the activity row until the transaction ends: registrations for one activity queue here. */
export async function lockActivity(tx: Executor, id: string) {
  const [row] = await tx.select().from(activities).where(eq(activities.id, id)).for('update');
  return row ?? null;
}

type Named = { id: string; name: string };
const group = <T extends { activityId: string }>(rows: T[]) => {
  const by = new Map<string, T[]>();
  for (const row of rows) by.set(row.activityId, [...(by.get(row.activityId) ?? []), row]);
  return (id: string) => by.get(id) ?? [];
};
const named = (rows: { id: string | null; name: string | null }[]): Named[] =>
  rows.filter((r): r is Named => r.id !== null && r.name !== null).map(({ id, name }) => ({ id, name }));

/**
 * The public form of activities: their people, audience and counts in five queries for the
 * whole page (one per related table), not five per activity.
 */
export async function presentActivities(db: Executor, rows: ActivityRow[]) {
  const ids = rows.map((r) => r.id);
  if (ids.length === 0) return [];
  const [organisers, readers, targets, counts] = await allOf(db, [
    () =>
      db
        .select({ activityId: activityOrganisers.activityId, id: users.id, name: users.name })
        .from(activityOrganisers)
        .innerJoin(users, eq(users.id, activityOrganisers.userId))
        .where(inArray(activityOrganisers.activityId, ids))
        .orderBy(users.name),
    () =>
      db
        .select({ activityId: activityReaders.activityId, id: users.id, name: users.name })
        .from(activityReaders)
        .innerJoin(users, eq(users.id, activityReaders.userId))
        .where(inArray(activityReaders.activityId, ids))
        .orderBy(users.name),
    () =>
      db
        .select({
          activityId: activityTargets.activityId,
          partnerTypeId: partnerTypes.id,
          partnerTypeName: partnerTypes.name,
          partnerId: partners.id,
          partnerName: partners.name,
          contactId: contacts.id,
          contactName: contacts.name,
        })
        .from(activityTargets)
        .leftJoin(partnerTypes, eq(partnerTypes.id, activityTargets.partnerTypeId))
        .leftJoin(partners, eq(partners.id, activityTargets.partnerId))
        .leftJoin(contacts, eq(contacts.id, activityTargets.contactId))
        .where(inArray(activityTargets.activityId, ids)),
    () =>
      db
        .select({
          activityId: activityInvitations.activityId,
          status: activityInvitations.status,
          invited: sql<number>`count(*) filter (where ${activityInvitations.invitedAt} is not null)::int`,
          n: sql<number>`count(*)::int`,
        })
        .from(activityInvitations)
        .where(inArray(activityInvitations.activityId, ids))
        .groupBy(activityInvitations.activityId, activityInvitations.status),
  ]);
  const organisersOf = group(organisers);
  const readersOf = group(readers);
  const targetsOf = group(targets);
  const countsOf = group(counts);
  return rows.map((row) => {
    const mine = targetsOf(row.id);
    const tally = countsOf(row.id);
    const count = (status: string) => tally.find((c) => c.status === status)?.n ?? 0;
    return {
      id: row.id,
      version: row.version,
      createdAt: row.createdAt.toISOString(),
      updatedAt: row.updatedAt.toISOString(),
      kind: row.kind,
      title: row.title,
      description: row.description,
      unitId: row.unitId,
      unitName: row.unitName,
      ownerId: row.ownerId,
      ownerName: row.ownerName,
      coOrganisers: named(organisersOf(row.id)),
      startsAt: row.startsAt.toISOString(),
      endsAt: row.endsAt.toISOString(),
      localStart: localOf(row.startsAt, row.timeZone),
      localEnd: localOf(row.endsAt, row.timeZone),
      timeZone: row.timeZone,
      format: row.format,
      location: row.location,
      onlineUrl: row.onlineUrl,
      capacity: row.capacity,
      visibility: row.visibility,
      readers: named(readersOf(row.id)),
      recurrence: row.recurrence,
      exceptionDates: row.exceptionDates,
      audience: {
        partnerTypes: named(mine.map((t) => ({ id: t.partnerTypeId, name: t.partnerTypeName }))),
        partners: named(mine.map((t) => ({ id: t.partnerId, name: t.partnerName }))),
        contacts: named(mine.map((t) => ({ id: t.contactId, name: t.contactName }))),
      },
      counts: {
        invited: tally.reduce((sum, c) => sum + c.invited, 0),
        registered: count('registered'),
        waiting: count('waiting'),
        declined: count('declined'),
      },
    };
  });
}

export type PresentedActivity = Awaited<ReturnType<typeof presentActivities>>[number];

/** Makes exactly these people the co-organisers. */
export async function replaceOrganisers(tx: Executor, activityId: string, userIds: readonly string[]) {
  await tx.delete(activityOrganisers).where(eq(activityOrganisers.activityId, activityId));
  const unique = [...new Set(userIds)];
  if (unique.length)
    await tx.insert(activityOrganisers).values(unique.map((userId) => ({ activityId, userId })));
}

/** Makes exactly these partner types, partners and contacts the activity's audience. */
export async function replaceTargets(
  tx: Executor,
  activityId: string,
  audience: { partnerTypeIds: string[]; partnerIds: string[]; contactIds: string[] },
) {
  await tx.delete(activityTargets).where(eq(activityTargets.activityId, activityId));
  const values = [
    ...[...new Set(audience.partnerTypeIds)].map((partnerTypeId) => ({ activityId, partnerTypeId })),
    ...[...new Set(audience.partnerIds)].map((partnerId) => ({ activityId, partnerId })),
    ...[...new Set(audience.contactIds)].map((contactId) => ({ activityId, contactId })),
  ];
  if (values.length) await tx.insert(activityTargets).values(values);
}

/** Which of these ids exist (active users; partner types; partners; contacts), one query each. */
export async function existingReferences(
  db: Executor,
  refs: {
    userIds: string[];
    partnerTypeIds: string[];
    partnerIds: string[];
    contactIds: string[];
    unitIds: string[];
  },
) {
  const ids = async (
    table: 'users' | 'partnerTypes' | 'partners' | 'contacts' | 'units',
    wanted: string[],
  ) => {
    if (wanted.length === 0) return new Set<string>();
    const unique = [...new Set(wanted)];
    const rows =
      table === 'users'
        ? await db
            .select({ id: users.id })
            .from(users)
            .where(and(inArray(users.id, unique), isNull(users.deactivatedAt)))
        : table === 'partnerTypes'
          ? await db
              .select({ id: partnerTypes.id })
              .from(partnerTypes)
              .where(inArray(partnerTypes.id, unique))
          : table === 'partners'
            ? await db.select({ id: partners.id }).from(partners).where(inArray(partners.id, unique))
            : table === 'contacts'
              ? await db.select({ id: contacts.id }).from(contacts).where(inArray(contacts.id, unique))
              : await db.select({ id: units.id }).from(units).where(inArray(units.id, unique));
    return new Set(rows.map((r) => r.id));
  };
  const [u, pt, p, c, un] = await allOf(db, [
    () => ids('users', refs.userIds),
    () => ids('partnerTypes', refs.partnerTypeIds),
    () => ids('partners', refs.partnerIds),
    () => ids('contacts', refs.contactIds),
    () => ids('units', refs.unitIds),
  ]);
  return { users: u, partnerTypes: pt, partners: p, contacts: c, units: un };
}

/** Activities' one write path. */
export const activityStore = recordStore({
  entity: 'activity',
  noun: 'activity',
  table: activities,
  fixed: ['unitId'],
  present: async (db, rows) => {
    const found = await allOf(
      db,
      rows.map((row) => () => findActivity(db, row.id)),
    );
    return presentActivities(
      db,
      found.filter((r): r is ActivityRow => r !== null),
    );
  },
});
