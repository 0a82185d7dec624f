import { DateTime } from 'luxon';
import {
  type AnswerAssessment,
  type Assessment,
  answerAssessmentBody,
  type CreateAssessment,
  createAssessmentBody,
  stageOf,
} from '../../../../common/src/contracts/assessments.ts';
import { PURPOSE } from '../../../../common/src/contracts/personal-data.ts';
import {
  checklistItemLabels,
  checklistItems,
  type MaturityStage,
} from '../../../../common/src/labels/assessments.ts';
import { UNIVERSITY_TIME_ZONE } from '../../../../common/src/wording.ts';
import type { Executor } from '../../db/client.ts';
import { recordChange, type Writer } from '../../db/records.ts';
import { AppError, forbidden, invalid, notFound } from '../../errors.ts';
import { JOB } from '../../jobs/names.ts';
import type { Ctx } from '../../lib/context.ts';
import { hasRole } from '../access/actor.ts';
import { activityAudience, requestAudience, touchpointPartnerScope } from '../access/audience.repository.ts';
import { hashSecret, newSecret } from '../auth/secrets.ts';
import { contactableFor, mayContact } from '../personal-data/consents.service.ts';
import { createImprovementTask } from '../tasks/tasks.service.ts';
import { assessmentPolicy } from './assessments.policy.ts';
import {
  assessmentByTokenHash,
  assessmentsByUnit,
  assessmentsOf,
  currentContactsOf,
  evidenceFacts,
  findRelationship,
  insertAssessment,
  insertItems,
  itemsOf,
  linkTask,
  recordPartnerSide,
} from './assessments.repository.ts';
import { suggestEvidence, TERM_DAYS } from './evidence.ts';

/** A partner's link takes answers for this many days unless the assessor chooses a closing day. */
const PARTNER_DAYS = 30;
const MAX_OPEN_DAYS = 366;

const side = (mean: number | null, stage: string | null) =>
  mean === null || stage === null ? null : { mean: mean / 100, stage: stage as MaturityStage };

async function present(db: Executor, rows: Awaited<ReturnType<typeof assessmentsOf>>): Promise<Assessment[]> {
  const items = await itemsOf(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => {
    const mine = items.filter((i) => i.assessmentId === r.id);
    const of = (item: string, s: 'unit' | 'partner') => mine.find((i) => i.item === item && i.side === s);
    return {
      id: r.id,
      relationshipId: r.relationshipId,
      unitName: r.unitName,
      assessedByName: r.assessedByName,
      createdAt: r.createdAt.toISOString(),
      result: side(r.meanScore, r.stage),
      partner:
        r.partnerContactName && r.partnerClosesAt
          ? {
              contactName: r.partnerContactName,
              closesAt: r.partnerClosesAt.toISOString(),
              emailedAt: r.partnerEmailedAt?.toISOString() ?? null,
              answeredAt: r.partnerAnsweredAt?.toISOString() ?? null,
              result: side(r.partnerMeanScore, r.partnerStage),
            }
          : null,
      items: checklistItems.map((item) => {
        const unit = of(item, 'unit');
        const partner = of(item, 'partner');
        return {
          item,
          label: checklistItemLabels[item],
          score: unit?.score ?? null,
          evidence: unit?.evidence ?? null,
          action: unit?.action ?? null,
          taskId: unit?.taskId ?? null,
          partnerScore: partner?.score ?? null,
          partnerComment: partner?.evidence ?? null,
          gap: unit && partner ? partner.score - unit.score : null,
        };
      }),
    };
  });
}

async function relationshipOr404(db: Executor, id: string) {
  const r = await findRelationship(db, id);
  if (!r) throw notFound('Relationship');
  return r;
}

/**
 * The partner's current contacts, each with whether the link may be e-mailed to them: they have
 * an address, are not marked "do not contact", and may be contacted for the purpose surveys are
 * sent under (the partner's side of an assessment is asked for as a survey is).
 */
async function askableContacts(db: Executor, partnerId: string, only?: string) {
  const found = await currentContactsOf(db, partnerId, only);
  const allowed = await contactableFor(
    db,
    found.map((c) => c.id),
    PURPOSE.surveys,
  );
  return found.map((c) => ({
    id: c.id,
    name: c.name,
    canEmail: c.email !== null && allowed.has(c.id),
  }));
}

/** A relationship's assessments, newest first, both sides and the gap per item; and whether the caller may assess it. */
export async function relationshipAssessments(ctx: Ctx, relationshipId: string) {
  const r = await relationshipOr404(ctx.db, relationshipId);
  const canAssess = assessmentPolicy.canAssess(ctx.actor, r);
  return {
    relationshipId: r.id,
    partnerId: r.partnerId,
    partnerName: r.partnerName,
    unitName: r.unitName,
    items: await present(ctx.db, await assessmentsOf(ctx.db, { relationshipId })),
    canAssess,
    contacts: canAssess ? await askableContacts(ctx.db, r.partnerId) : [],
  };
}

/** Evidence suggested for each item from this term's records, counting only those the caller may read. */
export async function assessmentEvidence(ctx: Ctx, relationshipId: string, now = new Date()) {
  const r = await relationshipOr404(ctx.db, relationshipId);
  const from = new Date(now.getTime() - TERM_DAYS * 86_400_000);
  const facts = await evidenceFacts(
    ctx.db,
    r,
    {
      touchpoints: touchpointPartnerScope(ctx.actor),
      requests: requestAudience.scope(ctx.actor),
      activities: activityAudience.scope(ctx.actor),
    },
    from,
  );
  const suggested = suggestEvidence(facts);
  return {
    from: DateTime.fromJSDate(from).setZone(UNIVERSITY_TIME_ZONE).toISODate()!,
    items: checklistItems.map((item) => ({ item, suggestion: suggested[item] })),
  };
}

/** The end of a closing day in the university's time zone, or a field error. */
function closingInstant(field: string, closesOn: string | null, now: Date) {
  const day = closesOn
    ? DateTime.fromISO(closesOn, { zone: UNIVERSITY_TIME_ZONE })
    : DateTime.fromJSDate(now).setZone(UNIVERSITY_TIME_ZONE).plus({ days: PARTNER_DAYS });
  const end = day.plus({ days: 1 }).startOf('day');
  if (!end.isValid || end.toJSDate() <= now) throw invalid(field, 'must be today or later');
  if (end.diff(DateTime.fromJSDate(now), 'days').days > MAX_OPEN_DAYS + 1)
    throw invalid(field, 'must be within a year');
  return end.toJSDate();
}

/**
 * Records an assessment of a relationship: each item scored 0–4 with evidence and an
 * improvement action (each action becomes a task for the assessor), its stage by the rule, and,
 * when a key contact is named, a private single-use link for the partner's side: the link is
 * returned once, or (`emailPartner`) e-mailed to the contact, kept only until it is sent; its
 * hash is what stays.
 */
export async function createAssessment(ctx: Ctx, relationshipId: string, input: CreateAssessment) {
  const body = createAssessmentBody.parse(input);
  const now = new Date();
  const created = await ctx.db.transaction(async (tx) => {
    const r = await relationshipOr404(tx, relationshipId);
    if (!assessmentPolicy.canAssess(ctx.actor, r))
      throw forbidden('Only those who look after the relationship may assess it');
    let partner: { contactId: string; token: string; closesAt: Date } | null = null;
    if (body.partnerContactId) {
      const [found] = await askableContacts(tx, r.partnerId, body.partnerContactId);
      if (!found) throw invalid('partnerContactId', 'is not a current contact of the partner');
      // The partner's side is a questionnaire by private link: it asks for the surveys purpose.
      if (!(await mayContact(tx, body.partnerContactId, PURPOSE.surveys)))
        throw invalid('partnerContactId', 'may not be contacted for surveys (consent withdrawn)');
      if (body.emailPartner && !found.canEmail)
        throw invalid('emailPartner', `${found.name} has no e-mail address: pass the link on yourself`);
      partner = {
        contactId: body.partnerContactId,
        token: newSecret(),
        closesAt: closingInstant('partnerClosesOn', body.partnerClosesOn, now),
      };
    } else if (body.partnerClosesOn) throw invalid('partnerClosesOn', 'needs a key contact to ask');
    else if (body.emailPartner) throw invalid('emailPartner', 'needs a key contact to ask');
    const result = stageOf(body.items.map((i) => i.score))!;
    const row = await insertAssessment(tx, {
      relationshipId,
      unitId: r.unitId,
      assessedById: ctx.actor.userId,
      meanScore: Math.round(result.mean * 100),
      stage: result.stage,
      partnerContactId: partner?.contactId ?? null,
      partnerTokenHash: partner ? hashSecret(partner.token) : null,
      // Kept only until the e-mail goes; a link handed to the assessor is never stored.
      partnerToken: partner && body.emailPartner ? partner.token : null,
      partnerClosesAt: partner?.closesAt ?? null,
    });
    await insertItems(
      tx,
      body.items.map((i) => ({
        assessmentId: row.id,
        side: 'unit' as const,
        item: i.item,
        score: i.score,
        evidence: i.evidence,
        action: i.action,
      })),
    );
    const tasks: string[] = [];
    for (const i of body.items) {
      if (!i.action) continue;
      const task = await createImprovementTask(tx, ctx, {
        title: i.action.slice(0, 300),
        partnerId: r.partnerId,
        relationshipId,
        dueOn: body.actionsDueOn,
      });
      await linkTask(tx, row.id, i.item, task.id);
      tasks.push(task.id);
    }
    await recordChange(tx, ctx, {
      entity: 'assessment',
      entityId: row.id,
      action: 'created',
      after: { relationshipId, stage: result.stage, mean: result.mean, items: body.items },
      detail: {
        relationshipId,
        partnerContactId: partner?.contactId ?? null,
        partnerEmailed: partner !== null && body.emailPartner,
        tasks,
      },
    });
    return { id: row.id, token: partner?.token ?? null };
  });
  const emailed = created.token !== null && body.emailPartner;
  // A failure to ask leaves the e-mail for the next scheduled run.
  if (emailed) await ctx.jobs.trigger(JOB.deliverAssessmentMail).catch(() => undefined);
  const [assessment] = await present(ctx.db, await assessmentsOf(ctx.db, { id: created.id }));
  return {
    assessment: assessment!,
    partnerLink: created.token && !emailed ? `/assessments/answer/${created.token}` : null,
    partnerEmailed: emailed,
  };
}

/** The public side: the partner's key contact, by the private link, no account. */
type PublicCall = { db: Ctx['db']; requestId: string };

/** An unknown link answers 404; one past its closing day 410. */
function checkLink(found: Awaited<ReturnType<typeof assessmentByTokenHash>>, now = new Date()) {
  if (!found?.closesAt) throw notFound('Assessment');
  if (found.closesAt <= now) throw new AppError('gone', 'This assessment has closed');
  return found;
}

/** What the partner's page shows: the checklist and who asks; never the unit's own scores. */
export async function publicAssessment(call: PublicCall, token: string) {
  const found = checkLink(await assessmentByTokenHash(call.db, hashSecret(token)));
  return {
    unitName: found.unitName,
    partnerName: found.partnerName,
    contactName: found.contactName,
    closesAt: found.closesAt!.toISOString(),
    answered: found.answeredAt !== null,
    items: checklistItems.map((item) => ({ item, label: checklistItemLabels[item] })),
  };
}

/**
 * The partner's key contact scores the same checklist, once: the assessment row is locked
 * first, so two answers sent at once by one link count once and the second is refused.
 */
export async function answerAssessment(call: PublicCall, token: string, input: AnswerAssessment) {
  const body = answerAssessmentBody.parse(input);
  await call.db.transaction(async (tx) => {
    const found = checkLink(await assessmentByTokenHash(tx, hashSecret(token), true));
    if (found.answeredAt) throw new AppError('conflict', 'You have already answered this assessment');
    const result = stageOf(body.items.map((i) => i.score))!;
    await recordPartnerSide(
      tx,
      found.id,
      { meanScore: Math.round(result.mean * 100), stage: result.stage },
      body.items.map((i) => ({ item: i.item, score: i.score, comment: i.comment })),
    );
    const writer: Writer = {
      actor: { userId: null, tokenId: null, contactId: found.partnerContactId },
      requestId: call.requestId,
    };
    await recordChange(tx, writer, {
      entity: 'assessment',
      entityId: found.id,
      action: 'answered',
      after: { stage: result.stage, mean: result.mean },
      detail: { relationshipId: found.relationshipId },
    });
  });
  return publicAssessment(call, token);
}

const mean = (hundredths: number | null) => (hundredths === null ? null : Math.round(hundredths) / 100);

/**
 * Assessments across units, for senior managers and administrators: per unit, the latest
 * assessment of each of its relationships, their stages, each side's mean and the gap.
 */
export async function unitAssessments(ctx: Ctx) {
  if (!hasRole(ctx.actor, 'senior_manager'))
    throw forbidden('Only senior managers and administrators compare assessments across units');
  const rows = await assessmentsByUnit(ctx.db);
  return {
    units: rows.map((r) => ({
      unitId: r.unitId,
      unitName: r.unitName,
      activeRelationships: r.activeRelationships,
      assessed: r.assessed,
      stages: {
        ad_hoc: r.adHoc,
        order_taker: r.orderTaker,
        service_provider: r.serviceProvider,
        trusted_advisor: r.trustedAdvisor,
        strategic_partner: r.strategicPartner,
      },
      unitMean: mean(r.unitMean),
      partnerAnswered: r.partnerAnswered,
      partnerMean: mean(r.partnerMean),
      meanGap: mean(r.meanGap),
    })),
  };
}
