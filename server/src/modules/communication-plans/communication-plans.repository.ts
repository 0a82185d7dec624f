import { and, asc, eq, inArray, isNull, type SQL, sql } from 'drizzle-orm';
import { type Executor, queryRows } from '../../db/client.ts';
import { type Row, recordStore } from '../../db/records.ts';
import { affiliations } from '../../db/schema/affiliations.ts';
import {
  communicationLevels,
  communicationPlanItemLevels,
  communicationPlanItems,
  peerPairs,
} from '../../db/schema/communication-plans.ts';
import { contacts } from '../../db/schema/contacts.ts';
import { partnerTypes } from '../../db/schema/partner-types.ts';
import { partners } from '../../db/schema/partners.ts';
import { relationshipDeputies, relationships } from '../../db/schema/relationships.ts';
import {
  touchpointContacts,
  touchpointPartners,
  touchpointStaff,
  touchpoints,
} from '../../db/schema/touchpoints.ts';
import { units } from '../../db/schema/units.ts';
import { users } from '../../db/schema/users.ts';
import { allOf } from '../../lib/all-of.ts';

const iso = (d: Date) => d.toISOString();

export const presentLevels = (rows: Row<typeof communicationLevels>[]) =>
  rows.map((r) => ({
    id: r.id,
    version: r.version,
    name: r.name,
    rank: r.rank,
    createdAt: iso(r.createdAt),
    updatedAt: iso(r.updatedAt),
  }));

export const levelStore = recordStore({
  entity: 'communication_level',
  noun: 'communication level',
  table: communicationLevels,
  fixed: [],
  defaulted: ['rank'],
  present: (_db, rows: Row<typeof communicationLevels>[]) => presentLevels(rows),
});

export const listLevels = (db: Executor) =>
  db.select().from(communicationLevels).orderBy(asc(communicationLevels.rank), asc(communicationLevels.name));

export async function levelsExist(db: Executor, ids: readonly string[]) {
  if (ids.length === 0) return [];
  const rows = await db
    .select({ id: communicationLevels.id })
    .from(communicationLevels)
    .where(inArray(communicationLevels.id, [...ids]));
  return rows.map((r) => r.id);
}

/** Plan items with their owner's name and their levels, in two queries however many. */
async function presentItems(db: Executor, rows: Row<typeof communicationPlanItems>[]) {
  if (rows.length === 0) return [];
  const ownerIds = [...new Set(rows.map((r) => r.ownerId).filter((id): id is string => !!id))];
  const [owners, levels] = await allOf(db, [
    () =>
      ownerIds.length
        ? db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, ownerIds))
        : Promise.resolve([]),
    () =>
      db
        .select({
          itemId: communicationPlanItemLevels.itemId,
          id: communicationLevels.id,
          name: communicationLevels.name,
        })
        .from(communicationPlanItemLevels)
        .innerJoin(communicationLevels, eq(communicationLevels.id, communicationPlanItemLevels.levelId))
        .where(
          inArray(
            communicationPlanItemLevels.itemId,
            rows.map((r) => r.id),
          ),
        )
        .orderBy(asc(communicationLevels.rank)),
  ]);
  const ownerById = new Map(owners.map((o) => [o.id, o]));
  return rows.map((r) => ({
    id: r.id,
    version: r.version,
    partnerTypeId: r.partnerTypeId,
    relationshipId: r.relationshipId,
    replacesItemId: r.replacesItemId,
    purpose: r.purpose,
    channel: r.channel,
    direction: r.direction,
    frequencyDays: r.frequencyDays,
    owner: r.ownerId ? (ownerById.get(r.ownerId) ?? null) : null,
    levels: levels.filter((l) => l.itemId === r.id).map(({ id, name }) => ({ id, name })),
    createdAt: iso(r.createdAt),
    updatedAt: iso(r.updatedAt),
  }));
}

export const planItemStore = recordStore({
  entity: 'communication_plan_item',
  noun: 'plan item',
  table: communicationPlanItems,
  fixed: ['partnerTypeId', 'relationshipId', 'replacesItemId'],
  present: presentItems,
});
export type PresentedPlanItem = Awaited<ReturnType<typeof presentItems>>[number];

/** Makes exactly these the item's levels (inside the item's write). */
export async function setItemLevels(tx: Executor, itemId: string, levelIds: readonly string[]) {
  await tx.delete(communicationPlanItemLevels).where(eq(communicationPlanItemLevels.itemId, itemId));
  const unique = [...new Set(levelIds)];
  if (unique.length)
    await tx.insert(communicationPlanItemLevels).values(unique.map((levelId) => ({ itemId, levelId })));
}

/** The partner type's defaults and the relationships' own items, oldest first. */
export async function itemsOf(
  db: Executor,
  owner: { partnerTypeIds?: string[]; relationshipIds?: string[] },
) {
  const clauses: SQL[] = [];
  if (owner.partnerTypeIds?.length)
    clauses.push(inArray(communicationPlanItems.partnerTypeId, owner.partnerTypeIds));
  if (owner.relationshipIds?.length)
    clauses.push(inArray(communicationPlanItems.relationshipId, owner.relationshipIds));
  if (clauses.length === 0) return [];
  const rows = await db
    .select()
    .from(communicationPlanItems)
    .where(sql.join(clauses, sql` or `))
    .orderBy(asc(communicationPlanItems.id));
  return presentItems(db, rows);
}

/** What plans need of a relationship: who provides it, to whom, who manages it. */
export async function relationshipFacts(db: Executor, ids: readonly string[]) {
  if (ids.length === 0) return [];
  const rows = await db
    .select({
      id: relationships.id,
      unitId: relationships.unitId,
      unitName: units.name,
      partnerId: relationships.partnerId,
      partnerName: partners.name,
      partnerTypeId: partners.typeId,
      managerId: relationships.managerId,
      managerName: users.name,
      startDate: relationships.startDate,
      createdAt: relationships.createdAt,
      deputyIds: sql<
        string[]
      >`coalesce((select array_agg(${relationshipDeputies.userId}) from ${relationshipDeputies} where ${relationshipDeputies.relationshipId} = ${relationships.id}), '{}')`,
    })
    .from(relationships)
    .innerJoin(partners, eq(partners.id, relationships.partnerId))
    .innerJoin(units, eq(units.id, relationships.unitId))
    .leftJoin(users, eq(users.id, relationships.managerId))
    .where(inArray(relationships.id, [...ids]))
    .orderBy(asc(partners.name), asc(relationships.id));
  return rows;
}
export type RelationshipFacts = Awaited<ReturnType<typeof relationshipFacts>>[number];

/** Active relationships of a unit, or those I manage or deputise on, at most `limit`. */
export async function relationshipIdsFor(
  db: Executor,
  who: { unitId?: string; userId?: string },
  limit: number,
) {
  const where = who.unitId
    ? eq(relationships.unitId, who.unitId)
    : sql`(${relationships.managerId} = ${who.userId} or exists (select 1 from ${relationshipDeputies} where ${relationshipDeputies.relationshipId} = ${relationships.id} and ${relationshipDeputies.userId} = ${who.userId}))`;
  const rows = await db
    .select({ id: relationships.id })
    .from(relationships)
    .where(and(where, eq(relationships.status, 'active')))
    .orderBy(asc(relationships.id))
    .limit(limit);
  return rows.map((r) => r.id);
}

/** Whether a contact is (or was) affiliated to the partner. */
export async function contactOfPartner(db: Executor, contactId: string, partnerId: string) {
  const [row] = await db
    .select({ id: affiliations.id })
    .from(affiliations)
    .where(and(eq(affiliations.contactId, contactId), eq(affiliations.partnerId, partnerId)))
    .limit(1);
  return !!row;
}

export async function activeUserExists(db: Executor, userId: string) {
  const [row] = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.id, userId), isNull(users.deactivatedAt)));
  return !!row;
}

async function presentPairs(db: Executor, rows: Row<typeof peerPairs>[]) {
  if (rows.length === 0) return [];
  const named = await db
    .select({
      id: peerPairs.id,
      levelName: communicationLevels.name,
      levelRank: communicationLevels.rank,
      userName: users.name,
      contactName: contacts.name,
    })
    .from(peerPairs)
    .innerJoin(communicationLevels, eq(communicationLevels.id, peerPairs.levelId))
    .innerJoin(users, eq(users.id, peerPairs.userId))
    .innerJoin(contacts, eq(contacts.id, peerPairs.contactId))
    .where(
      inArray(
        peerPairs.id,
        rows.map((r) => r.id),
      ),
    );
  const byId = new Map(named.map((n) => [n.id, n]));
  return rows.map((r) => {
    const n = byId.get(r.id)!;
    return {
      id: r.id,
      version: r.version,
      relationshipId: r.relationshipId,
      level: { id: r.levelId, name: n.levelName },
      levelRank: n.levelRank,
      user: { id: r.userId, name: n.userName },
      contact: { id: r.contactId, name: n.contactName },
      cadenceDays: r.cadenceDays,
      createdAt: iso(r.createdAt),
      updatedAt: iso(r.updatedAt),
    };
  });
}

export const peerPairStore = recordStore({
  entity: 'peer_pair',
  noun: 'peer pair',
  table: peerPairs,
  fixed: ['relationshipId', 'levelId', 'userId', 'contactId'],
  present: presentPairs,
});
export type PresentedPeerPair = Awaited<ReturnType<typeof presentPairs>>[number];

export async function pairsOf(db: Executor, relationshipIds: readonly string[]) {
  if (relationshipIds.length === 0) return [];
  const rows = await db
    .select()
    .from(peerPairs)
    .where(inArray(peerPairs.relationshipId, [...relationshipIds]))
    .orderBy(asc(peerPairs.id));
  return (await presentPairs(db, rows)).sort((a, b) => a.levelRank - b.levelRank);
}

export type LoggedTouchpoint = {
  id: string;
  occurredAt: Date;
  kind: string;
  unitId: string;
  staffIds: string[];
  contactIds: string[];
};

/** Most touch points of one partner that a plan's status is worked out from. */
const PER_PARTNER = 5000;

/**
 * The touch points of these partners since a moment that the reader may see (`scope`: the
 * touch-point rule over touchpoint_partners), of these kinds, with who took part on each side
 * (the author counts as taking part), newest first within each partner. One query however many
 * partners: a lateral join reads each partner's newest rows from its timeline index.
 */
export async function touchpointsOfPartners(
  db: Executor,
  filter: { partnerIds: readonly string[]; since: Date; kinds: readonly string[] },
  scope: SQL | undefined,
): Promise<(LoggedTouchpoint & { partnerId: string })[]> {
  if (filter.kinds.length === 0 || filter.partnerIds.length === 0) return [];
  const rows = await queryRows<
    Omit<LoggedTouchpoint, 'occurredAt'> & { partnerId: string; occurredAt: string | Date }
  >(
    db,
    sql`select wanted.id as "partnerId", logged.*
      from unnest(${sql.param([...new Set(filter.partnerIds)])}::uuid[]) as wanted(id)
      cross join lateral (
        select ${touchpointPartners.touchpointId} as id,
          ${touchpointPartners.occurredAt} as "occurredAt",
          ${touchpointPartners.kind} as kind,
          ${touchpointPartners.unitId} as "unitId",
          array(select ${touchpointStaff.userId} from ${touchpointStaff} where ${touchpointStaff.touchpointId} = ${touchpointPartners.touchpointId} union select ${touchpoints.authorId}) as "staffIds",
          array(select ${touchpointContacts.contactId} from ${touchpointContacts} where ${touchpointContacts.touchpointId} = ${touchpointPartners.touchpointId}) as "contactIds"
        from ${touchpointPartners}
        inner join ${touchpoints} on ${touchpoints.id} = ${touchpointPartners.touchpointId}
        where ${touchpointPartners.partnerId} = wanted.id
          and ${touchpointPartners.occurredAt} >= ${filter.since.toISOString()}::timestamptz
          and ${touchpointPartners.kind} = any(${sql.param([...filter.kinds])}::text[])
          and ${scope ?? sql`true`}
        order by ${touchpointPartners.occurredAt} desc
        limit ${PER_PARTNER}
      ) as logged`,
  );
  return rows.map((r) => ({ ...r, occurredAt: new Date(r.occurredAt) }));
}

export async function partnerTypeExists(db: Executor, id: string) {
  const [row] = await db.select({ id: partnerTypes.id }).from(partnerTypes).where(eq(partnerTypes.id, id));
  return !!row;
}
