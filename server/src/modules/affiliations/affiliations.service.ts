import type {
  CreateAffiliation,
  ListAffiliationsQuery,
  UpdateAffiliation,
} from '../../../../common/src/contracts/affiliations.ts';
import type { Executor } from '../../db/client.ts';
import { AppError, forbidden, invalid, notFound } from '../../errors.ts';
import type { Ctx } from '../../lib/context.ts';
import { toPage } from '../../lib/pagination.ts';
import { presentRecord } from '../../lib/records.ts';
import { hasRole } from '../access/actor.ts';
import { historyOf } from '../audit/audit.service.ts';
import {
  affiliationIdsOf,
  affiliationSortSpecs,
  affiliationStore,
  findAffiliation,
  listAffiliations,
  lockContactsRoles,
  otherPrimaryAffiliations,
  type RoleKey,
  sameRoleAffiliations,
} from './affiliations.repository.ts';

const ENTITY = affiliationStore.entity;
const unchanged = {
  role: undefined,
  isKeyContact: undefined,
  isPrimary: undefined,
  startDate: undefined,
  endDate: undefined,
};

function checkDates(startDate: string | null, endDate: string | null) {
  if (startDate && endDate && endDate < startDate)
    throw invalid('endDate', 'cannot be before the start date');
}

const sameKey = (k: RoleKey) => `${k.contactId} ${k.partnerId} ${k.role.trim().toLowerCase()}`;

/**
 * A contact holds a role at a partner once: a second "Head of careers" at the same employer is
 * the same fact twice (and a merge would fold the two into one), so it is refused with the role
 * that is already there. A single write holds the contact's lock (lockContactsRoles) first,
 * so two requests adding the same role take turns and the second is refused; a set-based write
 * adds roles to contacts its own transaction created or an import batch holds.
 */
async function refuseSecondRoles(tx: Executor, keys: RoleKey[], exceptId: string | null = null) {
  const seen = new Set<string>();
  for (const key of keys) {
    if (seen.has(sameKey(key))) throw secondRole(key.role, 'this partner');
    seen.add(sameKey(key));
  }
  const [existing] = await sameRoleAffiliations(tx, keys, exceptId);
  if (existing) throw secondRole(existing.role, existing.partnerName);
}

function secondRole(role: string, partnerName: string) {
  return new AppError('conflict', 'The contact already has this role at this partner', {
    errors: [
      {
        field: 'role',
        message: `already held at ${partnerName} ("${role}"): change that role instead of adding it again`,
      },
    ],
  });
}

/**
 * A contact has at most one primary affiliation: making one primary clears the others, each
 * audited. The caller holds the contact's lock (lockContactsRoles) from before its write.
 */
async function keepOnePrimary(tx: Executor, ctx: Ctx, contactId: string, primaryId: string) {
  for (const row of await otherPrimaryAffiliations(tx, contactId, primaryId)) {
    const before = presentRecord(row);
    await affiliationStore.update(
      tx,
      ctx,
      row.id,
      row.version,
      { ...unchanged, isPrimary: false },
      { before },
    );
  }
}

export async function listAffiliationsFor(ctx: Ctx, query: ListAffiliationsQuery) {
  const spec = affiliationSortSpecs[query.sort]!;
  const page = toPage(await listAffiliations(ctx.db, query, spec), query.limit, spec);
  return { items: page.items.map(presentRecord), nextCursor: page.nextCursor };
}

export async function getAffiliation(ctx: Ctx, id: string) {
  const row = await findAffiliation(ctx.db, id);
  if (!row) throw notFound('Affiliation');
  return presentRecord(row);
}

export async function createAffiliation(ctx: Ctx, input: CreateAffiliation) {
  if (!hasRole(ctx.actor, 'staff')) throw forbidden();
  return ctx.db.transaction((tx) => addAffiliation(tx, ctx, input));
}

/**
 * Writes an affiliation inside the caller's transaction (a new contact and their first role
 * are saved together, or neither is). The caller has checked the actor may write.
 */
export async function addAffiliation(tx: Executor, ctx: Ctx, input: CreateAffiliation) {
  checkDates(input.startDate, input.endDate);
  await lockContactsRoles(tx, input.contactId);
  await refuseSecondRoles(tx, [input]);
  const created = await affiliationStore.create(tx, ctx, {
    contactId: input.contactId,
    partnerId: input.partnerId,
    role: input.role,
    isKeyContact: input.isKeyContact,
    isPrimary: input.isPrimary,
    startDate: input.startDate,
    endDate: input.endDate,
  });
  if (input.isPrimary) await keepOnePrimary(tx, ctx, input.contactId, created.id);
  return created;
}

/**
 * Writes many affiliations inside the caller's transaction, set-based (one insert, one read,
 * one audit insert and one event insert however many): an import's batch. Each is checked as
 * `addAffiliation` checks it; a primary one goes through `addAffiliation` (it clears the
 * contact's other primary roles, a row at a time).
 */
export async function addAffiliations(tx: Executor, ctx: Ctx, inputs: CreateAffiliation[]) {
  for (const input of inputs) checkDates(input.startDate, input.endDate);
  await refuseSecondRoles(tx, inputs);
  const plain = inputs.filter((i) => !i.isPrimary);
  const created = await affiliationStore.createMany(
    tx,
    ctx,
    plain.map((input) => ({
      contactId: input.contactId,
      partnerId: input.partnerId,
      role: input.role,
      isKeyContact: input.isKeyContact,
      isPrimary: false,
      startDate: input.startDate,
      endDate: input.endDate,
    })),
  );
  for (const input of inputs.filter((i) => i.isPrimary)) created.push(await addAffiliation(tx, ctx, input));
  return created;
}

export async function changeAffiliation(ctx: Ctx, id: string, version: number, input: UpdateAffiliation) {
  if (!hasRole(ctx.actor, 'staff')) throw forbidden();
  return ctx.db.transaction(async (tx) => {
    const row = await findAffiliation(tx, id);
    if (!row) throw notFound('Affiliation');
    if (input.isPrimary || input.role !== undefined) await lockContactsRoles(tx, row.contactId);
    if (input.role !== undefined)
      await refuseSecondRoles(
        tx,
        [{ contactId: row.contactId, partnerId: row.partnerId, role: input.role }],
        id,
      );
    checkDates(
      input.startDate === undefined ? row.startDate : input.startDate,
      input.endDate === undefined ? row.endDate : input.endDate,
    );
    const changes = {
      role: input.role,
      isKeyContact: input.isKeyContact,
      isPrimary: input.isPrimary,
      startDate: input.startDate,
      endDate: input.endDate,
    };
    const after = await affiliationStore.update(tx, ctx, id, version, changes, {
      before: presentRecord(row),
    });
    if (input.isPrimary) await keepOnePrimary(tx, ctx, row.contactId, id);
    return after;
  });
}

export async function removeAffiliation(ctx: Ctx, id: string, version: number) {
  if (!hasRole(ctx.actor, 'senior_manager'))
    throw forbidden('Only senior managers and administrators delete affiliations');
  await ctx.db.transaction(async (tx) => {
    const row = await findAffiliation(tx, id);
    if (!row) throw notFound('Affiliation');
    await affiliationStore.remove(tx, ctx, id, version, { before: presentRecord(row) });
  });
}

/** Deletes one affiliation in the caller's transaction at its current version (an import's undo). */
export async function removeAffiliationIn(tx: Executor, ctx: Ctx, id: string) {
  const row = await findAffiliation(tx, id);
  if (!row) return false;
  await affiliationStore.remove(tx, ctx, id, row.version, { before: presentRecord(row) });
  return true;
}

/** Deletes every affiliation of a contact (past ones too) in the caller's transaction: before the contact goes. */
export async function removeAffiliationsOf(tx: Executor, ctx: Ctx, contactId: string) {
  for (const id of await affiliationIdsOf(tx, contactId)) await removeAffiliationIn(tx, ctx, id);
}

export async function affiliationHistory(ctx: Ctx, id: string, query: { limit: number; cursor?: string }) {
  await getAffiliation(ctx, id);
  return historyOf(ctx, ENTITY, id, query);
}
