import type { CreateActivity, UpdateActivity } from '../../../../common/src/contracts/activities.ts';
import type { ExportActivitiesQuery, ListActivitiesQuery } from '../../../../common/src/lists/activities.ts';
import type { Executor } from '../../db/client.ts';
import { AppError, type FieldError, forbidden, invalid, notFound } from '../../errors.ts';
import { JOB } from '../../jobs/names.ts';
import type { Ctx } from '../../lib/context.ts';
import { type ExportColumn, exportFile, keysetPages } from '../../lib/lists/export.ts';
import { activityAudience } from '../access/audience.repository.ts';
import { historyOf } from '../audit/audit.service.ts';
import { activityPolicy, activityScope } from './activities.policy.ts';
import {
  activityStore,
  existingReferences,
  findActivity,
  listActivities,
  lockActivity,
  type PresentedActivity,
  presentActivities,
  replaceOrganisers,
  replaceTargets,
} from './activities.repository.ts';
import { registeredCount } from './invitations.repository.ts';
import { promoteWaiting } from './invitations.service.ts';
import { instantOf, normaliseRule, occurrencesOf } from './recurrence.ts';

const ENTITY = activityStore.entity;
const EXPORT_PAGE = 500;

/** An activity as the caller gets it, with what they may do with it. */
export function withAbilities(ctx: Ctx, a: PresentedActivity) {
  const mayChange = activityPolicy.canChange(ctx.actor, a);
  return { ...a, can: { update: mayChange, delete: mayChange, invite: mayChange } };
}

/** Loads an activity the actor may see; hidden and missing look the same. */
export async function loadVisibleActivity(ctx: Ctx, db: Executor, id: string) {
  const row = await findActivity(db, id);
  const a = row ? (await presentActivities(db, [row]))[0]! : null;
  if (
    !a ||
    !activityPolicy.canRead(
      ctx.actor,
      a,
      a.readers.map((r) => r.id),
    )
  )
    throw notFound('Activity');
  return a;
}

/** An activity the actor may run (organise, invite, register people for); 404 if hidden, 403 if only readable. */
export async function loadChangeableActivity(ctx: Ctx, db: Executor, id: string) {
  const a = await loadVisibleActivity(ctx, db, id);
  if (!activityPolicy.canChange(ctx.actor, a))
    throw forbidden(
      'Only the owner, a co-organiser, a senior manager of the unit or an administrator can do this',
    );
  return a;
}

type Draft = {
  start: string;
  end: string;
  timeZone: string;
  format: 'in_person' | 'online';
  onlineUrl: string | null;
  recurrence: string | null;
};

/** The times and rule of a create or change, checked: instants, or errors naming the fields. */
function checkSchedule(draft: Draft, errors: FieldError[]) {
  const startsAt = instantOf(draft.start, draft.timeZone);
  const endsAt = instantOf(draft.end, draft.timeZone);
  if (!startsAt)
    errors.push({ field: 'start', message: `does not exist in ${draft.timeZone} (the clocks change)` });
  if (!endsAt)
    errors.push({ field: 'end', message: `does not exist in ${draft.timeZone} (the clocks change)` });
  if (startsAt && endsAt && endsAt <= startsAt)
    errors.push({ field: 'end', message: 'must be after the start' });
  if (draft.format === 'online' && !draft.onlineUrl)
    errors.push({ field: 'onlineUrl', message: 'is required for an online activity' });
  let recurrence: string | null = null;
  if (draft.recurrence) {
    const checked = normaliseRule(draft.recurrence);
    if ('error' in checked) errors.push({ field: 'recurrence', message: checked.error });
    else recurrence = checked.rule;
  }
  return { startsAt: startsAt!, endsAt: endsAt!, recurrence };
}

async function checkReferences(
  tx: Executor,
  refs: {
    userIds: [string, string[]][];
    partnerTypeIds: string[];
    partnerIds: string[];
    contactIds: string[];
  },
  errors: FieldError[],
) {
  const found = await existingReferences(tx, {
    userIds: refs.userIds.flatMap(([, ids]) => ids),
    partnerTypeIds: refs.partnerTypeIds,
    partnerIds: refs.partnerIds,
    contactIds: refs.contactIds,
    unitIds: [],
  });
  for (const [field, ids] of refs.userIds)
    if (ids.some((id) => !found.users.has(id)))
      errors.push({ field, message: 'must all be active members of staff' });
  if (refs.partnerTypeIds.some((id) => !found.partnerTypes.has(id)))
    errors.push({ field: 'audience.partnerTypeIds', message: 'must all be existing partner types' });
  if (refs.partnerIds.some((id) => !found.partners.has(id)))
    errors.push({ field: 'audience.partnerIds', message: 'must all be existing partners' });
  if (refs.contactIds.some((id) => !found.contacts.has(id)))
    errors.push({ field: 'audience.contactIds', message: 'must all be existing contacts' });
}

const fail = (errors: FieldError[]) => {
  if (errors.length) throw new AppError('validation', 'The request is not valid', { errors });
};

/** Confidential activities are read by their named readers, who always include the people running them. */
const readersFor = (visibility: string, ownerId: string, coOrganiserIds: string[], readerIds: string[]) =>
  visibility === 'confidential' ? [...new Set([ownerId, ...coOrganiserIds, ...readerIds])] : [];

export async function createActivity(ctx: Ctx, input: CreateActivity) {
  const unitId = input.unitId ?? ctx.actor.unitId;
  if (!unitId)
    throw new AppError('validation', 'The request is not valid', {
      errors: [{ field: 'unitId', message: 'is required: you belong to no unit' }],
    });
  if (!activityPolicy.canOrganiseFor(ctx.actor, unitId))
    throw forbidden('Staff organise activities for their own unit');
  const ownerId = input.ownerId ?? ctx.actor.userId;
  return ctx.db.transaction(async (tx) => {
    const errors: FieldError[] = [];
    const schedule = checkSchedule(input, errors);
    await checkReferences(
      tx,
      {
        userIds: [
          ['ownerId', [ownerId]],
          ['coOrganiserIds', input.coOrganiserIds],
          ['readerIds', input.readerIds],
        ],
        ...input.audience,
      },
      errors,
    );
    fail(errors);
    const created = await activityStore.create(
      tx,
      ctx,
      {
        kind: input.kind,
        title: input.title,
        description: input.description,
        unitId,
        ownerId,
        startsAt: schedule.startsAt,
        endsAt: schedule.endsAt,
        timeZone: input.timeZone,
        format: input.format,
        location: input.location,
        onlineUrl: input.onlineUrl,
        capacity: input.capacity,
        visibility: input.visibility,
        recurrence: schedule.recurrence,
        exceptionDates: [...new Set(input.exceptionDates)].sort(),
      },
      {
        alongside: async ([row]) => {
          await replaceOrganisers(
            tx,
            row!.id,
            input.coOrganiserIds.filter((id) => id !== ownerId),
          );
          await activityAudience.add(
            tx,
            row!.id,
            readersFor(input.visibility, ownerId, input.coOrganiserIds, input.readerIds),
          );
          await replaceTargets(tx, row!.id, input.audience);
        },
      },
    );
    return withAbilities(ctx, created);
  });
}

export async function changeActivity(ctx: Ctx, id: string, version: number, input: UpdateActivity) {
  return ctx.db
    .transaction(async (tx) => {
      // The lock keeps registrations out while the capacity is checked against them.
      if (!(await lockActivity(tx, id))) throw notFound('Activity');
      const before = await loadChangeableActivity(ctx, tx, id);
      const errors: FieldError[] = [];
      const timeZone = input.timeZone ?? before.timeZone;
      const recurrence = input.recurrence === undefined ? before.recurrence : input.recurrence;
      const schedule = checkSchedule(
        {
          start: input.start ?? before.localStart,
          end: input.end ?? before.localEnd,
          timeZone,
          format: input.format ?? before.format,
          onlineUrl: input.onlineUrl === undefined ? before.onlineUrl : input.onlineUrl,
          recurrence,
        },
        errors,
      );
      const ownerId = input.ownerId ?? before.ownerId;
      const coOrganiserIds = input.coOrganiserIds ?? before.coOrganisers.map((o) => o.id);
      await checkReferences(
        tx,
        {
          userIds: [
            ['ownerId', input.ownerId ? [input.ownerId] : []],
            ['coOrganiserIds', input.coOrganiserIds ?? []],
            ['readerIds', input.readerIds ?? []],
          ],
          partnerTypeIds: input.audience?.partnerTypeIds ?? [],
          partnerIds: input.audience?.partnerIds ?? [],
          contactIds: input.audience?.contactIds ?? [],
        },
        errors,
      );
      const capacity = input.capacity === undefined ? before.capacity : input.capacity;
      const registered = await registeredCount(tx, id);
      if (capacity !== null && capacity < registered)
        errors.push({
          field: 'capacity',
          message: `cannot be lower than the ${registered} ${registered === 1 ? 'person' : 'people'} already registered`,
        });
      fail(errors);
      const visibility = input.visibility ?? before.visibility;
      const timesChanged =
        input.start !== undefined || input.end !== undefined || input.timeZone !== undefined;
      const after = await activityStore.update(
        tx,
        ctx,
        id,
        version,
        {
          kind: input.kind,
          title: input.title,
          description: input.description,
          ownerId: input.ownerId,
          startsAt: timesChanged ? schedule.startsAt : undefined,
          endsAt: timesChanged ? schedule.endsAt : undefined,
          timeZone: input.timeZone,
          format: input.format,
          location: input.location,
          onlineUrl: input.onlineUrl,
          capacity: input.capacity,
          visibility: input.visibility,
          recurrence: input.recurrence === undefined ? undefined : schedule.recurrence,
          exceptionDates: input.exceptionDates ? [...new Set(input.exceptionDates)].sort() : undefined,
        },
        {
          before,
          alongside: async () => {
            if (input.coOrganiserIds)
              await replaceOrganisers(
                tx,
                id,
                coOrganiserIds.filter((u) => u !== ownerId),
              );
            if (input.visibility || input.readerIds || input.ownerId || input.coOrganiserIds)
              await activityAudience.replace(
                tx,
                id,
                readersFor(
                  visibility,
                  ownerId,
                  coOrganiserIds,
                  input.readerIds ?? before.readers.map((r) => r.id),
                ),
              );
            if (input.audience) await replaceTargets(tx, id, input.audience);
            // More places (or no limit): the waiting list moves up, in order.
            if (capacity === null || capacity > registered)
              await promoteWaiting(
                tx,
                ctx,
                id,
                capacity === null ? Number.MAX_SAFE_INTEGER : capacity - registered,
              );
          },
        },
      );
      return withAbilities(ctx, after);
    })
    .then(async (result) => {
      await ctx.jobs.trigger(JOB.deliverActivityMail).catch(() => undefined);
      return result;
    });
}

export async function removeActivity(ctx: Ctx, id: string, version: number) {
  await ctx.db.transaction(async (tx) => {
    const before = await loadChangeableActivity(ctx, tx, id);
    if (before.counts.registered + before.counts.waiting > 0)
      throw new AppError(
        'in_use',
        `${before.counts.registered + before.counts.waiting} people are registered or waiting: cancel the activity with them first`,
      );
    await activityStore.remove(tx, ctx, id, version, { before });
  });
}

export async function getActivity(ctx: Ctx, id: string) {
  return withAbilities(ctx, await loadVisibleActivity(ctx, ctx.db, id));
}

export async function listActivitiesFor(ctx: Ctx, query: ListActivitiesQuery) {
  const { limit, cursor, sort, ...filter } = query;
  const page = await listActivities(ctx.db, filter, activityScope(ctx.actor), { limit, cursor, sort });
  const items = await presentActivities(ctx.db, page.items);
  return { items: items.map((a) => withAbilities(ctx, a)), nextCursor: page.nextCursor };
}

export async function activityHistory(ctx: Ctx, id: string, query: { limit: number; cursor?: string }) {
  await loadVisibleActivity(ctx, ctx.db, id);
  return historyOf(ctx, ENTITY, id, query);
}

const YEAR_MS = 365 * 86_400_000;

/** The activity's meetings in a window (a year from now by default), in its own time zone. */
export async function activityOccurrences(ctx: Ctx, id: string, window: { from?: string; to?: string }) {
  const a = await loadVisibleActivity(ctx, ctx.db, id);
  const from = window.from ? new Date(window.from) : new Date();
  const to = window.to ? new Date(window.to) : new Date(from.getTime() + YEAR_MS);
  if (to <= from) throw invalid('to', 'must be after from');
  // A window of at most two years, within twenty years of now: expanding a series costs time.
  if (to.getTime() - from.getTime() > 2 * YEAR_MS)
    throw invalid('to', 'must be at most two years after from');
  if (Math.abs(from.getTime() - Date.now()) > 20 * YEAR_MS)
    throw invalid('from', 'must be within twenty years of today');
  const items = occurrencesOf(
    {
      startsAt: new Date(a.startsAt),
      endsAt: new Date(a.endsAt),
      timeZone: a.timeZone,
      recurrence: a.recurrence,
      exceptionDates: a.exceptionDates,
    },
    from,
    to,
  );
  return {
    items: items.map((o) => ({
      startsAt: o.startsAt.toISOString(),
      endsAt: o.endsAt.toISOString(),
      localStart: o.localStart,
    })),
  };
}

const exportColumns: ExportColumn<PresentedActivity>[] = [
  { header: 'Starts', value: (a) => a.localStart.replace('T', ' ') },
  { header: 'Ends', value: (a) => a.localEnd.replace('T', ' ') },
  { header: 'Time zone', value: (a) => a.timeZone },
  { header: 'Kind', value: (a) => a.kind },
  { header: 'Title', value: (a) => a.title, width: 40 },
  { header: 'Organising unit', value: (a) => a.unitName, width: 28 },
  { header: 'Owner', value: (a) => a.ownerName, width: 24 },
  { header: 'Format', value: (a) => a.format },
  { header: 'Location', value: (a) => a.location, width: 30 },
  { header: 'Online link', value: (a) => a.onlineUrl, width: 30 },
  { header: 'Capacity', value: (a) => a.capacity },
  { header: 'Registered', value: (a) => a.counts.registered },
  { header: 'Waiting', value: (a) => a.counts.waiting },
  { header: 'Repeats', value: (a) => a.recurrence },
  { header: 'Visibility', value: (a) => a.visibility },
  { header: 'Rapport id', value: (a) => a.id, width: 38 },
];

/** Every activity the filters match that the caller may see, streamed. */
export function exportActivities(ctx: Ctx, query: ExportActivitiesQuery) {
  const { format, ...filters } = query;
  const scope = activityScope(ctx.actor);
  return exportFile({
    format,
    basename: 'activities',
    sheetName: 'Activities',
    columns: exportColumns,
    pages: keysetPages(async (cursor) => {
      const page = await listActivities(ctx.db, filters, scope, {
        limit: EXPORT_PAGE,
        cursor,
        sort: 'starts',
      });
      return { items: await presentActivities(ctx.db, page.items), nextCursor: page.nextCursor };
    }),
  });
}
