import { DateTime } from 'luxon';
import {
  type DisputeTimescales,
  defaultDisputeTimescales,
  disputeStep,
  disputeTimescalesSchema,
  type MoveDisputeStage,
  type RecordOutcome,
} from '../../../../common/src/contracts/disputes.ts';
import {
  type DisputeStage,
  disputeStageLabels,
  type TimedStage,
} from '../../../../common/src/labels/disputes.ts';
import { UNIVERSITY_TIME_ZONE } from '../../../../common/src/wording.ts';
import type { Executor } from '../../db/client.ts';
import { recordChange, type Writer } from '../../db/records.ts';
import { AppError, forbidden, invalid, notFound } from '../../errors.ts';
import { JOB } from '../../jobs/names.ts';
import type { Ctx } from '../../lib/context.ts';
import { type Actor, isAdministrator } from '../access/actor.ts';
import { agreementAudience, requestAudience } from '../access/audience.repository.ts';
import { hashSecret, newSecret } from '../auth/secrets.ts';
import { requestPolicy } from '../requests/requests.policy.ts';
import { loadVisibleRequest } from '../requests/requests.service.ts';
import { createRelationshipTask } from '../tasks/tasks.service.ts';
import {
  contactOfPartner,
  disputeStore,
  governingTerms,
  openDisputes,
  procedureByLink,
  procedureOf,
  queueOutcomeMail,
  readTimescales,
  writeTimescales,
} from './disputes.repository.ts';
import { isTimed, timescalesInTerms } from './timescales.ts';

const conflict = (message: string) => new AppError('conflict', message);
/** How long the partner's contact has to acknowledge an outcome by its link. */
const LINK_DAYS = 30;
/** When an improvement task from a lesson falls due. */
const IMPROVEMENT_DAYS = 30;
const SETTING_ID = '00000000-0000-4000-8000-000000000017';

const dayOf = (at: Date) => DateTime.fromJSDate(at, { zone: UNIVERSITY_TIME_ZONE }).toISODate()!;
const todayOf = (now = new Date()) => dayOf(now);

/** The institution's default timescales (an administrator's setting, else the built-in ones). */
export async function loadTimescales(db: Executor): Promise<DisputeTimescales> {
  const stored = disputeTimescalesSchema.safeParse(await readTimescales(db));
  return stored.success ? stored.data : defaultDisputeTimescales;
}

export const getTimescales = (ctx: Ctx) => loadTimescales(ctx.db);

export async function setTimescales(ctx: Ctx, value: DisputeTimescales) {
  if (!isAdministrator(ctx.actor)) throw forbidden('Only an administrator can change the dispute timescales');
  return ctx.db.transaction(async (tx) => {
    const before = await loadTimescales(tx);
    await writeTimescales(tx, value);
    await recordChange(tx, ctx, {
      entity: 'setting',
      entityId: SETTING_ID,
      action: 'updated',
      before,
      after: value,
    });
    return value;
  });
}

type DisputeRequest = { relationshipId: string | null; partnerId: string; unitId: string };

type Terms = Awaited<ReturnType<typeof governingTerms>>;

/** The timescales that apply to a request: the newest governing agreement whose key terms set any, over the defaults. */
function timescalesOf(request: DisputeRequest, terms: Terms, defaults: DisputeTimescales) {
  const governs = (a: Terms[number]) =>
    request.relationshipId
      ? a.relationshipId === request.relationshipId
      : a.partnerId === request.partnerId && a.unitId === request.unitId;
  for (const agreement of terms.filter(governs)) {
    const set = timescalesInTerms(agreement.keyTerms);
    if (Object.keys(set).length)
      return { timescales: { ...defaults, ...set }, from: { id: agreement.id, title: agreement.title } };
  }
  return { timescales: defaults, from: null };
}

async function timescalesFor(
  db: Executor,
  actor: Actor,
  request: DisputeRequest,
  defaults: DisputeTimescales,
) {
  return timescalesOf(request, await governingTerms(db, [request], agreementAudience.scope(actor)), defaults);
}

const dueOn = (startedAt: Date, days: number) =>
  DateTime.fromJSDate(startedAt, { zone: UNIVERSITY_TIME_ZONE }).plus({ days }).toISODate()!;

/** A dispute request the actor may read; any other kind is not in the procedure (409). */
async function loadDispute(ctx: Ctx, db: Executor, requestId: string, lock = false) {
  const { row, readerIds } = await loadVisibleRequest(ctx, db, requestId, lock);
  if (row.kind !== 'dispute') throw conflict('Only a request of kind dispute follows the dispute procedure');
  return { request: row, mayWork: requestPolicy.canWork(ctx.actor, row, readerIds) };
}

async function present(ctx: Ctx, db: Executor, requestId: string, mayWork: boolean) {
  const { row: request } = await loadVisibleRequest(ctx, db, requestId);
  const procedure = await procedureOf(db, requestId);
  const stage: DisputeStage = procedure?.stage ?? 'informal_discussion';
  const startedAt = procedure?.stageStartedAt ?? request.createdAt;
  const { timescales, from } = await timescalesFor(db, ctx.actor, request, await loadTimescales(db));
  const due = isTimed(stage) ? dueOn(startedAt, timescales[stage]) : null;
  return {
    requestId,
    version: procedure?.version ?? 0,
    stage,
    stageStartedAt: startedAt.toISOString(),
    stageDueOn: due,
    overdue: due !== null && due < todayOf(),
    timescales,
    timescalesFrom: from,
    outcome:
      procedure?.agreed && procedure.outcomeRecordedAt && procedure.contactId
        ? {
            agreed: procedure.agreed,
            lessons: procedure.lessons ?? [],
            recordedAt: procedure.outcomeRecordedAt.toISOString(),
            contact: {
              id: procedure.contactId,
              name: (await contactOfPartner(db, procedure.contactId, request.partnerId)) ?? '',
            },
            linkExpiresAt: procedure.linkExpiresAt!.toISOString(),
            acknowledgedAt: procedure.acknowledgedAt?.toISOString() ?? null,
          }
        : null,
    can: { move: mayWork && stage !== 'outcome' },
  };
}

export async function getDispute(ctx: Ctx, requestId: string) {
  const { mayWork } = await loadDispute(ctx, ctx.db, requestId);
  return present(ctx, ctx.db, requestId, mayWork);
}

/** The move from one stage to another is allowed only one step forward. */
function checkMove(from: DisputeStage, to: DisputeStage) {
  const a = disputeStep[from];
  const b = disputeStep[to];
  if (b === a + 1) return;
  const label = (s: DisputeStage) => disputeStageLabels[s].toLowerCase();
  if (b <= a)
    throw conflict(`A dispute does not move back: it is at ${label(from)} and cannot return to ${label(to)}`);
  throw conflict(`A dispute moves one stage at a time: from ${label(from)} it cannot skip to ${label(to)}`);
}

/** Writes the procedure's new stage (creating its row at the first move). */
async function saveStage(
  tx: Executor,
  ctx: Ctx,
  requestId: string,
  existing: Awaited<ReturnType<typeof procedureOf>>,
  values: {
    stage: DisputeStage;
    agreed?: string;
    lessons?: string[];
    contactId?: string;
    linkHash?: string;
    linkExpiresAt?: Date;
  },
  from: DisputeStage,
) {
  const now = new Date();
  const outcome = values.stage === 'outcome';
  const changes = {
    stage: values.stage,
    stageStartedAt: now,
    agreed: values.agreed,
    lessons: values.lessons,
    outcomeRecordedAt: outcome ? now : undefined,
    outcomeRecordedById: outcome ? ctx.actor.userId : undefined,
    contactId: values.contactId,
    linkHash: values.linkHash,
    linkExpiresAt: values.linkExpiresAt,
    acknowledgedAt: undefined,
  };
  const action = outcome ? ('outcome_recorded' as const) : ('stage_moved' as const);
  const detail = { from, to: values.stage };
  if (!existing) {
    const [created] = await disputeStore.createMany(tx, ctx, [
      {
        requestId,
        ...changes,
        agreed: changes.agreed ?? null,
        lessons: changes.lessons ?? null,
        outcomeRecordedAt: changes.outcomeRecordedAt ?? null,
        outcomeRecordedById: changes.outcomeRecordedById ?? null,
        contactId: changes.contactId ?? null,
        linkHash: changes.linkHash ?? null,
        linkExpiresAt: changes.linkExpiresAt ?? null,
        acknowledgedAt: null,
      },
    ]);
    await recordChange(tx, ctx, { entity: 'dispute', entityId: created!.id, action, detail });
    return;
  }
  await disputeStore.update(tx, ctx, existing.id, existing.version, changes, {
    before: existing,
    action,
    detail,
  });
}

/** Moves a dispute to its next stage: formal review, then a senior panel or mediation. */
export async function moveDisputeStage(ctx: Ctx, requestId: string, input: MoveDisputeStage) {
  return ctx.db.transaction(async (tx) => {
    const { mayWork } = await loadDispute(ctx, tx, requestId, true);
    if (!mayWork) throw forbidden('Only those who work the request move its dispute stage');
    const existing = await procedureOf(tx, requestId, true);
    const from = existing?.stage ?? 'informal_discussion';
    checkMove(from, input.stage);
    await saveStage(tx, ctx, requestId, existing, { stage: input.stage }, from);
    return present(ctx, tx, requestId, mayWork);
  });
}

/**
 * Records the outcome (after a senior panel or mediation): what was agreed, for the partner's
 * contact to acknowledge by a private link (returned this once, and e-mailed to the contact as
 * their consent allows; the procedure keeps only its hash), and the lessons, each an improvement
 * task for the request's owner.
 */
export async function recordOutcome(ctx: Ctx, requestId: string, input: RecordOutcome) {
  const result = await ctx.db.transaction(async (tx) => {
    const { request, mayWork } = await loadDispute(ctx, tx, requestId, true);
    if (!mayWork) throw forbidden('Only those who work the request record its outcome');
    const existing = await procedureOf(tx, requestId, true);
    const from = existing?.stage ?? 'informal_discussion';
    checkMove(from, 'outcome');
    const contactName = await contactOfPartner(tx, input.contactId, request.partnerId);
    if (!contactName) throw invalid('contactId', "does not name one of the partner's contacts");
    const token = newSecret('do_');
    await saveStage(
      tx,
      ctx,
      requestId,
      existing,
      {
        stage: 'outcome',
        agreed: input.agreed,
        lessons: input.lessons,
        contactId: input.contactId,
        linkHash: hashSecret(token),
        linkExpiresAt: DateTime.now().plus({ days: LINK_DAYS }).toJSDate(),
      },
      from,
    );
    // The link also goes to the contact by e-mail, as their consent allows, once this commits.
    const saved = await procedureOf(tx, requestId);
    await queueOutcomeMail(tx, saved!.id, token);
    const due = DateTime.now().setZone(UNIVERSITY_TIME_ZONE).plus({ days: IMPROVEMENT_DAYS }).toISODate()!;
    for (const lesson of input.lessons)
      await createRelationshipTask(tx, ctx, {
        title: `Improvement from dispute #${request.reference}: ${lesson}`.slice(0, 500),
        assigneeId: request.ownerId ?? ctx.actor.userId,
        dueOn: due,
        partnerId: request.partnerId,
        relationshipId: request.relationshipId,
      });
    return { ...(await present(ctx, tx, requestId, mayWork)), acknowledgementPath: `/outcome/${token}` };
  });
  await ctx.jobs.trigger(JOB.deliverDisputeOutcomeMail).catch(() => undefined);
  return result;
}

/** The public side: the partner's contact, by the private link, with no account. */
type PublicCall = { db: Ctx['db']; requestId: string };

function checkLink(found: Awaited<ReturnType<typeof procedureByLink>>) {
  if (!found) throw notFound('Outcome');
  if (found.procedure.linkExpiresAt && found.procedure.linkExpiresAt < new Date())
    throw new AppError('gone', 'This link has expired: ask your contact at the university for a new one');
  return found;
}

export async function publicOutcome(call: PublicCall, token: string) {
  const found = checkLink(await procedureByLink(call.db, hashSecret(token)));
  return {
    partnerName: found.partnerName,
    unitName: found.unitName,
    contactName: found.contactName,
    title: found.title,
    agreed: found.procedure.agreed ?? '',
    acknowledgedAt: found.procedure.acknowledgedAt?.toISOString() ?? null,
  };
}

/** The contact acknowledges the outcome, once: the row is locked, so two at once count once. */
export async function acknowledgeOutcome(call: PublicCall, token: string) {
  await call.db.transaction(async (tx) => {
    const found = checkLink(await procedureByLink(tx, hashSecret(token), true));
    if (found.procedure.acknowledgedAt) throw conflict('This outcome has already been acknowledged');
    const writer: Writer = {
      actor: { userId: null, tokenId: null, contactId: found.procedure.contactId },
      requestId: call.requestId,
    };
    const p = found.procedure;
    await disputeStore.update(
      tx,
      writer,
      p.id,
      p.version,
      {
        stage: undefined,
        stageStartedAt: undefined,
        agreed: undefined,
        lessons: undefined,
        outcomeRecordedAt: undefined,
        outcomeRecordedById: undefined,
        contactId: undefined,
        linkHash: undefined,
        linkExpiresAt: undefined,
        acknowledgedAt: new Date(),
      },
      { before: p, action: 'acknowledged' },
    );
  });
  return publicOutcome(call, token);
}

/** Open dispute stages past their timescale that the reader may see (the senior view). */
export async function overdueDisputeStages(ctx: Ctx, limit: number) {
  const defaults = await loadTimescales(ctx.db);
  const rows = await openDisputes(ctx.db, requestAudience.scope(ctx.actor), limit * 5);
  const governed = rows.map((r) => ({
    relationshipId: r.relationshipId,
    partnerId: r.requestPartnerId,
    unitId: r.unitId,
  }));
  const terms = await governingTerms(ctx.db, governed, agreementAudience.scope(ctx.actor));
  const today = todayOf();
  const overdue = [];
  for (const [i, r] of rows.entries()) {
    const stage = r.stage as TimedStage;
    const { timescales } = timescalesOf(governed[i]!, terms, defaults);
    const due = dueOn(r.stageStartedAt, timescales[stage]);
    if (due < today)
      overdue.push({
        requestId: r.requestId,
        reference: r.reference,
        title: r.title,
        partner: { id: r.partnerId, name: r.partnerName },
        unitName: r.unitName,
        stage,
        stageDueOn: due,
      });
    if (overdue.length >= limit) break;
  }
  return overdue;
}
