import {
  type AgreementChangeDto,
  type AgreementTerms,
  type ApprovalRules,
  agreementTransitions,
  approvalRulesSchema,
  type CreateAgreement,
  type DecideChange,
  type ListAgreementsQuery,
  type ProposeChange,
  type UpdateAgreement,
} from '../../../../common/src/contracts/agreements.ts';
import {
  type AgreementTermField,
  agreementTermFields,
  approvalAuthorityLabels,
} from '../../../../common/src/labels/agreements.ts';
import type { Executor } from '../../db/client.ts';
import { recordChange } from '../../db/records.ts';
import { AppError, forbidden, invalid, notFound } from '../../errors.ts';
import type { Ctx } from '../../lib/context.ts';
import { decodeCursor, encodeCursor } from '../../lib/pagination.ts';
import { type Actor, isAdministrator } from '../access/actor.ts';
import { agreementAudience } from '../access/audience.repository.ts';
import { agreementPolicy } from './agreements.policy.ts';
import {
  activeUsers,
  addReaders,
  agreementStore,
  type ChangeRow,
  changesOf,
  contactOfPartner,
  differencesOf,
  findChange,
  type GovernedRelationship,
  insertChange,
  insertVersion,
  iso,
  listAgreements,
  lockAgreement,
  type PresentedAgreement,
  peopleNamed,
  presentAgreement,
  readApprovalRules,
  relationshipOf,
  relationshipsOf,
  reviseAgreement,
  saveDecision,
  seniorManagersOver,
  termsOf,
  unitsExist,
  versionsOf,
  writeApprovalRules,
} from './agreements.repository.ts';
import { authorityFor } from './approval-rules.ts';

const conflict = (message: string) => new AppError('conflict', message);

/** An agreement the actor may read, with its relationship; hidden and missing look the same. */
async function loadReadable(ctx: Ctx, db: Executor, id: string) {
  const row = await agreementStore.find(db, id);
  if (!row) throw notFound('Agreement');
  const readers = row.visibility === 'institution' ? [] : await agreementAudience.readerIdsOf(db, id);
  if (!agreementAudience.canRead(ctx.actor, row, readers)) throw notFound('Agreement');
  const relationship = (await relationshipOf(db, row.relationshipId))!;
  return { row, relationship };
}

const abilities = (actor: Actor, a: PresentedAgreement, r: GovernedRelationship) => {
  const manage = agreementPolicy.canManage(actor, r, { ownerId: a.owner.id });
  return { update: manage && a.status !== 'ended', proposeChange: manage && a.status === 'active' };
};

async function withAbilities(ctx: Ctx, db: Executor, items: PresentedAgreement[]) {
  const rels = await relationshipsOf(
    db,
    items.map((a) => a.relationshipId),
  );
  return items.map((a) => ({
    ...a,
    can: abilities(ctx.actor, a, rels.find((r) => r.id === a.relationshipId)!),
  }));
}

const presentFor = async (ctx: Ctx, db: Executor, id: string) =>
  (await withAbilities(ctx, db, [(await presentAgreement(db, id))!]))[0]!;

export async function findAgreements(ctx: Ctx, query: ListAgreementsQuery) {
  const after = query.cursor ? (decodeCursor(query.cursor, 'newest', 1)[0] as string) : undefined;
  if (after !== undefined && !/^[0-9a-f-]{36}$/i.test(after))
    throw invalid('cursor', 'is not a cursor this list gave out');
  const page = await listAgreements(
    ctx.db,
    { ...query, after },
    agreementAudience.scope(ctx.actor),
    query.limit,
  );
  const items = await withAbilities(ctx, ctx.db, await page.present());
  const last = page.rows.at(-1);
  return { items, nextCursor: page.more && last ? encodeCursor('newest', [last.id]) : null };
}

export async function getAgreement(ctx: Ctx, id: string) {
  await loadReadable(ctx, ctx.db, id);
  return presentFor(ctx, ctx.db, id);
}

/** The owner and the partner's signatory must be real: an active member of staff, one of the partner's contacts. */
async function checkPeople(
  db: Executor,
  partnerId: string,
  input: { ownerId?: string | null; partnerContactId?: string | null; readerIds?: string[] },
) {
  if (input.ownerId && (await activeUsers(db, [input.ownerId])).length === 0)
    throw invalid('ownerId', 'does not name an active member of staff');
  if (input.partnerContactId && !(await contactOfPartner(db, input.partnerContactId, partnerId)))
    throw invalid('partnerContactId', "does not name one of the partner's contacts");
  if (input.readerIds?.length) {
    const found = new Set(await activeUsers(db, input.readerIds));
    const index = input.readerIds.findIndex((id) => !found.has(id));
    if (index >= 0) throw invalid(`readerIds[${index}]`, 'does not name an active member of staff');
  }
}

function checkDateOrder(terms: Pick<AgreementTerms, 'startDate' | 'endDate' | 'reviewDate'>, prefix = '') {
  if (!terms.startDate) return;
  for (const field of ['endDate', 'reviewDate'] as const) {
    const day = terms[field];
    if (day && day < terms.startDate) throw invalid(`${prefix}${field}`, 'is before the start date');
  }
}

export async function createAgreement(ctx: Ctx, input: CreateAgreement) {
  return ctx.db.transaction(async (tx) => {
    const relationship = await relationshipOf(tx, input.relationshipId);
    if (!relationship) throw invalid('relationshipId', 'does not name a relationship');
    if (!agreementPolicy.canCreateOn(ctx.actor, relationship))
      throw forbidden('Only those who look after the relationship record its agreements');
    await checkPeople(tx, relationship.partnerId, input);
    const ownerId = input.ownerId ?? ctx.actor.userId;
    const created = await agreementStore.create(
      tx,
      ctx,
      {
        relationshipId: relationship.id,
        unitId: relationship.unitId,
        kind: input.kind,
        title: input.title,
        universityCommitments: input.universityCommitments,
        partnerCommitments: input.partnerCommitments,
        keyTerms: input.keyTerms,
        startDate: input.startDate,
        endDate: input.endDate,
        reviewDate: input.reviewDate,
        reviewReminderDays: input.reviewReminderDays,
        endReminderDays: input.endReminderDays,
        ownerId,
        partnerContactId: input.partnerContactId,
        visibility: input.visibility,
        createdById: ctx.actor.userId,
      },
      {
        // The owner, the recorder and the approver always see it, whatever its visibility.
        alongside: async ([row]) =>
          addReaders(tx, row!.id, [
            ownerId,
            ctx.actor.userId,
            ...(relationship.managerId ? [relationship.managerId] : []),
            ...input.readerIds,
          ]),
      },
    );
    return (await withAbilities(ctx, tx, [created]))[0]!;
  });
}

export async function changeAgreement(ctx: Ctx, id: string, version: number, input: UpdateAgreement) {
  return ctx.db.transaction(async (tx) => {
    const { row, relationship } = await loadReadable(ctx, tx, id);
    if (!agreementPolicy.canManage(ctx.actor, relationship, row))
      throw forbidden("Only those who look after the relationship, or the agreement's owner, change it");
    if (row.status === 'ended') throw conflict('An ended agreement is kept as it was');
    const touchesTerms = input.kind !== undefined || agreementTermFields.some((k) => input[k] !== undefined);
    if (touchesTerms && row.status !== 'draft')
      throw conflict(
        'The terms of an agreement in force change through a proposed change, approved by both sides',
      );
    const status = input.status && input.status !== row.status ? input.status : undefined;
    if (status && !agreementTransitions[row.status].includes(status))
      throw invalid('status', `cannot go from ${row.status} to ${status}`);
    await checkPeople(tx, relationship.partnerId, input);
    const merged = {
      ...termsOf(row),
      ...Object.fromEntries(
        agreementTermFields.filter((k) => input[k] !== undefined).map((k) => [k, input[k]]),
      ),
    } as AgreementTerms;
    checkDateOrder(merged);
    const before = (await presentAgreement(tx, id))!;
    const activating = status === 'active';
    const after = await agreementStore.update(
      tx,
      ctx,
      id,
      version,
      {
        kind: input.kind,
        status,
        title: input.title,
        universityCommitments: input.universityCommitments,
        partnerCommitments: input.partnerCommitments,
        keyTerms: input.keyTerms,
        startDate: input.startDate,
        endDate: input.endDate,
        reviewDate: input.reviewDate,
        reviewReminderDays: input.reviewReminderDays,
        remindedForReview: undefined,
        endReminderDays: input.endReminderDays,
        remindedForEnd: undefined,
        ownerId: input.ownerId,
        partnerContactId: input.partnerContactId,
        visibility: undefined,
        revision: activating ? 1 : undefined,
      },
      {
        before,
        action: activating ? 'activated' : status === 'ended' ? 'ended' : 'updated',
        alongside: async () => {
          if (activating)
            await insertVersion(tx, { agreementId: id, revision: 1, terms: merged, changeId: null });
          if (input.ownerId) await addReaders(tx, id, [input.ownerId]);
        },
      },
    );
    return (await withAbilities(ctx, tx, [after]))[0]!;
  });
}

/** A change as the API shows it, with what the caller may do about it. */
function presentChange(
  ctx: Ctx,
  rows: ChangeRow[],
  names: Awaited<ReturnType<typeof peopleNamed>>,
  relationship: GovernedRelationship,
  mayManage: boolean,
): AgreementChangeDto[] {
  return rows.map((c) => {
    const open = c.status === 'proposed';
    return {
      id: c.id,
      agreementId: c.agreementId,
      baseRevision: c.baseRevision,
      reason: c.reason,
      status: c.status,
      differences: differencesOf(c.baseTerms, { ...c.baseTerms, ...c.terms }),
      proposedBy: names.user(c.proposedById)!,
      proposedAt: c.proposedAt.toISOString(),
      university: {
        authority: c.authority,
        approver: names.user(relationship.managerId),
        decision: c.universityDecision,
        decidedBy: names.user(c.universityDecidedById),
        decidedAt: iso(c.universityDecidedAt),
        note: c.universityNote,
      },
      partner: c.partnerContactId
        ? {
            contact: names.contact(c.partnerContactId),
            decision: c.partnerDecision,
            recordedBy: names.user(c.partnerRecordedById),
            decidedAt: iso(c.partnerDecidedAt),
            note: c.partnerNote,
          }
        : null,
      can: {
        decideForUniversity:
          open &&
          c.universityDecision === null &&
          agreementPolicy.canDecideForUniversity(ctx.actor, relationship, c.authority),
        recordForPartner: open && c.partnerContactId !== null && c.partnerDecision === null && mayManage,
      },
    };
  });
}

async function presentChanges(
  ctx: Ctx,
  db: Executor,
  rows: ChangeRow[],
  relationship: GovernedRelationship,
  ownerId: string,
) {
  const names = await peopleNamed(db, rows, relationship.managerId);
  return presentChange(
    ctx,
    rows,
    names,
    relationship,
    agreementPolicy.canManage(ctx.actor, relationship, { ownerId }),
  );
}

export async function agreementChanges(ctx: Ctx, agreementId: string) {
  const { row, relationship } = await loadReadable(ctx, ctx.db, agreementId);
  return {
    items: await presentChanges(ctx, ctx.db, await changesOf(ctx.db, agreementId), relationship, row.ownerId),
  };
}

export async function proposeChange(ctx: Ctx, agreementId: string, input: ProposeChange) {
  return ctx.db.transaction(async (tx) => {
    const { row, relationship } = await loadReadable(ctx, tx, agreementId);
    if (!agreementPolicy.canManage(ctx.actor, relationship, row))
      throw forbidden(
        "Only those who look after the relationship, or the agreement's owner, propose changes",
      );
    if (row.status !== 'active')
      throw conflict('Only an agreement in force takes proposed changes; edit a draft directly');
    if (!relationship.managerId)
      throw conflict('The relationship has no manager to approve changes: name its manager first');
    const base = termsOf(row);
    const proposed = Object.fromEntries(
      agreementTermFields
        .filter((k) => input.terms[k] !== undefined && input.terms[k] !== base[k])
        .map((k) => [k, input.terms[k]]),
    ) as Partial<AgreementTerms>;
    if (Object.keys(proposed).length === 0)
      throw invalid('terms', 'changes nothing: give at least one field with a new value');
    checkDateOrder({ ...base, ...proposed }, 'terms.');
    const authority = authorityFor(
      (await loadApprovalRules(tx)).rules,
      row,
      Object.keys(proposed) as AgreementTermField[],
    );
    const change = await insertChange(tx, {
      authority,
      agreementId,
      baseRevision: row.revision,
      reason: input.reason,
      terms: proposed,
      baseTerms: base,
      proposedById: ctx.actor.userId,
      partnerContactId: row.partnerContactId,
    });
    // Whoever must approve it reads it, even when the agreement is confidential.
    const approvers = authority === 'senior_manager' ? await seniorManagersOver(tx, row.unitId) : [];
    await addReaders(tx, agreementId, [ctx.actor.userId, relationship.managerId, ...approvers]);
    const [presented] = await presentChanges(ctx, tx, [change], relationship, row.ownerId);
    await recordChange(tx, ctx, {
      entity: 'agreement_change',
      entityId: change.id,
      action: 'proposed',
      after: presented,
      detail: { partnerId: relationship.partnerId, title: row.title, approverIds: approvers },
    });
    return presented!;
  });
}

/**
 * One side's decision on a proposed change. The change row is locked first, so of two decisions
 * at once one wins and the other finds it decided (409). When every side has approved, the
 * agreement takes the new terms as its next version; a decline keeps the version in force.
 */
export async function decideChange(ctx: Ctx, changeId: string, input: DecideChange) {
  return ctx.db.transaction(async (tx) => {
    const found = await findChange(tx, changeId);
    if (!found) throw notFound('Change');
    const { row, relationship } = await loadReadable(ctx, tx, found.agreementId).catch(() => {
      throw notFound('Change');
    });
    if (
      input.side === 'university' &&
      !agreementPolicy.canDecideForUniversity(ctx.actor, relationship, found.authority)
    )
      throw forbidden(
        `This change needs the approval of ${approvalAuthorityLabels[found.authority].toLowerCase()}, by the approval rules`,
      );
    if (input.side === 'partner' && !agreementPolicy.canManage(ctx.actor, relationship, row))
      throw forbidden("Only those who look after the relationship record the partner's answer");
    const change = (await findChange(tx, changeId, { lock: true }))!;
    if (change.status !== 'proposed') throw conflict(`This change was already ${change.status}`);
    const now = new Date();
    let values: Partial<ChangeRow>;
    if (input.side === 'university') {
      if (change.universityDecision) throw conflict('The university has already answered this change');
      values = {
        universityDecision: input.decision,
        universityDecidedById: ctx.actor.userId,
        universityDecidedAt: now,
        universityNote: input.note,
      };
    } else {
      if (!change.partnerContactId) throw invalid('side', 'names a side this agreement has no signatory for');
      if (change.partnerDecision) throw conflict('The partner has already answered this change');
      values = {
        partnerDecision: input.decision,
        partnerRecordedById: ctx.actor.userId,
        partnerDecidedAt: now,
        partnerNote: input.note,
      };
    }
    const next = { ...change, ...values };
    const allApproved =
      next.universityDecision === 'approved' &&
      (next.partnerContactId === null || next.partnerDecision === 'approved');
    const status = input.decision === 'declined' ? 'declined' : allApproved ? 'approved' : 'proposed';
    if (status === 'approved') {
      const agreement = (await lockAgreement(tx, row.id))!;
      if (agreement.status !== 'active' || agreement.revision !== change.baseRevision)
        throw conflict(
          'The agreement has changed since this was proposed: propose the change again against the version in force',
        );
      const before = (await presentAgreement(tx, row.id))!;
      await reviseAgreement(tx, row.id, change.terms);
      await insertVersion(tx, {
        agreementId: row.id,
        revision: agreement.revision + 1,
        terms: { ...termsOf(agreement), ...change.terms },
        changeId,
      });
      await recordChange(tx, ctx, {
        entity: 'agreement',
        entityId: row.id,
        action: 'revised',
        before,
        after: await presentAgreement(tx, row.id),
        detail: { changeId },
      });
    }
    const saved = await saveDecision(tx, changeId, { ...values, status });
    const [presented] = await presentChanges(ctx, tx, [saved], relationship, row.ownerId);
    await recordChange(tx, ctx, {
      entity: 'agreement_change',
      entityId: changeId,
      action: 'decided',
      before: (await presentChanges(ctx, tx, [change], relationship, row.ownerId))[0],
      after: presented,
      detail: {
        partnerId: relationship.partnerId,
        title: row.title,
        side: input.side,
        decision: input.decision,
      },
    });
    return presented!;
  });
}

export async function agreementVersions(ctx: Ctx, agreementId: string) {
  await loadReadable(ctx, ctx.db, agreementId);
  const rows = await versionsOf(ctx.db, agreementId);
  return {
    items: rows.map((v, i) => ({
      revision: v.revision,
      terms: v.terms,
      differences: i === 0 ? [] : differencesOf(rows[i - 1]!.terms, v.terms),
      changeId: v.changeId,
      reason: v.reason,
      createdAt: v.createdAt.toISOString(),
    })),
  };
}

const APPROVAL_RULES_SETTING_ID = '00000000-0000-4000-8000-000000000018';

/** The approval rules an administrator set (none: the relationship's manager approves every change). */
export async function loadApprovalRules(db: Executor): Promise<ApprovalRules> {
  const stored = approvalRulesSchema.safeParse(await readApprovalRules(db));
  return stored.success ? stored.data : { rules: [] };
}

export const getApprovalRules = (ctx: Ctx) => loadApprovalRules(ctx.db);

/** Replaces the approval rules; they apply to changes proposed from now on. */
export async function setApprovalRules(ctx: Ctx, value: ApprovalRules) {
  if (!isAdministrator(ctx.actor) || ctx.actor.readOnly)
    throw forbidden('Only an administrator sets who approves changes to agreements');
  return ctx.db.transaction(async (tx) => {
    const named = [...new Set(value.rules.flatMap((r) => (r.unitId ? [r.unitId] : [])))];
    const found = new Set(await unitsExist(tx, named));
    const missing = value.rules.findIndex((r) => r.unitId !== null && !found.has(r.unitId));
    if (missing >= 0) throw invalid(`rules[${missing}].unitId`, 'does not name a unit');
    const before = await loadApprovalRules(tx);
    await writeApprovalRules(tx, value);
    await recordChange(tx, ctx, {
      entity: 'setting',
      entityId: APPROVAL_RULES_SETTING_ID,
      action: 'updated',
      before,
      after: value,
    });
    return value;
  });
}
