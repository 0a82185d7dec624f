import type {
  CreateRequest,
  TransitionRequest,
  UpdateRequest,
} from '../../../../common/src/contracts/requests.ts';
import type { EscalationLevel, RequestStatus } from '../../../../common/src/labels/requests.ts';
import type { ExportRequestsQuery, ListRequestsQuery } from '../../../../common/src/lists/requests.ts';
import type { Executor } from '../../db/client.ts';
import { recordChange } from '../../db/records.ts';
import { AppError, type FieldError, forbidden, invalid, notFound, stale } from '../../errors.ts';
import { allOf } from '../../lib/all-of.ts';
import type { Ctx } from '../../lib/context.ts';
import { type ExportColumn, exportFile, keysetPages } from '../../lib/lists/export.ts';
import { historyOf } from '../audit/audit.service.ts';
import { targetSettings } from '../service-levels/calendar.ts';
import { serviceLevelFor } from '../service-levels/service-levels.service.ts';
import { fieldChanges, idsIn, presentChange } from './changes.ts';
import { allowedTransitions, isOpen } from './lifecycle.ts';
import { requestPolicy, requestScope } from './requests.policy.ts';
import {
  activeRolesOf,
  activityOf,
  addReaders,
  countByStatus,
  escalationsOf,
  findRequest,
  findRequests,
  insertComment,
  insertFieldChanges,
  insertTransition,
  isContactOfPartner,
  listRequests,
  nameOf,
  namesForChanges,
  partnerOfRelationship,
  type RequestChanges,
  type RequestRow,
  readersOf,
  replaceReaders,
  requestStoreWith,
  touchRequest,
  unchangedRequest,
} from './requests.repository.ts';
import { dueDates, redueDates, resumeClock, targetsOf } from './targets.ts';

const ENTITY = 'request';
/** Rows per query while exporting. */
const EXPORT_PAGE = 500;
const iso = (d: Date | null) => d?.toISOString() ?? null;

/** Requests as the API shows them: readers, allowed moves and live targets, fetched per page. */
export async function presentRequests(db: Executor, rows: RequestRow[], now = new Date()) {
  if (!rows.length) return [];
  const [{ calendar, rules, levels }, readers] = await allOf(db, [
    () => targetSettings(db),
    () =>
      readersOf(
        db,
        rows.map((r) => r.id),
      ),
  ]);
  const levelOf = (r: RequestRow) =>
    levels.find((l) => l.kind === r.kind && l.priority === r.priority) ?? {
      firstResponseHours: 0,
      resolveHours: 0,
    };
  return rows.map((row) => {
    const { clockPausedAt: _paused, responseDueAt: _r, resolveDueAt: _d, ...rest } = row;
    return {
      ...rest,
      firstRespondedAt: iso(row.firstRespondedAt),
      resolvedAt: iso(row.resolvedAt),
      closedAt: iso(row.closedAt),
      createdAt: row.createdAt.toISOString(),
      updatedAt: row.updatedAt.toISOString(),
      readers: readers.filter((p) => p.requestId === row.id).map(({ id, name }) => ({ id, name })),
      allowedTransitions: allowedTransitions(row.kind, row.status),
      targets: targetsOf(calendar, row, levelOf(row), rules.approachingFraction, now),
    };
  });
}
export type PresentedRequest = Awaited<ReturnType<typeof presentRequests>>[number];

/** A request as the caller gets it: with what they may do with it (never audited: it is theirs alone). */
function withAbilities(ctx: Ctx, r: PresentedRequest) {
  const writes = !ctx.actor.readOnly;
  const mayWork =
    writes &&
    requestPolicy.canWork(
      ctx.actor,
      r,
      r.readers.map((p) => p.id),
    );
  return {
    ...r,
    can: {
      update: mayWork,
      delete: false,
      move: mayWork,
      comment: writes && requestPolicy.canComment(ctx.actor),
    },
  };
}

/** Requests' one write path, presenting records as the API shows them. */
const requestStore = requestStoreWith((db, rows) => presentRequests(db, rows));

/** Loads a request the actor may see (hidden and missing look the same), optionally locking it. */
export async function loadVisibleRequest(ctx: Ctx, db: Executor, id: string, lock = false) {
  const row = await findRequest(db, id, lock);
  if (!row) throw notFound('Request');
  const readerIds = (await readersOf(db, [id])).map((r) => r.id);
  if (!requestPolicy.canRead(ctx.actor, row, readerIds)) throw notFound('Request');
  return { row, readerIds };
}

async function loadWorkable(ctx: Ctx, db: Executor, id: string) {
  const loaded = await loadVisibleRequest(ctx, db, id, true);
  if (!requestPolicy.canWork(ctx.actor, loaded.row, loaded.readerIds))
    throw forbidden(
      'Only its owner, its unit, whoever raised it, or the people it was escalated to can change it',
    );
  return loaded;
}

/** A request as the API shows it, read afresh (inside a transaction, pass it as `db`). */
export const presentRequestById = async (db: Executor, id: string) =>
  (await presentRequests(db, [(await findRequest(db, id))!]))[0]!;

/** Requests by id, presented in the order of `ids` (the senior view's lists). */
export async function presentRequestsInOrder(db: Executor, ids: string[], now = new Date()) {
  const rows = await findRequests(db, ids);
  const order = new Map(ids.map((id, i) => [id, i]));
  rows.sort((a, b) => order.get(a.id)! - order.get(b.id)!);
  return presentRequests(db, rows, now);
}

/** Escalations of a request, of a relationship, or every open one of any relationship; newest first. */
export const listEscalations = (db: Executor, subject: Parameters<typeof escalationsOf>[1]) =>
  escalationsOf(db, subject);
export type EscalationRow = Awaited<ReturnType<typeof escalationsOf>>[number];

/**
 * Sets a request's escalation level as a new version, recorded as `request.escalated` or
 * `request.deescalated` (escalations call it after writing the escalation itself, and adding
 * its readers in `alongside`). The row was loaded and locked in the same transaction.
 */
export async function setEscalationLevel(
  tx: Executor,
  ctx: Ctx,
  row: RequestRow,
  level: EscalationLevel | null,
  record: { detail: Record<string, unknown>; alongside?: () => Promise<void> },
) {
  const before = (await presentRequests(tx, [row]))[0]!;
  return requestStore.update(
    tx,
    ctx,
    row.id,
    row.version,
    { ...unchangedRequest, escalationLevel: level },
    { before, action: level ? 'escalated' : 'deescalated', ...record },
  );
}

export async function listRequestsFor(ctx: Ctx, query: ListRequestsQuery) {
  const { limit, cursor, sort, ownerId, ...filter } = query;
  const page = await listRequests(
    ctx.db,
    { ...filter, ownerId: ownerId === 'me' ? ctx.actor.userId : ownerId },
    requestScope(ctx.actor),
    { limit, cursor, sort },
  );
  const items = await presentRequests(ctx.db, page.items);
  return { items: items.map((r) => withAbilities(ctx, r)), nextCursor: page.nextCursor };
}

const exportColumns: ExportColumn<PresentedRequest>[] = [
  { header: 'Reference', value: (r) => r.reference },
  { header: 'Title', value: (r) => r.title, width: 40 },
  { header: 'Partner', value: (r) => r.partnerName, width: 30 },
  { header: 'Unit', value: (r) => r.unitName, width: 28 },
  { header: 'Kind', value: (r) => r.kind },
  { header: 'Priority', value: (r) => r.priority },
  { header: 'Status', value: (r) => r.status },
  { header: 'Owner', value: (r) => r.ownerName, width: 24 },
  { header: 'Raised by', value: (r) => r.raisedByName, width: 24 },
  { header: 'Raised', value: (r) => new Date(r.createdAt) },
  { header: 'Response due', value: (r) => r.targets.firstResponse.dueAt },
  { header: 'Resolution due', value: (r) => r.targets.resolution.dueAt },
  {
    header: 'Target missed',
    value: (r) => r.targets.resolution.breached || r.targets.firstResponse.breached,
  },
  { header: 'Escalated to', value: (r) => r.escalationLevel },
  { header: 'Visibility', value: (r) => r.visibility },
  { header: 'Resolution', value: (r) => r.resolution, width: 40 },
  { header: 'Satisfaction', value: (r) => r.satisfaction },
  { header: 'Rapport id', value: (r) => r.id, width: 38 },
];

/**
 * Every request the filters match that the caller may see (the register's own visibility
 * scope), with its targets as the list shows them, streamed page by page.
 */
export function exportRequests(ctx: Ctx, query: ExportRequestsQuery) {
  const { format, sort, ownerId, ...filter } = query;
  const scope = requestScope(ctx.actor);
  const resolved = { ...filter, ownerId: ownerId === 'me' ? ctx.actor.userId : ownerId };
  return exportFile({
    format,
    basename: 'requests',
    sheetName: 'Requests',
    columns: exportColumns,
    pages: keysetPages(async (cursor) => {
      const page = await listRequests(ctx.db, resolved, scope, { limit: EXPORT_PAGE, cursor, sort });
      return { items: await presentRequests(ctx.db, page.items), nextCursor: page.nextCursor };
    }),
  });
}

export async function requestBoard(ctx: Ctx, query: ListRequestsQuery) {
  const { limit: _l, cursor: _c, sort: _s, ownerId, ...filter } = query;
  const rows = await countByStatus(
    ctx.db,
    { ...filter, ownerId: ownerId === 'me' ? ctx.actor.userId : ownerId },
    requestScope(ctx.actor),
  );
  const counts = { new: 0, triaged: 0, in_progress: 0, waiting_on_partner: 0, resolved: 0, closed: 0 };
  for (const r of rows) counts[r.status] = r.n;
  return { counts };
}

export async function getRequest(ctx: Ctx, id: string) {
  const { row } = await loadVisibleRequest(ctx, ctx.db, id);
  return withAbilities(ctx, (await presentRequests(ctx.db, [row]))[0]!);
}

/** Checks the people and the relationship a write names; errors name the fields. */
async function checkReferences(
  db: Executor,
  input: {
    partnerId: string;
    relationshipId?: string | null;
    ownerId?: string | null;
    readerIds?: string[];
    raisedByUserId?: string | null;
    /** Checked as one of the partner's contacts (an edit; a new request only needs it to exist). */
    raisedByContactId?: string | null;
  },
) {
  const errors: FieldError[] = [];
  if (input.raisedByContactId && !(await isContactOfPartner(db, input.raisedByContactId, input.partnerId)))
    errors.push({ field: 'raisedByContactId', message: "must be one of this partner's contacts" });
  if (input.relationshipId) {
    if ((await partnerOfRelationship(db, input.relationshipId)) !== input.partnerId)
      errors.push({ field: 'relationshipId', message: "is not one of this partner's relationships" });
  }
  const people = [input.ownerId, input.raisedByUserId, ...(input.readerIds ?? [])].filter(
    (v): v is string => !!v,
  );
  const active = await activeRolesOf(db, people);
  if (input.ownerId && (!active.has(input.ownerId) || active.get(input.ownerId) === 'viewer'))
    errors.push({ field: 'ownerId', message: 'must be an active member of staff who can work requests' });
  if (input.raisedByUserId && !active.has(input.raisedByUserId))
    errors.push({ field: 'raisedByUserId', message: 'must be an active member of staff' });
  if (input.readerIds?.some((id) => !active.has(id)))
    errors.push({ field: 'readerIds', message: 'must all be active members of staff' });
  if (errors.length) throw new AppError('validation', 'The request is not valid', { errors });
}

export async function createRequest(ctx: Ctx, input: CreateRequest) {
  if (!requestPolicy.canComment(ctx.actor)) throw forbidden();
  const unitId = input.unitId ?? ctx.actor.unitId;
  if (!unitId) throw invalid('unitId', 'is required: you belong to no unit');
  if (!requestPolicy.canRaiseFor(ctx.actor, unitId)) throw invalid('unitId', 'must be your own unit');
  // Read before the transaction: on PGlite's single connection a read beside it would wait for it.
  const { calendar } = await targetSettings(ctx.db);
  const created = await ctx.db.transaction(async (tx) => {
    // The raising contact is one of the partner's people (now or once), as an edit checks too.
    await checkReferences(tx, input);
    const level = await serviceLevelFor(tx, input.kind, input.priority);
    const now = new Date();
    const due = level ? dueDates(calendar, now, level) : { responseDueAt: null, resolveDueAt: null };
    const readers = [ctx.actor.userId, ...(input.ownerId ? [input.ownerId] : []), ...input.readerIds];
    return requestStore.create(
      tx,
      ctx,
      {
        partnerId: input.partnerId,
        relationshipId: input.relationshipId,
        unitId,
        kind: input.kind,
        title: input.title,
        description: input.description,
        priority: input.priority,
        raisedByContactId: input.raisedByContactId,
        raisedByUserId: input.raisedByContactId ? null : (input.raisedByUserId ?? ctx.actor.userId),
        ownerId: input.ownerId,
        createdById: ctx.actor.userId,
        visibility: input.visibility,
        resolution: null,
        satisfaction: null,
        firstRespondedAt: null,
        clockPausedAt: null,
        resolvedAt: null,
        closedAt: null,
        escalationLevel: null,
        createdAt: now,
        updatedAt: now,
        ...due,
      },
      {
        alongside: async ([row]) => {
          await addReaders(tx, row!.id, readers);
          await insertTransition(tx, {
            requestId: row!.id,
            fromStatus: null,
            toStatus: 'new',
            actorId: ctx.actor.userId,
            at: now,
          });
        },
      },
    );
  });
  return withAbilities(ctx, created);
}

/**
 * Corrects a request's fields at its version (412 if stale). A new kind or priority re-targets an
 * open request from when it was raised; every field changed, due dates included, is kept for
 * its timeline and named in the `request.updated` event.
 */
export async function changeRequest(ctx: Ctx, id: string, version: number, input: UpdateRequest) {
  // Read before the transaction: on PGlite's single connection a read beside it would wait for it.
  const { calendar } = await targetSettings(ctx.db);
  const changed = await ctx.db.transaction((tx) => changeRequestIn(tx, ctx, calendar, id, version, input));
  return withAbilities(ctx, changed);
}

/** The working calendar target dates are computed in, read once before the transaction. */
export type TargetCalendar = Awaited<ReturnType<typeof targetSettings>>['calendar'];

/** Changes a request in the caller's transaction: the single PATCH and bulk triage share it. */
export async function changeRequestIn(
  tx: Executor,
  ctx: Ctx,
  calendar: TargetCalendar,
  id: string,
  version: number,
  input: UpdateRequest,
) {
  const { row, readerIds } = await loadWorkable(ctx, tx, id);
  if (row.version !== version) throw stale('request');
  await checkReferences(tx, {
    partnerId: row.partnerId,
    relationshipId: input.relationshipId,
    ownerId: input.ownerId,
    readerIds: input.readerIds,
    raisedByContactId: input.raisedByContactId,
  });
  const settled = !isOpen(row.status);
  if (input.satisfaction != null && !settled)
    throw invalid('satisfaction', 'can be recorded once the request is resolved');
  const values: RequestChanges = {
    ...unchangedRequest,
    title: input.title,
    description: input.description,
    kind: input.kind,
    priority: input.priority,
    relationshipId: input.relationshipId,
    raisedByContactId: input.raisedByContactId,
    // A request is raised by a contact or by a member of staff, never both.
    raisedByUserId: input.raisedByContactId ? null : undefined,
    ownerId: input.ownerId,
    visibility: input.visibility,
    resolution: input.resolution,
    satisfaction: input.satisfaction,
  };
  const kind = input.kind ?? row.kind;
  const priority = input.priority ?? row.priority;
  if ((kind !== row.kind || priority !== row.priority) && !settled) {
    const [from, to] = await allOf(tx, [
      () => serviceLevelFor(tx, row.kind, row.priority),
      () => serviceLevelFor(tx, kind, priority),
    ]);
    if (from && to) Object.assign(values, redueDates(calendar, row, from, to));
  }
  const ownerId = input.ownerId === undefined ? row.ownerId : input.ownerId;
  const named = input.readerIds
    ? (await escalationsOf(tx, { requestId: id })).flatMap((e) => e.namedUserIds)
    : [];
  const readers = input.readerIds && [
    ...new Set([row.createdById, ...(ownerId ? [ownerId] : []), ...named, ...input.readerIds]),
  ];
  const changes = fieldChanges(row, values, readers && { before: readerIds, after: readers });
  const before = (await presentRequests(tx, [row]))[0]!;
  return requestStore.update(tx, ctx, id, version, values, {
    before,
    detail: { changes },
    alongside: async () => {
      if (readers) await replaceReaders(tx, id, readers);
      else if (ownerId) await addReaders(tx, id, [ownerId]);
      if (changes.length) await insertFieldChanges(tx, { requestId: id, actorId: ctx.actor.userId, changes });
    },
  });
}

export async function transitionRequest(ctx: Ctx, id: string, input: TransitionRequest) {
  const { calendar } = await targetSettings(ctx.db);
  const moved = await ctx.db.transaction((tx) => transitionRequestIn(tx, ctx, calendar, id, input));
  return withAbilities(ctx, moved);
}

/** Moves a request along its lifecycle in the caller's transaction (the single move and bulk triage). */
export async function transitionRequestIn(
  tx: Executor,
  ctx: Ctx,
  calendar: TargetCalendar,
  id: string,
  input: TransitionRequest,
) {
  const { row } = await loadWorkable(ctx, tx, id);
  const allowed = allowedTransitions(row.kind, row.status);
  if (!allowed.includes(input.to)) {
    throw new AppError(
      'conflict',
      `A ${row.kind} cannot move from ${row.status} to ${input.to}; it can move to: ${allowed.join(', ') || 'nothing (it is closed)'}`,
      { allowed },
    );
  }
  const now = new Date();
  const values: RequestChanges = { ...unchangedRequest, status: input.to };
  if (row.status === 'new' && !row.firstRespondedAt) values.firstRespondedAt = now;
  const resolution = input.resolution ?? row.resolution;
  if (input.to === 'resolved') {
    if (!resolution) throw invalid('resolution', 'is required to resolve a request: say what was done');
    Object.assign(values, {
      resolvedAt: now,
      resolution,
      satisfaction: input.satisfaction ?? row.satisfaction,
    });
  } else if (input.satisfaction !== undefined) {
    throw invalid('satisfaction', 'can be recorded once the request is resolved');
  }
  if (input.to === 'closed') values.closedAt = now;
  if (row.status === 'resolved' && input.to === 'in_progress')
    Object.assign(values, { resolvedAt: null, closedAt: null });
  if (input.to === 'waiting_on_partner') values.clockPausedAt = now;
  if (row.status === 'waiting_on_partner' && row.clockPausedAt) {
    values.clockPausedAt = null;
    if (row.resolveDueAt)
      values.resolveDueAt = resumeClock(calendar, row.resolveDueAt, row.clockPausedAt, now);
  }
  const before = (await presentRequests(tx, [row]))[0]!;
  return requestStore.update(tx, ctx, id, row.version, values, {
    before,
    action: 'transitioned',
    detail: { from: row.status, to: input.to, note: input.note ?? null },
    alongside: () =>
      insertTransition(tx, {
        requestId: id,
        fromStatus: row.status as RequestStatus,
        toStatus: input.to,
        actorId: ctx.actor.userId,
        note: input.note,
        at: now,
      }),
  });
}

export async function commentOnRequest(ctx: Ctx, id: string, input: { body: string; isShareable: boolean }) {
  if (!requestPolicy.canComment(ctx.actor)) throw forbidden();
  const comment = await ctx.db.transaction(async (tx) => {
    const { row } = await loadVisibleRequest(ctx, tx, id, true);
    const created = await insertComment(tx, {
      requestId: id,
      authorId: ctx.actor.userId,
      body: input.body,
      isShareable: input.isShareable,
    });
    // A reply from anyone but the person who raised it counts as the first response.
    const firstResponse = !row.firstRespondedAt && row.raisedByUserId !== ctx.actor.userId;
    await touchRequest(tx, id, firstResponse ? created.createdAt : undefined);
    const [before] = await presentRequests(tx, [row]);
    await recordChange(tx, ctx, {
      entity: ENTITY,
      entityId: id,
      action: 'commented',
      before,
      after: await presentRequestById(tx, id),
      detail: { commentId: created.id, body: created.body, isShareable: created.isShareable },
    });
    const authorName = (await nameOf(tx, ctx.actor.userId))!;
    return {
      id: created.id,
      body: created.body,
      isShareable: created.isShareable,
      authorId: created.authorId,
      authorName,
      createdAt: created.createdAt.toISOString(),
    };
  });
  return comment;
}

/** The request's timeline: raised, moves, edits, comments, escalations; oldest first. */
export async function requestActivity(ctx: Ctx, id: string) {
  await loadVisibleRequest(ctx, ctx.db, id);
  const { transitions, edits, comments, escalations } = await activityOf(ctx.db, id);
  const names = edits.length ? await namesForChanges(ctx.db, idsIn(edits)) : null;
  const blank = {
    fromStatus: null,
    toStatus: null,
    text: null,
    level: null,
    isShareable: null,
    changes: null,
  };
  const items = [
    ...transitions.map((t) => ({
      ...blank,
      id: t.id,
      type: t.fromStatus === null ? ('created' as const) : ('transition' as const),
      at: t.at,
      actorId: t.actorId,
      actorName: t.actorName,
      fromStatus: t.fromStatus,
      toStatus: t.toStatus,
      text: t.note,
    })),
    ...edits.map((e) => ({
      ...blank,
      id: e.id,
      type: 'changed' as const,
      at: e.at,
      actorId: e.actorId,
      actorName: e.actorName,
      changes: e.changes.map((c) => presentChange(c, names!)),
    })),
    ...comments.map((c) => ({
      ...blank,
      id: c.id,
      type: 'comment' as const,
      at: c.at,
      actorId: c.actorId,
      actorName: c.actorName,
      text: c.body,
      isShareable: c.isShareable,
    })),
    ...escalations.flatMap((e) => [
      {
        ...blank,
        id: e.id,
        type: 'escalated' as const,
        at: e.raisedAt,
        actorId: e.raisedById,
        actorName: e.raisedByName,
        text: e.briefing,
        level: e.level,
      },
      ...(e.deescalatedAt
        ? [
            {
              ...blank,
              id: `${e.id}-closed`,
              type: 'deescalated' as const,
              at: e.deescalatedAt,
              actorId: null,
              actorName: e.deescalatedByName,
              text: e.deescalationReason,
              level: e.level,
            },
          ]
        : []),
    ]),
  ];
  items.sort((a, b) => a.at.getTime() - b.at.getTime());
  return { items: items.map((i) => ({ ...i, at: i.at.toISOString() })) };
}

export async function requestHistory(ctx: Ctx, id: string, query: { limit: number; cursor?: string }) {
  await loadVisibleRequest(ctx, ctx.db, id);
  return historyOf(ctx, ENTITY, id, query);
}
