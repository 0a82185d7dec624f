import { DateTime } from 'luxon';
import type {
  CreateReviewAction,
  ScheduleReview,
  UpdateReview,
} from '../../../../common/src/contracts/reviews.ts';
import type { ListTasksQuery } from '../../../../common/src/lists/tasks.ts';
import type { Executor } from '../../db/client.ts';
import { recordChange } from '../../db/records.ts';
import { AppError, forbidden, invalid, notFound } from '../../errors.ts';
import type { Ctx } from '../../lib/context.ts';
import { activityAudience, agreementAudience, requestAudience } from '../access/audience.repository.ts';
import { relationshipPlan } from '../communication-plans/communication-plans.service.ts';
import { loadWorkingWeek } from '../service-levels/calendar.ts';
import { universityToday } from '../tasks/reminders.job.ts';
import { countTasksFor, createRelationshipTask } from '../tasks/tasks.service.ts';
import { reviewPolicy } from './reviews.policy.ts';
import {
  activeUserExists,
  activitiesAttended,
  agreementOf,
  contactOfPartner,
  escalationsRaised,
  insertAction,
  lockRelationship,
  overdueReviews,
  type PresentedReview,
  presentReview,
  previousReviewDay,
  type ReviewedRelationship,
  relationshipOf,
  requestFigures,
  reviewStore,
  reviewsOf,
  scheduledReviewOf,
  tensionsRaised,
} from './reviews.repository.ts';

const conflict = (message: string) => new AppError('conflict', message);

async function loadRelationship(db: Executor, id: string) {
  const relationship = await relationshipOf(db, id);
  if (!relationship) throw notFound('Relationship');
  return relationship;
}

async function loadReview(db: Executor, id: string) {
  const row = await reviewStore.find(db, id);
  if (!row) throw notFound('Review');
  return { row, relationship: (await relationshipOf(db, row.relationshipId))! };
}

/** The first day a review may fall on: the relationship's start, else the day it was recorded. */
const startOf = (r: ReviewedRelationship) =>
  r.startDate ?? DateTime.fromJSDate(r.createdAt, { zone: 'utc' }).toISODate()!;

function present(ctx: Ctx, review: PresentedReview, r: ReviewedRelationship, today: string) {
  return {
    ...review,
    overdue: review.status === 'scheduled' && review.scheduledFor < today,
    can: { update: reviewPolicy.canManage(ctx.actor, r) },
  };
}

export async function listReviews(ctx: Ctx, relationshipId: string) {
  const relationship = await loadRelationship(ctx.db, relationshipId);
  const [reviews, today] = await Promise.all([reviewsOf(ctx.db, relationshipId), universityToday(ctx.db)]);
  return {
    items: reviews.map((r) => present(ctx, r, relationship, today)),
    can: {
      schedule:
        reviewPolicy.canManage(ctx.actor, relationship) && !reviews.some((r) => r.status === 'scheduled'),
    },
  };
}

export async function getReview(ctx: Ctx, id: string) {
  const { relationship } = await loadReview(ctx.db, id);
  return present(ctx, (await presentReview(ctx.db, id))!, relationship, await universityToday(ctx.db));
}

function checkNotBeforeStart(r: ReviewedRelationship, field: string, day: string) {
  const start = startOf(r);
  if (day < start) throw invalid(field, `is before the relationship's start (${start})`);
}

/** Schedules the relationship's next review, from the date given, the agreement's or the relationship's. */
export async function scheduleReview(ctx: Ctx, relationshipId: string, input: ScheduleReview) {
  return ctx.db.transaction(async (tx) => {
    const relationship = await loadRelationship(tx, relationshipId);
    if (!reviewPolicy.canManage(ctx.actor, relationship))
      throw forbidden('Only those who look after the relationship schedule its reviews');
    let agreementReview: string | null = null;
    if (input.agreementId) {
      const agreement = await agreementOf(tx, input.agreementId);
      const readable = agreement && (await agreementAudience.readableBy(tx, ctx.actor, agreement.id));
      if (!agreement || !readable || agreement.relationshipId !== relationshipId)
        throw invalid('agreementId', 'does not name an agreement of this relationship');
      agreementReview = agreement.reviewDate;
    }
    const scheduledFor = input.scheduledFor ?? agreementReview ?? relationship.reviewDate;
    if (!scheduledFor)
      throw invalid(
        'scheduledFor',
        'give a date: neither the agreement nor the relationship has a review date',
      );
    checkNotBeforeStart(relationship, 'scheduledFor', scheduledFor);
    await lockRelationship(tx, relationshipId);
    const open = await scheduledReviewOf(tx, relationshipId);
    if (open)
      throw conflict(`A review is already scheduled for ${open.scheduledFor}: hold it or move it first`);
    const created = await reviewStore.create(tx, ctx, {
      relationshipId,
      unitId: relationship.unitId,
      agreementId: input.agreementId ?? null,
      scheduledFor,
      heldOn: null,
      minutes: null,
      createdById: ctx.actor.userId,
    });
    return present(ctx, created, relationship, await universityToday(tx));
  });
}

/** Moves a scheduled review, records its minutes, or records that it was held. */
export async function changeReview(ctx: Ctx, id: string, version: number, input: UpdateReview) {
  return ctx.db.transaction(async (tx) => {
    const { row, relationship } = await loadReview(tx, id);
    if (!reviewPolicy.canManage(ctx.actor, relationship))
      throw forbidden('Only those who look after the relationship change its reviews');
    const today = await universityToday(tx);
    if (input.scheduledFor !== undefined) {
      if (row.status === 'held' && input.scheduledFor !== row.scheduledFor)
        throw conflict('A review that was held keeps its date');
      checkNotBeforeStart(relationship, 'scheduledFor', input.scheduledFor);
    }
    if (input.heldOn) {
      checkNotBeforeStart(relationship, 'heldOn', input.heldOn);
      if (input.heldOn > today) throw invalid('heldOn', 'is in the future');
    }
    const status =
      input.heldOn === undefined
        ? undefined
        : input.heldOn === null
          ? ('scheduled' as const)
          : ('held' as const);
    if (status === 'scheduled' && row.status === 'held' && (await scheduledReviewOf(tx, row.relationshipId)))
      throw conflict('Another review of the relationship is already scheduled');
    const before = (await presentReview(tx, id))!;
    const after = await reviewStore.update(
      tx,
      ctx,
      id,
      version,
      {
        agreementId: undefined,
        status,
        scheduledFor: input.scheduledFor,
        heldOn: input.heldOn,
        minutes: input.minutes,
        remindedFor: undefined,
      },
      { before, action: status === 'held' && row.status !== 'held' ? 'held' : 'updated' },
    );
    return present(ctx, after, relationship, today);
  });
}

/** Records an action agreed at a review; a task tracks it (the manager's, for a partner-side owner). */
export async function addReviewAction(ctx: Ctx, reviewId: string, input: CreateReviewAction) {
  return ctx.db.transaction(async (tx) => {
    const { relationship } = await loadReview(tx, reviewId);
    if (!reviewPolicy.canManage(ctx.actor, relationship))
      throw forbidden('Only those who look after the relationship record its review actions');
    let assigneeId: string;
    let title = input.description;
    if (input.ownerUserId) {
      if (!(await activeUserExists(tx, input.ownerUserId)))
        throw invalid('ownerUserId', 'does not name an active member of staff');
      assigneeId = input.ownerUserId;
    } else {
      const name = await contactOfPartner(tx, input.ownerContactId!, relationship.partnerId);
      if (!name) throw invalid('ownerContactId', "does not name one of the partner's contacts");
      // The partner's contact has no account: the relationship's manager follows it up.
      assigneeId = relationship.managerId ?? ctx.actor.userId;
      title = `${name} (partner): ${input.description}`;
    }
    const task = await createRelationshipTask(tx, ctx, {
      title: title.slice(0, 500),
      assigneeId,
      dueOn: input.dueOn,
      partnerId: relationship.partnerId,
      relationshipId: relationship.id,
    });
    const actionId = await insertAction(tx, {
      reviewId,
      description: input.description,
      ownerUserId: input.ownerUserId ?? null,
      ownerContactId: input.ownerContactId ?? null,
      dueOn: input.dueOn,
      taskId: task.id,
    });
    const review = (await presentReview(tx, reviewId))!;
    const action = review.actions.find((a) => a.id === actionId)!;
    await recordChange(tx, ctx, {
      entity: 'review_action',
      entityId: actionId,
      action: 'created',
      after: action,
    });
    return action;
  });
}

/**
 * The agenda, built for this reader from the records they may see, for the period since the
 * review before (or the relationship's start) up to the day it was held, or today.
 */
export async function reviewAgenda(ctx: Ctx, id: string) {
  const { row, relationship } = await loadReview(ctx.db, id);
  const [previous, today, { timeZone }] = await Promise.all([
    previousReviewDay(ctx.db, row),
    universityToday(ctx.db),
    loadWorkingWeek(ctx.db),
  ]);
  const from = previous ?? startOf(relationship);
  const to = row.heldOn ?? (today.localeCompare(from) < 0 ? from : today);
  const period = {
    partnerId: relationship.partnerId,
    unitId: relationship.unitId,
    from: DateTime.fromISO(from, { zone: timeZone }).startOf('day').toJSDate(),
    to: DateTime.fromISO(to, { zone: timeZone }).plus({ days: 1 }).startOf('day').toJSDate(),
  };
  const requestScope = requestAudience.scope(ctx.actor);
  const [figures, concerns, escalations, activities, plan, openTasks] = await Promise.all([
    requestFigures(ctx.db, period, requestScope),
    tensionsRaised(ctx.db, period, requestScope),
    escalationsRaised(ctx.db, { ...period, relationshipId: relationship.id }, requestScope),
    activitiesAttended(ctx.db, period, activityAudience.scope(ctx.actor)),
    relationshipPlan(ctx, relationship.id),
    countTasksFor(ctx, { relationshipId: relationship.id, done: false } as ListTasksQuery),
  ]);
  return {
    reviewId: id,
    period: { from, to },
    requests: {
      ...figures,
      metPercent: figures.withTarget ? Math.round((100 * figures.metTarget) / figures.withTarget) : null,
    },
    concerns,
    escalations,
    plan: plan.items.map((i) => ({
      purpose: i.purpose,
      overdue: i.status.overdue,
      adherencePercent: i.status.adherence.percent,
    })),
    peerCoverage: plan.peerPairs.map((p) => ({
      level: p.level.name,
      user: p.user.name,
      contact: p.contact.name,
      lastTwoWayAt: p.coverage.lastTwoWayAt,
      silent: p.coverage.silent,
    })),
    activities,
    openTasks: openTasks.total,
  };
}

/** Reviews past their date on the relationships I manage or deputise on (Home). */
export async function myOverdueReviews(ctx: Ctx, today: string) {
  return overdueReviews(ctx.db, { managedBy: ctx.actor.userId }, today);
}

/** Reviews past their date across the institution, as the senior view lists at-risk relationships. */
export async function overdueReviewsEverywhere(ctx: Ctx, limit: number) {
  return overdueReviews(ctx.db, {}, await universityToday(ctx.db), limit);
}
