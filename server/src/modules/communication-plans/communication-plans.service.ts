import { DateTime } from 'luxon';
import {
  type CreatePeerPair,
  type CreatePlanItem,
  channelKinds,
  type UpdatePlanItem,
} from '../../../../common/src/contracts/communication-plans.ts';
import { UNIVERSITY_TIME_ZONE } from '../../../../common/src/wording.ts';
import type { Executor } from '../../db/client.ts';
import { AppError, forbidden, invalid, notFound } from '../../errors.ts';
import { allOf } from '../../lib/all-of.ts';
import type { Ctx } from '../../lib/context.ts';
import { type Actor, isAdministrator } from '../access/actor.ts';
import { touchpointPartnerScope } from '../access/audience.repository.ts';
import { relationshipPolicy } from '../relationships/relationships.policy.ts';
import {
  activeUserExists,
  contactOfPartner,
  itemsOf,
  levelStore,
  levelsExist,
  listLevels,
  type PresentedPeerPair,
  type PresentedPlanItem,
  pairsOf,
  partnerTypeExists,
  peerPairStore,
  planItemStore,
  presentLevels,
  type RelationshipFacts,
  relationshipFacts,
  relationshipIdsFor,
  setItemLevels,
  touchpointsOfPartners,
} from './communication-plans.repository.ts';
import { dayOf, isOccurrence, itemStatus, LOOK_BACK_DAYS, pairCoverage } from './plan-status.ts';

/** Most relationships one "due" answer works out (Home, a unit's view). */
const DUE_LIMIT = 300;
/** Every kind but a note is a contact between people (for peer coverage). */
const CONTACT_KINDS = ['meeting', 'call', 'email', 'visit', 'event', 'enquiry'];

const mayChangePlan = (actor: Actor, r: RelationshipFacts) =>
  !actor.readOnly && relationshipPolicy.canUpdate(actor, r);

async function loadRelationship(db: Executor, id: string, field?: string) {
  const [facts] = await relationshipFacts(db, [id]);
  if (!facts) throw field ? invalid(field, 'does not name a relationship') : notFound('Relationship');
  return facts;
}

/** Who may change an item: administrators a partner type's defaults; the relationship's managers its own. */
async function authorise(
  ctx: Ctx,
  db: Executor,
  owner: { partnerTypeId: string | null; relationshipId: string | null },
) {
  if (owner.partnerTypeId) {
    if (!isAdministrator(ctx.actor))
      throw forbidden("Only an administrator changes a partner type's default plan");
    return null;
  }
  const facts = await loadRelationship(db, owner.relationshipId!, 'relationshipId');
  if (!mayChangePlan(ctx.actor, facts))
    throw forbidden(
      "Only the relationship's manager, its unit's relationship managers or an administrator change its plan",
    );
  return facts;
}

async function checkReferences(db: Executor, input: { ownerId?: string | null; levelIds?: string[] }) {
  if (input.ownerId && !(await activeUserExists(db, input.ownerId)))
    throw invalid('ownerId', 'does not name an active member of staff');
  if (input.levelIds?.length) {
    const found = new Set(await levelsExist(db, input.levelIds));
    const index = input.levelIds.findIndex((id) => !found.has(id));
    if (index >= 0) throw invalid(`levelIds[${index}]`, 'does not name a communication level');
  }
}

async function loadItem(db: Executor, id: string) {
  const row = await planItemStore.find(db, id);
  if (!row) throw notFound('Plan item');
  return row;
}

export async function partnerTypePlan(_ctx: Ctx, db: Executor, partnerTypeId: string) {
  if (!(await partnerTypeExists(db, partnerTypeId))) throw notFound('Partner type');
  return { items: await itemsOf(db, { partnerTypeIds: [partnerTypeId] }) };
}

export async function createPlanItem(ctx: Ctx, input: CreatePlanItem) {
  return ctx.db.transaction(async (tx) => {
    if (input.partnerTypeId && !(await partnerTypeExists(tx, input.partnerTypeId)))
      throw invalid('partnerTypeId', 'does not name a partner type');
    const facts = await authorise(ctx, tx, input);
    if (input.replacesItemId) {
      const replaced = await planItemStore.find(tx, input.replacesItemId);
      if (!facts || !replaced || replaced.partnerTypeId !== facts.partnerTypeId)
        throw invalid('replacesItemId', "does not name a default of this relationship's partner type");
    }
    await checkReferences(tx, input);
    const values = {
      partnerTypeId: input.partnerTypeId,
      relationshipId: input.relationshipId,
      replacesItemId: input.replacesItemId,
      purpose: input.purpose,
      channel: input.channel,
      direction: input.direction,
      frequencyDays: input.frequencyDays,
      ownerId: input.ownerId,
    };
    return planItemStore.create(tx, ctx, values, {
      alongside: async ([row]) => setItemLevels(tx, row!.id, input.levelIds),
    });
  });
}

export async function changePlanItem(ctx: Ctx, id: string, version: number, input: UpdatePlanItem) {
  return ctx.db.transaction(async (tx) => {
    const row = await loadItem(tx, id);
    await authorise(ctx, tx, row);
    await checkReferences(tx, input);
    const changes = {
      purpose: input.purpose,
      channel: input.channel,
      direction: input.direction,
      frequencyDays: input.frequencyDays,
      ownerId: input.ownerId,
    };
    return planItemStore.update(tx, ctx, id, version, changes, {
      before: await presentItem(tx, id),
      alongside: input.levelIds ? () => setItemLevels(tx, id, input.levelIds!) : undefined,
    });
  });
}

const presentItem = async (db: Executor, id: string): Promise<PresentedPlanItem> => {
  const row = await loadItem(db, id);
  const items = await itemsOf(
    db,
    row.partnerTypeId ? { partnerTypeIds: [row.partnerTypeId] } : { relationshipIds: [row.relationshipId!] },
  );
  return items.find((i) => i.id === id)!;
};

export async function getPlanItem(ctx: Ctx, id: string) {
  return presentItem(ctx.db, id);
}

export async function removePlanItem(ctx: Ctx, id: string, version: number) {
  await ctx.db.transaction(async (tx) => {
    const row = await loadItem(tx, id);
    await authorise(ctx, tx, row);
    await planItemStore.remove(tx, ctx, id, version, { before: await presentItem(tx, id) });
  });
}

/** A relationship's plan in force: its partner type's defaults it has not overridden, then its own items. */
function planInForce(facts: RelationshipFacts, items: PresentedPlanItem[]) {
  const own = items.filter((i) => i.relationshipId === facts.id);
  const replaced = new Set(own.map((i) => i.replacesItemId).filter(Boolean));
  const defaults = items.filter((i) => i.partnerTypeId === facts.partnerTypeId && !replaced.has(i.id));
  return [
    ...defaults.map((i) => ({ ...i, inherited: true })),
    ...own.map((i) => ({ ...i, inherited: false })),
  ];
}

const universityToday = (now: Date) => DateTime.fromJSDate(now, { zone: UNIVERSITY_TIME_ZONE }).toISODate()!;

/** Each relationship's items and pairs with their status, from the touch points this reader may see. */
async function plansWithStatus(ctx: Ctx, facts: RelationshipFacts[], now = new Date()) {
  const ids = facts.map((f) => f.id);
  const [items, pairs] = await allOf(ctx.db, [
    () =>
      itemsOf(ctx.db, {
        relationshipIds: ids,
        partnerTypeIds: [...new Set(facts.map((f) => f.partnerTypeId))],
      }),
    () => pairsOf(ctx.db, ids),
  ]);
  const today = universityToday(now);
  const since = new Date(now.getTime() - LOOK_BACK_DAYS * 86_400_000);
  const scope = touchpointPartnerScope(ctx.actor);
  // What each relationship's plan and pairs look for among its partner's touch points.
  const wanted = facts.map((f) => {
    const inForce = planInForce(f, items);
    const myPairs = pairs.filter((p) => p.relationshipId === f.id);
    const kinds = new Set(myPairs.length ? CONTACT_KINDS : []);
    for (const i of inForce) for (const k of channelKinds[i.channel]) kinds.add(k);
    return { f, inForce, myPairs, kinds };
  });
  // One query for every partner however many relationships: not one per relationship.
  const looking = wanted.filter((w) => w.kinds.size > 0);
  const allLogged = await touchpointsOfPartners(
    ctx.db,
    {
      partnerIds: looking.map((w) => w.f.partnerId),
      since,
      kinds: [...new Set(looking.flatMap((w) => [...w.kinds]))],
    },
    scope,
  );
  const byPartner = new Map<string, typeof allLogged>();
  for (const tp of allLogged) {
    const list = byPartner.get(tp.partnerId);
    if (list) list.push(tp);
    else byPartner.set(tp.partnerId, [tp]);
  }
  const plans = [];
  for (const { f, inForce, myPairs, kinds } of wanted) {
    const logged = (byPartner.get(f.partnerId) ?? []).filter((tp) => kinds.has(tp.kind));
    const start = f.startDate ?? dayOf(f.createdAt);
    plans.push({
      facts: f,
      items: inForce.map((i) => ({
        ...i,
        status: itemStatus(
          logged.filter((tp) => isOccurrence(tp, i, f.unitId, myPairs)).map((tp) => tp.occurredAt),
          i.frequencyDays,
          start,
          today,
        ),
      })),
      peerPairs: myPairs.map(({ levelRank: _rank, ...p }) => ({
        ...p,
        coverage: pairCoverage(p, logged, myPairs, now),
      })),
    });
  }
  return plans;
}

export async function relationshipPlan(ctx: Ctx, relationshipId: string) {
  const facts = await loadRelationship(ctx.db, relationshipId);
  const [plan] = await plansWithStatus(ctx, [facts]);
  return {
    relationshipId,
    items: plan!.items,
    peerPairs: plan!.peerPairs,
    can: { update: mayChangePlan(ctx.actor, facts) },
  };
}

/** The items of the relationships I manage (or a unit's), overdue first. */
export async function plansDue(ctx: Ctx, query: { unitId?: string; overdue?: boolean }) {
  const ids = await relationshipIdsFor(
    ctx.db,
    query.unitId ? { unitId: query.unitId } : { userId: ctx.actor.userId },
    DUE_LIMIT + 1,
  );
  const facts = await relationshipFacts(ctx.db, ids.slice(0, DUE_LIMIT));
  const plans = await plansWithStatus(ctx, facts);
  const rows = plans.flatMap(({ facts: f, items }) =>
    items.map((i) => ({
      relationshipId: f.id,
      partnerId: f.partnerId,
      partnerName: f.partnerName,
      unitName: f.unitName,
      managerName: f.managerName,
      itemId: i.id,
      purpose: i.purpose,
      channel: i.channel,
      frequencyDays: i.frequencyDays,
      status: i.status,
    })),
  );
  const wanted = query.overdue === undefined ? rows : rows.filter((r) => r.status.overdue === query.overdue);
  wanted.sort(
    (a, b) =>
      Number(b.status.overdue) - Number(a.status.overdue) ||
      a.status.nextDueOn.localeCompare(b.status.nextDueOn),
  );
  return { items: wanted.slice(0, 2000), truncated: ids.length > DUE_LIMIT };
}

export async function createPeerPair(ctx: Ctx, input: CreatePeerPair) {
  return ctx.db.transaction(async (tx) => {
    const facts = await authorise(ctx, tx, { partnerTypeId: null, relationshipId: input.relationshipId });
    if ((await levelsExist(tx, [input.levelId])).length === 0)
      throw invalid('levelId', 'does not name a communication level');
    if (!(await activeUserExists(tx, input.userId)))
      throw invalid('userId', 'does not name an active member of staff');
    if (!(await contactOfPartner(tx, input.contactId, facts!.partnerId)))
      throw invalid('contactId', "does not name one of the partner's contacts");
    const existing = (await pairsOf(tx, [input.relationshipId])).find(
      (p) => p.level.id === input.levelId && p.user.id === input.userId && p.contact.id === input.contactId,
    );
    if (existing) throw new AppError('conflict', 'These two are already a pair at this level');
    const created = await peerPairStore.create(tx, ctx, input);
    return withoutRank(created);
  });
}

const withoutRank = ({ levelRank: _rank, ...pair }: PresentedPeerPair) => pair;

export async function removePeerPair(ctx: Ctx, id: string, version: number) {
  await ctx.db.transaction(async (tx) => {
    const row = await peerPairStore.find(tx, id);
    if (!row) throw notFound('Peer pair');
    await authorise(ctx, tx, { partnerTypeId: null, relationshipId: row.relationshipId });
    const [before] = (await pairsOf(tx, [row.relationshipId])).filter((p) => p.id === id);
    await peerPairStore.remove(tx, ctx, id, version, { before: before! });
  });
}

export async function communicationLevels(ctx: Ctx) {
  return { items: await presentLevels(await listLevels(ctx.db)) };
}

export async function createCommunicationLevel(ctx: Ctx, input: { name: string; rank: number }) {
  if (!isAdministrator(ctx.actor)) throw forbidden('Only an administrator configures the levels');
  return ctx.db.transaction(async (tx) => {
    await checkLevelName(tx, input.name);
    return levelStore.create(tx, ctx, input);
  });
}

async function checkLevelName(db: Executor, name: string, id?: string) {
  const same = (await listLevels(db)).find((l) => l.name.toLowerCase() === name.toLowerCase() && l.id !== id);
  if (same) throw invalid('name', `is already the name of a level: ${same.name}`);
}

export async function changeCommunicationLevel(
  ctx: Ctx,
  id: string,
  version: number,
  input: { name?: string; rank?: number },
) {
  if (!isAdministrator(ctx.actor)) throw forbidden('Only an administrator configures the levels');
  return ctx.db.transaction(async (tx) => {
    const row = await levelStore.find(tx, id);
    if (!row) throw notFound('Communication level');
    if (input.name) await checkLevelName(tx, input.name, id);
    const [before] = presentLevels([row]);
    return levelStore.update(
      tx,
      ctx,
      id,
      version,
      { name: input.name, rank: input.rank },
      { before: before! },
    );
  });
}
