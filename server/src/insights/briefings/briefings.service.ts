import type { FastifyBaseLogger } from 'fastify';
import { DateTime } from 'luxon';
import { BRIEFING_SECTION_LIMIT, type Briefing } from '../../../../common/src/contracts/briefings.ts';
import { requestKindLabels } from '../../../../common/src/labels/requests.ts';
import type { Db } from '../../db/client.ts';
import { recordChange } from '../../db/records.ts';
import { forbidden, notFound } from '../../errors.ts';
import type { JobTrigger } from '../../jobs/queue.ts';
import type { Ctx } from '../../lib/context.ts';
import { type Actor, hasRole } from '../../modules/access/actor.ts';
import { actorsOf, requestAudience } from '../../modules/access/audience.repository.ts';
import { notify } from '../../modules/notifications/notifications.service.ts';
import { universityToday } from '../../modules/tasks/reminders.job.ts';
import { seniorView } from '../senior-view/senior-view.service.ts';
import {
  briefingOf,
  briefingsOf,
  escalationsWithFirstBriefing,
  insertBriefing,
  linesOf,
  markBriefingRead,
  markItemActed,
  type NewBriefingItem,
  newConcerns,
  seniorManagerIds,
} from './briefings.repository.ts';
import { informedBefore } from './measure.ts';

const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;
/** How far back the measure looks at escalations. */
export const MEASURE_DAYS = 365;

const fmtDate = (d: Date | string) => new Date(d).toISOString().slice(0, 10);

/**
 * What one person's briefing says now: new concerns and complaints of the last week, requests
 * near or past a target, partners whose sentiment has turned, overdue reviews. Every line is read
 * through the person's own visibility (the senior view as they would see it), so a briefing never
 * names a record its reader may not open.
 */
export async function briefingLinesFor(ctx: Ctx, now: Date): Promise<NewBriefingItem[]> {
  const view = await seniorView(ctx, now);
  const concerns = await newConcerns(
    ctx.db,
    new Date(now.getTime() - WEEK_MS),
    requestAudience.scope(ctx.actor),
    BRIEFING_SECTION_LIMIT,
  );
  const lines: NewBriefingItem[] = [];
  for (const c of concerns)
    lines.push({
      section: 'new_concern',
      partnerId: c.partnerId,
      requestId: c.id,
      relationshipId: c.relationshipId,
      title: `${requestKindLabels[c.kind]}: ${c.title}`,
      detail: `Raised ${fmtDate(c.createdAt)} with ${c.unitName}`,
    });
  for (const r of view.atRisk.requests.slice(0, BRIEFING_SECTION_LIMIT)) {
    const breached = r.targets.firstResponse.breached || r.targets.resolution.breached;
    lines.push({
      section: 'at_risk',
      partnerId: r.partnerId,
      requestId: r.id,
      relationshipId: r.relationshipId,
      title: `${requestKindLabels[r.kind]}: ${r.title}`,
      detail: `${breached ? 'Past' : 'Near'} its service level (${r.unitName})`,
    });
  }
  const turned = view.atRisk.partners.filter(
    (p) => p.previousAverage === null || p.averageSentiment < p.previousAverage,
  );
  for (const p of turned.slice(0, BRIEFING_SECTION_LIMIT))
    lines.push({
      section: 'sentiment_turned',
      partnerId: p.partnerId,
      title: p.partnerName,
      detail:
        p.previousAverage === null
          ? `Average sentiment ${p.averageSentiment} over ${p.touchpoints} recent touch points`
          : `Average sentiment fell from ${p.previousAverage} to ${p.averageSentiment} (${p.touchpoints} recent touch points)`,
    });
  for (const r of view.atRisk.reviews.slice(0, BRIEFING_SECTION_LIMIT))
    lines.push({
      section: 'overdue_review',
      partnerId: r.partner.id,
      relationshipId: r.relationshipId,
      title: `${r.unitName} with ${r.partner.name}`,
      detail: `Review was due ${r.scheduledFor}`,
    });
  return lines;
}

/** The Monday of the week that `today` (YYYY-MM-DD) falls in. */
export const mondayOf = (today: string) => DateTime.fromISO(today).startOf('week').toISODate()!;

/**
 * The weekly briefings: one for each active senior manager, for the week `now` falls in, with a
 * notification (in the app and by e-mail, as the person chose for the kind) linking to it. A
 * second run in the same week, or a second worker, adds nothing (one briefing per person and
 * week). Returns how many briefings it created.
 */
export async function prepareBriefings(
  deps: { db: Db; log: FastifyBaseLogger; jobs: JobTrigger },
  now = new Date(),
): Promise<number> {
  const { db } = deps;
  const weekOf = mondayOf(await universityToday(db, now));
  const people = await actorsOf(db, await seniorManagerIds(db));
  let created = 0;
  for (const actor of people) {
    const ctx: Ctx = { db, actor, requestId: `briefings:${weekOf}`, log: deps.log, jobs: deps.jobs };
    const lines = await briefingLinesFor(ctx, now);
    const made = await db.transaction(async (tx) => {
      const id = await insertBriefing(tx, actor.userId, weekOf, now, lines);
      if (!id) return false;
      await notify(tx, null, [
        {
          userId: actor.userId,
          kind: 'briefing',
          title: `Your briefing for the week of ${weekOf}: ${lines.length} item${lines.length === 1 ? '' : 's'}`,
          body: lines.length
            ? lines
                .slice(0, 10)
                .map((l) => `- ${l.title}`)
                .join('\n')
            : 'Nothing needs your attention this week.',
          link: `/briefings/${id}`,
          dedupeKey: `briefing:${id}`,
          about: { entity: 'briefing', id },
        },
      ]);
      return true;
    });
    if (made) created++;
  }
  return created;
}

function requireSenior(actor: Actor) {
  if (!hasRole(actor, 'senior_manager'))
    throw forbidden('Briefings are for senior managers and administrators');
}

const present = (row: NonNullable<Awaited<ReturnType<typeof briefingOf>>>) => ({
  id: row.id,
  weekOf: row.weekOf,
  createdAt: row.createdAt.toISOString(),
  readAt: row.readAt?.toISOString() ?? null,
  items: row.items,
  acted: row.acted,
});

/** My briefings, newest first. */
export async function myBriefings(ctx: Ctx) {
  requireSenior(ctx.actor);
  return { items: (await briefingsOf(ctx.db, ctx.actor.userId, 200)).map(present) };
}

/**
 * One of my briefings with its lines; opening it records it read (the first time, in its history
 * and as an event). Anyone else's is "not found".
 */
export async function readBriefing(ctx: Ctx, id: string, now = new Date()): Promise<Briefing> {
  requireSenior(ctx.actor);
  const row = await briefingOf(ctx.db, ctx.actor.userId, id);
  if (!row) throw notFound('Briefing');
  if (!row.readAt)
    await ctx.db.transaction(async (tx) => {
      if (await markBriefingRead(tx, id, now))
        await recordChange(tx, ctx, {
          entity: 'briefing',
          entityId: id,
          action: 'read',
          before: { readAt: null },
          after: { readAt: now.toISOString() },
        });
    });
  return presentBriefing(ctx, { ...row, readAt: row.readAt ?? now });
}

async function presentBriefing(
  ctx: Ctx,
  row: NonNullable<Awaited<ReturnType<typeof briefingOf>>>,
): Promise<Briefing> {
  const lines = await linesOf(ctx.db, row.id);
  return {
    ...present(row),
    lines: lines.map((l) => ({
      id: l.id,
      section: l.section,
      partner: { id: l.partnerId, name: l.partnerName },
      requestId: l.requestId,
      relationshipId: l.relationshipId,
      title: l.title,
      detail: l.detail,
      actedAt: l.actedAt?.toISOString() ?? null,
      actedNote: l.actedNote,
    })),
  };
}

/** Records what I did about one line of my briefing, in its history and as an event. */
export async function actOnBriefingItem(
  ctx: Ctx,
  id: string,
  itemId: string,
  note: string,
  now = new Date(),
) {
  requireSenior(ctx.actor);
  const row = await briefingOf(ctx.db, ctx.actor.userId, id);
  if (!row) throw notFound('Briefing item');
  await ctx.db.transaction(async (tx) => {
    const before = await markItemActed(tx, id, itemId, note, now);
    if (!before) throw notFound('Briefing item');
    await recordChange(tx, ctx, {
      entity: 'briefing',
      entityId: id,
      action: 'item_acted',
      before: { itemId, actedAt: before.actedAt?.toISOString() ?? null, actedNote: before.actedNote },
      after: { itemId, actedAt: now.toISOString(), actedNote: note },
    });
  });
  return readBriefing(ctx, id, now);
}

/**
 * The measure of "informed before it escalated", per unit, over the escalations of the last
 * year the reader may see.
 */
export async function informedBeforeEscalation(ctx: Ctx, now = new Date()) {
  requireSenior(ctx.actor);
  const since = new Date(now.getTime() - MEASURE_DAYS * DAY_MS);
  const rows = await escalationsWithFirstBriefing(ctx.db, since, requestAudience.scope(ctx.actor));
  return { sinceDays: MEASURE_DAYS, units: informedBefore(rows) };
}
