import type {
  CreateInitiative,
  CreateInput,
  CreateMilestone,
  InputDto,
  UpdateInitiative,
  UpdateInput,
} from '../../../../common/src/contracts/initiatives.ts';
import type {
  ExportInitiativesQuery,
  ListInitiativesQuery,
} from '../../../../common/src/lists/initiatives.ts';
import type { Executor } from '../../db/client.ts';
import { recordChange } from '../../db/records.ts';
import { AppError, type FieldError, forbidden, invalid, notFound } from '../../errors.ts';
import { JOB } from '../../jobs/names.ts';
import { allOf } from '../../lib/all-of.ts';
import type { Ctx } from '../../lib/context.ts';
import { type ExportColumn, exportFile, keysetPages } from '../../lib/lists/export.ts';
import { activityAudience, requestAudience, touchpointAudience } from '../access/audience.repository.ts';
import { historyOf } from '../audit/audit.service.ts';
import { hashSecret, newSecret } from '../auth/secrets.ts';
import { enqueueDigests } from './initiative-digest.job.ts';
import { initiativePolicy, initiativeScope } from './initiatives.policy.ts';
import {
  activeUser,
  earliestMilestone,
  existingPartners,
  feedbackSource,
  findInput,
  findMilestone,
  type InputListRow,
  initiativeByTokenHash,
  initiativeStore,
  initiativesOfPartner,
  inputStore,
  inputsOf,
  insertMilestone,
  isInvolved,
  listInitiatives,
  lockInitiative,
  markReached,
  milestonesOf,
  type PresentedInitiative,
  presentInitiative,
  presentInitiatives,
  publicPathOf,
  publishedItems,
  replacePartners,
  requestSource,
  setPublication,
  touchpointInvolves,
  touchpointSource,
  unitExists,
} from './initiatives.repository.ts';

const EXPORT_PAGE = 500;
const MAX_MILESTONES = 500;
const MAX_INPUTS = 2000;
const conflict = (message: string) => new AppError('conflict', message);
const fail = (errors: FieldError[]) => {
  if (errors.length) throw new AppError('validation', 'The request is not valid', { errors });
};

/** An initiative as the caller gets it, with what they may do with it. */
function withAbilities(ctx: Ctx, i: PresentedInitiative) {
  const mayChange = initiativePolicy.canChange(ctx.actor, { unitId: i.unit.id, ownerId: i.owner.id });
  return { ...i, can: { update: mayChange, delete: false, respond: mayChange } };
}

async function loadInitiative(db: Executor, id: string) {
  const i = await presentInitiative(db, id);
  if (!i) throw notFound('Initiative');
  return i;
}

/** An initiative the caller may run; 404 if there is none, 403 if they may only read it. */
async function loadChangeable(ctx: Ctx, db: Executor, id: string) {
  const i = await loadInitiative(db, id);
  if (!initiativePolicy.canChange(ctx.actor, { unitId: i.unit.id, ownerId: i.owner.id }))
    throw forbidden(
      'Only the owner, staff of the owning unit, its senior managers or an administrator can do this',
    );
  return i;
}

async function checkPartners(
  tx: Executor,
  entries: { partnerId: string }[] | undefined,
  errors: FieldError[],
) {
  if (!entries?.length) return;
  const found = await existingPartners(
    tx,
    entries.map((e) => e.partnerId),
  );
  entries.forEach((e, index) => {
    if (!found.has(e.partnerId))
      errors.push({ field: `partners[${index}].partnerId`, message: 'does not name a partner' });
  });
  const seen = new Set<string>();
  entries.forEach((e, index) => {
    if (seen.has(e.partnerId))
      errors.push({ field: `partners[${index}].partnerId`, message: 'is listed twice' });
    seen.add(e.partnerId);
  });
}

export async function createInitiative(ctx: Ctx, input: CreateInitiative) {
  const unitId = input.unitId ?? ctx.actor.unitId;
  if (!unitId) throw invalid('unitId', 'is required: you belong to no unit');
  return ctx.db.transaction(async (tx) => {
    const errors: FieldError[] = [];
    if (input.unitId && !(await unitExists(tx, input.unitId)))
      throw invalid('unitId', 'does not name a unit');
    if (!initiativePolicy.canCreateFor(ctx.actor, unitId))
      throw forbidden('Staff start initiatives for their own unit');
    const ownerId = input.ownerId ?? ctx.actor.userId;
    if (!(await activeUser(tx, ownerId)))
      errors.push({ field: 'ownerId', message: 'does not name an active member of staff' });
    await checkPartners(tx, input.partners, errors);
    fail(errors);
    const created = await initiativeStore.create(
      tx,
      ctx,
      {
        title: input.title,
        description: input.description,
        unitId,
        ownerId,
        status: input.status,
        startDate: input.startDate,
        createdById: ctx.actor.userId,
      },
      { alongside: async ([row]) => replacePartners(tx, row!.id, input.partners) },
    );
    return withAbilities(ctx, created);
  });
}

export async function changeInitiative(ctx: Ctx, id: string, version: number, input: UpdateInitiative) {
  return ctx.db.transaction(async (tx) => {
    if (!(await lockInitiative(tx, id))) throw notFound('Initiative');
    const before = await loadChangeable(ctx, tx, id);
    const errors: FieldError[] = [];
    if (input.ownerId && !(await activeUser(tx, input.ownerId)))
      errors.push({ field: 'ownerId', message: 'does not name an active member of staff' });
    await checkPartners(tx, input.partners, errors);
    if (input.startDate) {
      const first = await earliestMilestone(tx, id);
      if (first && first < input.startDate)
        errors.push({ field: 'startDate', message: `is after the first milestone (${first})` });
    }
    fail(errors);
    const after = await initiativeStore.update(
      tx,
      ctx,
      id,
      version,
      {
        title: input.title,
        description: input.description,
        ownerId: input.ownerId,
        status: input.status,
        startDate: input.startDate,
        publishedAt: undefined,
      },
      {
        before,
        alongside: async () => {
          if (input.partners) await replacePartners(tx, id, input.partners);
        },
      },
    );
    return withAbilities(ctx, after);
  });
}

export async function getInitiative(ctx: Ctx, id: string) {
  return withAbilities(ctx, await loadInitiative(ctx.db, id));
}

export async function findInitiatives(ctx: Ctx, query: ListInitiativesQuery) {
  const { limit, cursor, sort, ...filter } = query;
  const page = await listInitiatives(ctx.db, filter, initiativeScope(ctx.actor), { limit, cursor, sort });
  const items = await presentInitiatives(ctx.db, page.items);
  return { items: items.map((i) => withAbilities(ctx, i)), nextCursor: page.nextCursor };
}

export async function initiativeHistory(ctx: Ctx, id: string, query: { limit: number; cursor?: string }) {
  await loadInitiative(ctx.db, id);
  return historyOf(ctx, initiativeStore.entity, id, query);
}

const exportColumns: ExportColumn<PresentedInitiative>[] = [
  { header: 'Title', value: (i) => i.title, width: 40 },
  { header: 'Status', value: (i) => i.status },
  { header: 'Owning unit', value: (i) => i.unit.name, width: 28 },
  { header: 'Owner', value: (i) => i.owner.name, width: 24 },
  { header: 'Start', value: (i) => i.startDate },
  {
    header: 'Partners involved',
    value: (i) => i.partners.map((p) => `${p.name} (${p.involvement})`).join('; '),
    width: 50,
  },
  { header: 'Input', value: (i) => i.counts.inputs },
  { header: 'Open input', value: (i) => i.counts.open },
  { header: 'Published', value: (i) => i.publication !== null },
  { header: 'Rapport id', value: (i) => i.id, width: 38 },
];

/** Every initiative the filters match that the caller may see, streamed. */
export function exportInitiatives(ctx: Ctx, query: ExportInitiativesQuery) {
  const { format, sort, ...filters } = query;
  const scope = initiativeScope(ctx.actor);
  return exportFile({
    format,
    basename: 'initiatives',
    sheetName: 'Initiatives',
    columns: exportColumns,
    pages: keysetPages(async (cursor) => {
      const page = await listInitiatives(ctx.db, filters, scope, { limit: EXPORT_PAGE, cursor, sort });
      return { items: await presentInitiatives(ctx.db, page.items), nextCursor: page.nextCursor };
    }),
  });
}

// Milestones

export async function addMilestone(ctx: Ctx, id: string, input: CreateMilestone) {
  return ctx.db.transaction(async (tx) => {
    if (!(await lockInitiative(tx, id))) throw notFound('Initiative');
    const before = await loadChangeable(ctx, tx, id);
    if (before.milestones.length >= MAX_MILESTONES)
      throw conflict(`An initiative keeps at most ${MAX_MILESTONES} milestones`);
    if (before.startDate && input.dueDate < before.startDate)
      throw invalid('dueDate', `is before the start of the initiative (${before.startDate})`);
    const milestone = await insertMilestone(tx, {
      initiativeId: id,
      title: input.title,
      dueDate: input.dueDate,
    });
    const after = (await presentInitiative(tx, id))!;
    await recordChange(tx, ctx, {
      entity: 'initiative',
      entityId: id,
      action: 'milestone_added',
      before,
      after,
      detail: { milestoneId: milestone.id, title: milestone.title, dueDate: milestone.dueDate },
    });
    return withAbilities(ctx, after);
  });
}

/**
 * Marks a milestone reached and queues the digest to the involved partners' key contacts (those
 * who may be contacted about initiatives). A milestone is reached once (409 after).
 */
export async function reachMilestone(ctx: Ctx, id: string, milestoneId: string) {
  const result = await ctx.db.transaction(async (tx) => {
    if (!(await lockInitiative(tx, id))) throw notFound('Initiative');
    const before = await loadChangeable(ctx, tx, id);
    const milestone = await findMilestone(tx, id, milestoneId);
    if (!milestone) throw notFound('Milestone');
    if (milestone.reachedAt) throw conflict('This milestone was already reached; its digest has gone');
    await markReached(tx, milestoneId, ctx.actor.userId);
    const queued = await enqueueDigests(tx, { id, published: before.publication !== null }, milestoneId);
    const after = (await presentInitiative(tx, id))!;
    await recordChange(tx, ctx, {
      entity: 'initiative',
      entityId: id,
      action: 'milestone_reached',
      before,
      after,
      detail: { milestoneId, title: milestone.title, digests: queued },
    });
    return withAbilities(ctx, after);
  });
  await ctx.jobs.trigger(JOB.deliverInitiativeDigests).catch(() => undefined);
  return result;
}

// Publication

/** Publishes the "you said, we did" page at a new private link (a link given out before stops working). */
export async function publishInitiative(ctx: Ctx, id: string) {
  return ctx.db.transaction(async (tx) => {
    if (!(await lockInitiative(tx, id))) throw notFound('Initiative');
    const before = await loadChangeable(ctx, tx, id);
    const token = newSecret();
    await setPublication(tx, id, hashSecret(token));
    const after = (await presentInitiative(tx, id))!;
    await recordChange(tx, ctx, { entity: 'initiative', entityId: id, action: 'published', before, after });
    // The link is shown this once: only its hash is kept.
    return {
      ...withAbilities(ctx, after),
      publication: { path: publicPathOf(token), publishedAt: after.publication!.publishedAt },
    };
  });
}

export async function unpublishInitiative(ctx: Ctx, id: string) {
  return ctx.db.transaction(async (tx) => {
    if (!(await lockInitiative(tx, id))) throw notFound('Initiative');
    const before = await loadChangeable(ctx, tx, id);
    await setPublication(tx, id, null);
    const after = (await presentInitiative(tx, id))!;
    await recordChange(tx, ctx, { entity: 'initiative', entityId: id, action: 'unpublished', before, after });
    return withAbilities(ctx, after);
  });
}

// Input: "you said, we did"

/** The label of an input's source, or null when the caller may not see it (or it is gone). */
async function sourceFor(ctx: Ctx, db: Executor, row: InputListRow['input']): Promise<InputDto['source']> {
  if (row.touchpointId) {
    const tp = await touchpointSource(db, row.touchpointId);
    if (!tp || !(await touchpointAudience.readableBy(db, ctx.actor, tp.id))) return null;
    return { kind: 'touchpoint', id: tp.id, label: tp.subject };
  }
  if (row.requestId) {
    const r = await requestSource(db, row.requestId);
    if (!r || !(await requestAudience.readableBy(db, ctx.actor, r.id))) return null;
    return { kind: 'request', id: r.id, label: r.title };
  }
  if (row.feedbackId) {
    const f = await feedbackSource(db, row.feedbackId);
    if (!f || !(await activityAudience.readableBy(db, ctx.actor, f.activityId))) return null;
    return { kind: 'feedback', id: f.id, label: `Feedback on ${f.title}` };
  }
  return null;
}

async function presentInput(ctx: Ctx, db: Executor, row: InputListRow): Promise<InputDto> {
  const i = row.input;
  return {
    id: i.id,
    version: i.version,
    createdAt: i.createdAt.toISOString(),
    updatedAt: i.updatedAt.toISOString(),
    initiativeId: i.initiativeId,
    partner: { id: i.partnerId, name: row.partnerName },
    summary: i.summary,
    source: await sourceFor(ctx, db, i),
    response: i.response,
    status: i.status,
    reason: i.reason,
    internalNote: i.internalNote,
    published: i.published,
    withheld: Boolean(row.withheld),
    createdBy: { id: i.createdById, name: row.createdByName },
  };
}

export async function initiativeInputs(ctx: Ctx, id: string) {
  await loadInitiative(ctx.db, id);
  const rows = await inputsOf(ctx.db, id);
  const items: InputDto[] = [];
  for (const row of rows) items.push(await presentInput(ctx, ctx.db, row));
  return { items };
}

/** A source the caller may not see is refused exactly as one that does not exist. */
async function checkSource(ctx: Ctx, tx: Executor, input: CreateInput, errors: FieldError[]) {
  const given = (['touchpointId', 'feedbackId', 'requestId'] as const).filter((k) => input[k]);
  if (given.length > 1) {
    errors.push({ field: given[1]!, message: 'give one source: a touch point, feedback or a request' });
    return;
  }
  if (input.touchpointId) {
    const tp = await touchpointSource(tx, input.touchpointId);
    if (!tp || !(await touchpointAudience.readableBy(tx, ctx.actor, tp.id)))
      errors.push({ field: 'touchpointId', message: 'does not name a touch point' });
    else if (!(await touchpointInvolves(tx, tp.id, input.partnerId)))
      errors.push({ field: 'touchpointId', message: 'is not a touch point with this partner' });
  }
  if (input.requestId) {
    const r = await requestSource(tx, input.requestId);
    if (!r || !(await requestAudience.readableBy(tx, ctx.actor, r.id)))
      errors.push({ field: 'requestId', message: 'does not name a request' });
    else if (r.partnerId !== input.partnerId)
      errors.push({ field: 'requestId', message: "is not this partner's request" });
  }
  if (input.feedbackId) {
    const f = await feedbackSource(tx, input.feedbackId);
    if (!f || !(await activityAudience.readableBy(tx, ctx.actor, f.activityId)))
      errors.push({ field: 'feedbackId', message: 'does not name activity feedback' });
  }
}

const reasonMissing = (status: string, reason: string | null) => status === 'not_adopted' && !reason;

export async function addInput(ctx: Ctx, id: string, input: CreateInput) {
  return ctx.db.transaction(async (tx) => {
    if (!(await lockInitiative(tx, id))) throw notFound('Initiative');
    const before = await loadChangeable(ctx, tx, id);
    if (before.counts.inputs >= MAX_INPUTS)
      throw conflict(`An initiative keeps at most ${MAX_INPUTS} pieces of input`);
    const errors: FieldError[] = [];
    if (!(await isInvolved(tx, id, input.partnerId)))
      errors.push({ field: 'partnerId', message: 'is not one of the partners involved' });
    else await checkSource(ctx, tx, input, errors);
    if (reasonMissing(input.status, input.reason))
      errors.push({ field: 'reason', message: 'is required when the input was not adopted' });
    fail(errors);
    const [created] = await inputStore.createMany(tx, ctx, [
      {
        initiativeId: id,
        partnerId: input.partnerId,
        summary: input.summary,
        touchpointId: input.touchpointId,
        feedbackId: input.feedbackId,
        requestId: input.requestId,
        response: input.response,
        status: input.status,
        reason: input.reason,
        internalNote: input.internalNote,
        published: input.published,
        createdById: ctx.actor.userId,
      },
    ]);
    return presentInput(ctx, tx, (await findInput(tx, id, created!.id))!);
  });
}

export async function changeInput(
  ctx: Ctx,
  id: string,
  inputId: string,
  version: number,
  input: UpdateInput,
) {
  return ctx.db.transaction(async (tx) => {
    if (!(await lockInitiative(tx, id))) throw notFound('Initiative');
    await loadChangeable(ctx, tx, id);
    const found = await findInput(tx, id, inputId);
    if (!found) throw notFound('Input');
    const status = input.status ?? found.input.status;
    const reason = input.reason === undefined ? found.input.reason : input.reason;
    if (reasonMissing(status, reason)) throw invalid('reason', 'is required when the input was not adopted');
    await inputStore.update(
      tx,
      ctx,
      inputId,
      version,
      {
        summary: input.summary,
        response: input.response,
        status: input.status,
        reason: input.reason,
        internalNote: input.internalNote,
        published: input.published,
      },
      { before: found.input },
    );
    return presentInput(ctx, tx, (await findInput(tx, id, inputId))!);
  });
}

// The published page and the partner page

/**
 * The published "you said, we did" page, by its private link (no account): the initiative's
 * public facts and published items only. An unknown or withdrawn link is not found.
 */
export async function publicInitiative(db: Executor, token: string) {
  const found = await initiativeByTokenHash(db, hashSecret(token));
  if (!found) throw notFound('Page');
  const { initiative } = found;
  const [milestones, items] = await allOf(db, [
    () => milestonesOf(db, initiative.id),
    () => publishedItems(db, initiative.id),
  ]);
  return {
    title: initiative.title,
    description: initiative.description,
    unitName: found.unitName,
    status: initiative.status,
    milestones: milestones.map((m) => ({
      title: m.title,
      dueDate: m.dueDate,
      reached: m.reachedAt !== null,
    })),
    items,
  };
}

/** The initiatives a partner is involved in, with the partner's open "you said" items. */
export async function partnerInitiatives(ctx: Ctx, partnerId: string) {
  if (!(await existingPartners(ctx.db, [partnerId])).has(partnerId)) throw notFound('Partner');
  return { items: await initiativesOfPartner(ctx.db, partnerId, initiativeScope(ctx.actor)) };
}
