import { createHash } from 'node:crypto';
import {
  isBuiltInPurpose,
  type RecordConsent,
  type SavePurpose,
} from '../../../../common/src/contracts/personal-data.ts';
import type { Executor } from '../../db/client.ts';
import { recordChange } from '../../db/records.ts';
import { AppError, forbidden, invalid, notFound, stale } from '../../errors.ts';
import { allOf } from '../../lib/all-of.ts';
import type { Ctx } from '../../lib/context.ts';
import { hasRole, isAdministrator } from '../access/actor.ts';
import {
  type ConsentRow,
  consentHistory,
  contactExists,
  decisionsOf,
  findPurpose,
  grantHolder,
  holdsDataProtection,
  insertConsent,
  isErased,
  listHolders,
  listPurposes,
  type Purpose,
  revokeHolder,
  savePurpose,
  setPurposeRetired,
  userExists,
} from './consents.repository.ts';

/** The purposes the sending modules ask about (seeded by the migrations; administrators may add more). */

/** A purpose's key is its identity; the audit log wants a uuid, so it gets a stable one. */
const purposeEntityId = (key: string) => {
  const h = createHash('sha256').update(`consent_purpose:${key}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
};

/**
 * Whether a purpose lets these contacts be contacted: their latest decision if they made one;
 * otherwise only when the purpose's lawful basis is not consent (legitimate interests: until they
 * withdraw). An erased contact is never contacted.
 */
function allows(purpose: Purpose, decision: string | undefined, erased: boolean) {
  if (erased || purpose.retiredAt) return false;
  if (decision) return decision === 'given';
  return purpose.lawfulBasis !== 'consent';
}

/** Of these contacts, the ones who may be contacted for `purpose` (an unknown or retired purpose: none). */
export async function contactableFor(db: Executor, contactIds: readonly string[], purpose: string) {
  const found = await findPurpose(db, purpose);
  if (!found) return new Set<string>();
  const { decisions, erased } = await decisionsOf(db, contactIds, purpose);
  return new Set(contactIds.filter((id) => allows(found, decisions.get(id), erased.has(id))));
}

/** Whether Rapport may contact this person for this purpose: what every sending module asks first. */
export async function mayContact(db: Executor, contactId: string, purpose: string) {
  return (await contactableFor(db, [contactId], purpose)).has(contactId);
}

/** Administrators, and the people an administrator gave the data protection ability. */
export async function hasDataProtection(ctx: Pick<Ctx, 'db' | 'actor'>) {
  if (isAdministrator(ctx.actor)) return true;
  return holdsDataProtection(ctx.db, ctx.actor.userId);
}

export async function requireDataProtection(ctx: Ctx) {
  if (ctx.actor.readOnly || !(await hasDataProtection(ctx)))
    throw forbidden('Only administrators and those given the data protection ability may do this');
}

const presentPurpose = (p: Purpose) => ({
  key: p.key,
  name: p.name,
  description: p.description,
  lawfulBasis: p.lawfulBasis,
  dataHeld: p.dataHeld,
  retiredAt: p.retiredAt?.toISOString() ?? null,
  version: p.version,
});

export async function purposes(ctx: Ctx) {
  return { items: (await listPurposes(ctx.db)).map(presentPurpose) };
}

/** Adds a purpose, or changes one when `version` (If-Match) is given. */
export async function putPurpose(ctx: Ctx, key: string, input: SavePurpose, version: number | undefined) {
  if (!isAdministrator(ctx.actor)) throw forbidden('Only administrators configure purposes');
  return ctx.db.transaction(async (tx) => {
    const before = await findPurpose(tx, key);
    if (before && version === undefined)
      throw new AppError('precondition_required', 'Changing a purpose needs its version in If-Match');
    if (!before && version !== undefined) throw notFound('Purpose');
    const saved = await savePurpose(tx, key, input, before ? version : undefined);
    if (!saved) throw stale('purpose');
    await recordChange(tx, ctx, {
      entity: 'consent_purpose',
      entityId: purposeEntityId(key),
      action: before ? 'updated' : 'created',
      before: before ? presentPurpose(before) : null,
      after: presentPurpose(saved),
      detail: { key },
    });
    return presentPurpose(saved);
  });
}

/**
 * Retires a purpose (nobody is contacted for it, no new decision is recorded; the history stays)
 * or brings it back. The purposes Rapport sends for cannot be retired.
 */
export async function retirePurpose(ctx: Ctx, key: string, version: number, retired: boolean) {
  if (ctx.actor.readOnly || !isAdministrator(ctx.actor))
    throw forbidden('Only administrators configure purposes');
  return ctx.db.transaction(async (tx) => {
    const before = await findPurpose(tx, key);
    if (!before) throw notFound('Purpose');
    if (retired && isBuiltInPurpose(key))
      throw new AppError(
        'conflict',
        `Rapport sends for "${before.name}" itself: it can be renamed, not retired`,
      );
    if (Boolean(before.retiredAt) === retired && before.version === version) return presentPurpose(before);
    const saved = await setPurposeRetired(tx, key, version, retired);
    if (!saved) throw stale('purpose');
    await recordChange(tx, ctx, {
      entity: 'consent_purpose',
      entityId: purposeEntityId(key),
      action: retired ? 'retired' : 'reinstated',
      before: presentPurpose(before),
      after: presentPurpose(saved),
      detail: { key },
    });
    return presentPurpose(saved);
  });
}

export const presentConsent = (row: ConsentRow) => ({
  ...row,
  recordedByName: row.recordedByName ?? null,
  recordedAt: row.recordedAt.toISOString(),
});

async function loadConsents(db: Executor, contactId: string) {
  const [all, history, erased] = await allOf(db, [
    () => listPurposes(db),
    () => consentHistory(db, contactId),
    () => isErased(db, contactId),
  ]);
  return {
    erased,
    // A retired purpose is no longer asked about; its decisions stay in the history.
    purposes: all
      .filter((purpose) => !purpose.retiredAt)
      .map((purpose) => {
        const current = history.find((c) => c.purpose === purpose.key);
        return {
          purpose: purpose.key,
          purposeName: purpose.name,
          mayContact: allows(purpose, current?.decision, erased),
          current: current ? presentConsent(current) : null,
        };
      }),
    history: history.map(presentConsent),
  };
}

/** A contact's consent per purpose and every decision recorded, newest first. */
export async function consentsOf(ctx: Ctx, contactId: string) {
  if (!(await contactExists(ctx.db, contactId))) throw notFound('Contact');
  return loadConsents(ctx.db, contactId);
}

/** Records a decision: never changes an earlier one, so the history stays whole. */
export async function recordConsent(ctx: Ctx, contactId: string, input: RecordConsent) {
  if (!hasRole(ctx.actor, 'staff')) throw forbidden();
  return ctx.db.transaction(async (tx) => {
    await recordConsentIn(tx, ctx, contactId, input);
    return loadConsents(tx, contactId);
  });
}

/** Refuses a decision about an unknown purpose or dated in the future, naming the field; returns the purpose. */
export async function checkRecordable(db: Executor, input: { purpose: string; recordedOn: string }) {
  const purpose = await findPurpose(db, input.purpose);
  if (!purpose) throw invalid('purpose', 'is not a purpose Rapport knows');
  if (purpose.retiredAt) throw invalid('purpose', 'was retired: no decision is recorded for it any more');
  const today = new Date().toISOString().slice(0, 10);
  if (input.recordedOn > today) throw invalid('recordedOn', 'cannot be in the future');
  return purpose;
}

/**
 * Records one decision in the caller's transaction (the single POST and the contacts' bulk
 * action share it). Without a lawful basis, the purpose's own is recorded. Returns its id.
 */
export async function recordConsentIn(
  tx: Executor,
  ctx: Ctx,
  contactId: string,
  input: Omit<RecordConsent, 'lawfulBasis'> & { lawfulBasis?: RecordConsent['lawfulBasis'] },
  options: { skipErased?: boolean } = {},
) {
  if (!(await contactExists(tx, contactId))) throw notFound('Contact');
  if (await isErased(tx, contactId)) {
    // A bulk selection may hold someone erased: nobody is contacted once erased, so nothing to record.
    if (options.skipErased) return null;
    throw new AppError('conflict', "This contact's personal data was erased: no consent can be recorded");
  }
  const purpose = await checkRecordable(tx, input);
  const id = await insertConsent(tx, contactId, ctx.actor.userId, {
    ...input,
    lawfulBasis: input.lawfulBasis ?? purpose.lawfulBasis,
  });
  await recordChange(tx, ctx, {
    entity: 'contact',
    entityId: contactId,
    action: 'consent_recorded',
    detail: { consentId: id, purpose: input.purpose, decision: input.decision },
  });
  return id;
}

export async function dataProtectionAccess(ctx: Ctx) {
  return { dataProtection: !ctx.actor.readOnly && (await hasDataProtection(ctx)) };
}

export async function holders(ctx: Ctx) {
  if (!isAdministrator(ctx.actor)) throw forbidden();
  const rows = await listHolders(ctx.db);
  return { items: rows.map((r) => ({ ...r, grantedAt: r.grantedAt.toISOString() })) };
}

/** Gives a member of staff the data protection ability (idempotent). */
export async function grantDataProtection(ctx: Ctx, userId: string) {
  if (!isAdministrator(ctx.actor)) throw forbidden();
  await ctx.db.transaction(async (tx) => {
    if (!(await userExists(tx, userId))) throw notFound('User');
    if (await grantHolder(tx, userId, ctx.actor.userId))
      await recordChange(tx, ctx, { entity: 'data_protection', entityId: userId, action: 'granted' });
  });
}

export async function revokeDataProtection(ctx: Ctx, userId: string) {
  if (!isAdministrator(ctx.actor)) throw forbidden();
  await ctx.db.transaction(async (tx) => {
    if (!(await revokeHolder(tx, userId))) throw notFound('Data protection holder');
    await recordChange(tx, ctx, { entity: 'data_protection', entityId: userId, action: 'revoked' });
  });
}
