import { DateTime } from 'luxon';
import { PURPOSE } from '../../../../common/src/contracts/personal-data.ts';
import type { AnswerSurvey, CreateSurvey, SurveyResult } from '../../../../common/src/contracts/surveys.ts';
import { createSurveyBody } from '../../../../common/src/contracts/surveys.ts';
import { UNIVERSITY_TIME_ZONE } from '../../../../common/src/wording.ts';
import type { Executor } from '../../db/client.ts';
import { recordChange, type Writer } from '../../db/records.ts';
import { AppError, forbidden, invalid, notFound } from '../../errors.ts';
import { JOB } from '../../jobs/names.ts';
import type { JobTrigger } from '../../jobs/queue.ts';
import type { Ctx } from '../../lib/context.ts';
import { type ExportColumn, exportFile } from '../../lib/lists/export.ts';
import { type Actor, isAdministrator } from '../access/actor.ts';
import { hashSecret, newSecret } from '../auth/secrets.ts';
import { contactableFor } from '../personal-data/consents.service.ts';
import { relationshipPolicy } from '../relationships/relationships.policy.ts';
import { checkAnswers, summarise } from './results.ts';
import {
  closeSurvey,
  contactsOfPartner,
  existingUserIds,
  findRelationship,
  insertInvitations,
  insertReaders,
  insertSurvey,
  invitationByTokenHash,
  partnerExists,
  recipientsOf,
  recordAnswers,
  relationshipsOfPartner,
  responsesOf,
  surveyTemplatesOf,
  type VisibleSurvey,
  visibleSurveys,
} from './surveys.repository.ts';

/** The latest closing day a survey may be given. */
const MAX_OPEN_DAYS = 366;

/** Asks for the survey e-mail to go out; a failure to ask leaves it for the next scheduled run. */
const sendSoon = (jobs: JobTrigger) => jobs.trigger(JOB.deliverSurveyMail).catch(() => undefined);

const isOpen = (s: { closesAt: Date; closedAt: Date | null }, now = new Date()) =>
  s.closedAt === null && s.closesAt > now;

/** The sender, the relationship's manager and deputies, and administrators may close a survey. */
const mayClose = (actor: Actor, s: { createdById: string; managerId: string | null }) =>
  !actor.readOnly &&
  (isAdministrator(actor) || s.createdById === actor.userId || s.managerId === actor.userId);

async function present(db: Executor, actor: Actor, rows: VisibleSurvey[]): Promise<SurveyResult[]> {
  const responses = await responsesOf(
    db,
    rows.map((r) => r.id),
  );
  const now = new Date();
  return rows.map((r) => {
    const mine = responses.filter((x) => x.surveyId === r.id).map((x) => x.answers);
    const { shown, questions } = summarise(r.questions, mine, r.anonymityThreshold);
    return {
      id: r.id,
      title: r.title,
      relationshipId: r.relationshipId,
      unitName: r.unitName,
      visibility: r.visibility,
      createdAt: r.createdAt.toISOString(),
      createdByName: r.createdByName,
      closesAt: r.closesAt.toISOString(),
      open: isOpen(r, now),
      asked: r.asked,
      emailed: r.emailed,
      answered: r.answered,
      responseRate: r.asked ? Math.round((100 * r.answered) / r.asked) : null,
      anonymityThreshold: r.anonymityThreshold,
      shown,
      questions,
      template:
        r.templateId && r.templateName && r.templateVersion
          ? { id: r.templateId, name: r.templateName, version: r.templateVersion }
          : null,
      canClose: isOpen(r, now) && mayClose(actor, r),
    };
  });
}

/** The end of a closing day in the university's time zone, or a field error. */
function closingInstant(closesOn: string, now: Date) {
  const end = DateTime.fromISO(closesOn, { zone: UNIVERSITY_TIME_ZONE }).plus({ days: 1 }).startOf('day');
  if (!end.isValid || end.toJSDate() <= now) throw invalid('closesOn', 'must be today or later');
  if (end.diff(DateTime.fromJSDate(now), 'days').days > MAX_OPEN_DAYS + 1)
    throw invalid('closesOn', 'must be within a year');
  return end.toJSDate();
}

/**
 * Sends a survey about a relationship to chosen contacts of its partner: one private link
 * each, whose token only the e-mail carries (its hash is kept). Contacts not affiliated with
 * the partner are refused; those marked "do not contact", without consent for surveys or
 * without an address are left out and counted. Only the relationship's managers may send.
 */
export async function sendSurvey(ctx: Ctx, relationshipId: string, input: CreateSurvey) {
  const body = createSurveyBody.parse(input);
  const now = new Date();
  const result = await ctx.db.transaction(async (tx) => {
    const relationship = await findRelationship(tx, relationshipId);
    if (!relationship) throw notFound('Relationship');
    if (ctx.actor.readOnly || !relationshipPolicy.canUpdate(ctx.actor, relationship))
      throw forbidden("Only the relationship's managers may send it a survey");
    const closesAt = closingInstant(body.closesOn, now);
    const chosen = [...new Set(body.contactIds)];
    const reached = await contactsOfPartner(tx, relationship.partnerId, chosen);
    const reachedIds = new Set(reached.map((c) => c.id));
    const outside = body.contactIds.findIndex((id) => !reachedIds.has(id));
    if (outside >= 0)
      throw invalid(`contactIds.${outside}`, 'is not a current contact of the relationship’s partner');
    const readerIds = body.visibility === 'confidential' ? [...new Set(body.readerIds)] : [];
    const users = await existingUserIds(tx, readerIds);
    const unknownReader = readerIds.findIndex((id) => !users.has(id));
    if (unknownReader >= 0) throw invalid(`readerIds.${unknownReader}`, 'does not name a member of staff');
    const [template] = body.templateId ? await surveyTemplatesOf(tx, body.templateId) : [];
    if (body.templateId && !template) throw invalid('templateId', 'is not a saved survey template');
    const consenting = await contactableFor(
      tx,
      reached.map((c) => c.id),
      PURPOSE.surveys,
    );
    const noConsent = reached.filter((c) => !consenting.has(c.id)).length;
    const allowed = reached.filter((c) => consenting.has(c.id));
    const noEmail = allowed.filter((c) => !c.email).length;
    const asked = allowed.filter((c) => c.email);
    if (asked.length === 0)
      throw invalid(
        'contactIds',
        'None of these contacts may be sent a survey (no consent for surveys, or no e-mail address)',
      );
    const survey = await insertSurvey(tx, {
      relationshipId,
      unitId: relationship.unitId,
      title: body.title,
      questions: body.questions,
      visibility: body.visibility,
      anonymityThreshold: body.anonymityThreshold,
      closesAt,
      createdById: ctx.actor.userId,
      templateId: template?.id ?? null,
      templateVersion: template?.version ?? null,
    });
    if (body.visibility === 'confidential')
      await insertReaders(tx, survey.id, [ctx.actor.userId, ...readerIds]);
    await insertInvitations(
      tx,
      asked.map((c) => {
        const token = newSecret();
        return { surveyId: survey.id, contactId: c.id, email: c.email, token, tokenHash: hashSecret(token) };
      }),
    );
    await recordChange(tx, ctx, {
      entity: 'survey',
      entityId: survey.id,
      action: 'created',
      after: {
        title: survey.title,
        relationshipId,
        visibility: survey.visibility,
        closesAt,
        template: template ? { id: template.id, version: template.version } : null,
      },
      detail: { relationshipId, asked: asked.length },
    });
    const sent = { asked: asked.length, noConsent, noEmail };
    return { surveyId: survey.id, sent };
  });
  await sendSoon(ctx.jobs);
  const [survey] = await present(
    ctx.db,
    ctx.actor,
    await visibleSurveys(ctx.db, ctx.actor, { surveyId: result.surveyId }),
  );
  return { survey: survey!, sent: result.sent };
}

/** The results of a partner's surveys that this viewer may read: confidential ones only for their named readers. */
export async function surveysOfPartner(ctx: Ctx, partnerId: string) {
  if (!(await partnerExists(ctx.db, partnerId))) throw notFound('Partner');
  const [rows, relationships] = await Promise.all([
    visibleSurveys(ctx.db, ctx.actor, { partnerId }),
    relationshipsOfPartner(ctx.db, partnerId),
  ]);
  const canSendFor = ctx.actor.readOnly
    ? []
    : relationships
        .filter((r) => relationshipPolicy.canUpdate(ctx.actor, r))
        .map((r) => ({ relationshipId: r.id, unitName: r.unitName }));
  return {
    items: await present(ctx.db, ctx.actor, rows),
    canSendFor,
    recipients: canSendFor.length ? await recipientsOf(ctx.db, partnerId) : [],
  };
}

type ExportRow = { survey: SurveyResult; question: SurveyResult['questions'][number] };

/** The cell of a breakdown withheld below the threshold: it says why, and shows nothing. */
const withheld = (survey: SurveyResult) => `Withheld: fewer than ${survey.anonymityThreshold} answers`;
const day = (iso: string) => DateTime.fromISO(iso).setZone(UNIVERSITY_TIME_ZONE).toISODate()!;

const exportColumns: ExportColumn<ExportRow>[] = [
  { header: 'Survey', value: (r) => r.survey.title, width: 30 },
  { header: 'Unit', value: (r) => r.survey.unitName, width: 24 },
  { header: 'Sent on', value: (r) => day(r.survey.createdAt), width: 12 },
  // The closing instant is the start of the day after the last day answers were taken.
  {
    header: 'Last day',
    value: (r) => day(new Date(Date.parse(r.survey.closesAt) - 1).toISOString()),
    width: 12,
  },
  { header: 'Asked', value: (r) => r.survey.asked, width: 8 },
  { header: 'Answered', value: (r) => r.survey.answered, width: 10 },
  { header: 'Response rate (%)', value: (r) => r.survey.responseRate, width: 10 },
  { header: 'Anonymity threshold', value: (r) => r.survey.anonymityThreshold, width: 10 },
  { header: 'Question', value: (r) => r.question.text, width: 40 },
  {
    header: 'Answers to the question',
    value: (r) => (r.survey.shown ? r.question.answered : null),
    width: 10,
  },
  {
    header: 'Average',
    value: (r) => (r.survey.shown ? r.question.average : withheld(r.survey)),
    width: 10,
  },
  {
    header: 'Counts',
    value: (r) =>
      r.survey.shown
        ? (r.question.counts?.map((c) => `${c.value}: ${c.count}`).join('; ') ?? null)
        : withheld(r.survey),
    width: 30,
  },
  {
    header: 'Comments',
    value: (r) => (r.survey.shown ? (r.question.comments?.join('\n') ?? null) : withheld(r.survey)),
    width: 60,
  },
];

/**
 * The partner's survey results the caller may read (confidential ones only for their readers),
 * a row per survey and question, as CSV or XLSX. Below a survey's anonymity threshold no
 * breakdown goes into the file: not the question's answers, averages, counts or comments.
 */
export async function exportPartnerSurveys(ctx: Ctx, partnerId: string, format: 'csv' | 'xlsx') {
  if (!(await partnerExists(ctx.db, partnerId))) throw notFound('Partner');
  const items = await present(ctx.db, ctx.actor, await visibleSurveys(ctx.db, ctx.actor, { partnerId }));
  const rows = items.flatMap((survey) => survey.questions.map((question) => ({ survey, question })));
  return exportFile({
    format,
    basename: 'survey-results',
    sheetName: 'Survey results',
    columns: exportColumns,
    pages: (async function* () {
      yield rows;
    })(),
  });
}

/** Closes a survey before its closing day: its links stop taking answers. */
export async function closeSurveyEarly(ctx: Ctx, surveyId: string) {
  await ctx.db.transaction(async (tx) => {
    const [row] = await visibleSurveys(tx, ctx.actor, { surveyId });
    if (!row) throw notFound('Survey');
    if (!mayClose(ctx.actor, row))
      throw forbidden('Only its sender or the relationship’s manager may close a survey');
    if (!isOpen(row)) throw new AppError('conflict', 'This survey is already closed');
    await closeSurvey(tx, surveyId);
    await recordChange(tx, ctx, {
      entity: 'survey',
      entityId: surveyId,
      action: 'closed',
      detail: { relationshipId: row.relationshipId },
    });
  });
  const [survey] = await present(ctx.db, ctx.actor, await visibleSurveys(ctx.db, ctx.actor, { surveyId }));
  return survey!;
}

/** The public side: everything by the private link, no account. */
type PublicCall = { db: Ctx['db']; requestId: string };

/** An unknown link answers 404; a closed or expired survey 410. */
function checkLink(found: Awaited<ReturnType<typeof invitationByTokenHash>>) {
  if (!found) throw notFound('Survey');
  if (!isOpen(found.survey)) throw new AppError('gone', 'This survey has closed');
  return found;
}

/** What the answer page shows. */
export async function publicSurvey(call: PublicCall, token: string) {
  const found = checkLink(await invitationByTokenHash(call.db, hashSecret(token)));
  return {
    title: found.survey.title,
    unitName: found.unitName,
    partnerName: found.partnerName,
    contactName: found.contactName,
    closesAt: found.survey.closesAt.toISOString(),
    questions: found.survey.questions,
    answered: found.answeredAt !== null,
  };
}

/**
 * A contact answers by their link, once. The invitation row is locked first, so two answers
 * sent at once by the same link count once; the second is refused. The answers are kept
 * apart from the invitation: results never say who answered what.
 */
export async function answerSurvey(call: PublicCall, token: string, input: AnswerSurvey) {
  const tokenHash = hashSecret(token);
  await call.db.transaction(async (tx) => {
    const found = checkLink(await invitationByTokenHash(tx, tokenHash, true));
    if (found.answeredAt) throw new AppError('conflict', 'You have already answered this survey');
    const answers = checkAnswers(found.survey.questions, input.answers);
    const today = DateTime.now().setZone(UNIVERSITY_TIME_ZONE).toISODate()!;
    await recordAnswers(tx, found.id, found.survey.id, answers, today);
    const writer: Writer = {
      actor: { userId: null, tokenId: null, contactId: found.contactId },
      requestId: call.requestId,
    };
    await recordChange(tx, writer, {
      entity: 'survey',
      entityId: found.survey.id,
      action: 'answered',
      detail: { relationshipId: found.survey.relationshipId },
    });
  });
  return publicSurvey(call, token);
}
