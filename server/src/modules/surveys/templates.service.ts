import {
  changeSurveyTemplateBody,
  type SurveyTemplate,
  type SurveyTemplateBody,
  surveyTemplateBody,
} from '../../../../common/src/contracts/surveys.ts';
import { recordChange } from '../../db/records.ts';
import { forbidden, notFound, stale } from '../../errors.ts';
import type { Ctx } from '../../lib/context.ts';
import { type Actor, isAdministrator } from '../access/actor.ts';
import {
  insertTemplate,
  saveTemplateVersion,
  surveyTemplatesOf,
  templateVersionsOf,
} from './surveys.repository.ts';

type Row = Awaited<ReturnType<typeof surveyTemplatesOf>>[number];

/** Its author and administrators edit a template; everyone signed in reads and uses it. */
const mayEdit = (actor: Actor, t: { createdById: string }) =>
  !actor.readOnly && (isAdministrator(actor) || t.createdById === actor.userId);

const present = (actor: Actor, t: Row): SurveyTemplate => ({
  id: t.id,
  name: t.name,
  questions: t.questions,
  version: t.version,
  createdByName: t.createdByName,
  updatedAt: t.updatedAt.toISOString(),
  canEdit: mayEdit(actor, t),
});

/** The saved survey templates, by name. */
export async function listSurveyTemplates(ctx: Ctx) {
  return { items: (await surveyTemplatesOf(ctx.db)).map((t) => present(ctx.actor, t)) };
}

/** One template with every version as saved, newest first. */
export async function surveyTemplateDetail(ctx: Ctx, id: string) {
  const [row] = await surveyTemplatesOf(ctx.db, id);
  if (!row) throw notFound('Survey template');
  const versions = await templateVersionsOf(ctx.db, id);
  return {
    ...present(ctx.actor, row),
    versions: versions.map((v) => ({ ...v, savedAt: v.savedAt.toISOString() })),
  };
}

/** Saves a set of questions by name, as version 1. */
export async function createSurveyTemplate(ctx: Ctx, input: SurveyTemplateBody) {
  const body = surveyTemplateBody.parse(input);
  if (ctx.actor.readOnly) throw forbidden('Viewers cannot save survey templates');
  const id = await ctx.db.transaction(async (tx) => {
    const created = await insertTemplate(tx, { ...body, createdById: ctx.actor.userId });
    await recordChange(tx, ctx, {
      entity: 'survey_template',
      entityId: created,
      action: 'created',
      after: { ...body, version: 1 },
    });
    return created;
  });
  return surveyTemplateDetail(ctx, id);
}

/**
 * Edits a template as a new version (If-Match names the version read; a stale one is 412). The
 * earlier versions stay, and surveys already sent keep the questions they were sent with.
 */
export async function changeSurveyTemplate(
  ctx: Ctx,
  id: string,
  expected: number,
  input: Partial<SurveyTemplateBody>,
) {
  const body = changeSurveyTemplateBody.parse(input);
  await ctx.db.transaction(async (tx) => {
    const [row] = await surveyTemplatesOf(tx, id, true);
    if (!row) throw notFound('Survey template');
    if (!mayEdit(ctx.actor, row)) throw forbidden('Only its author or an administrator may edit a template');
    const next = { name: body.name ?? row.name, questions: body.questions ?? row.questions };
    if (!(await saveTemplateVersion(tx, id, expected, { ...next, savedById: ctx.actor.userId })))
      throw stale('survey template');
    await recordChange(tx, ctx, {
      entity: 'survey_template',
      entityId: id,
      action: 'updated',
      before: { name: row.name, questions: row.questions, version: row.version },
      after: { ...next, version: expected + 1 },
    });
  });
  return surveyTemplateDetail(ctx, id);
}
