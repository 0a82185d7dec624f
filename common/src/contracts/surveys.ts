/**
 * Relationship surveys: questions to a partner's contacts about one relationship, sent by a
 * private link, answered without an account, and their results (anonymous, and shown in detail
 * only once enough people have answered).
 */
import { z } from 'zod';
import { surveyQuestionKinds } from '../labels/surveys.ts';
import { visibilities } from '../labels/visibility.ts';
import { isoDate, isoDateTime, requiredText } from './shared.ts';

/** A question's key within its survey: lower-case letters, digits and underscores. */
const questionKey = z
  .string()
  .max(40)
  .regex(/^[a-z][a-z0-9_]*$/, 'Use lower-case letters, digits and underscores');
const questionText = requiredText(300);

export const scaleQuestion = z.object({
  id: questionKey,
  kind: z.literal('scale'),
  text: questionText,
  min: z.int32().min(0).max(1),
  max: z.int32().min(2).max(10),
  lowLabel: z.string().trim().max(60).default(''),
  highLabel: z.string().trim().max(60).default(''),
});
export const choiceQuestion = z.object({
  id: questionKey,
  kind: z.literal('choice'),
  text: questionText,
  options: z.array(requiredText(100)).min(2).max(10),
});
export const textQuestion = z.object({ id: questionKey, kind: z.literal('text'), text: questionText });
export const surveyQuestionSchema = z.discriminatedUnion('kind', [
  scaleQuestion,
  choiceQuestion,
  textQuestion,
]);
export type SurveyQuestion = z.infer<typeof surveyQuestionSchema>;

/** An answer as given: a number on a scale, an option of a choice, or free text. */
export const surveyAnswerSchema = z.object({
  questionId: z.string().max(40),
  value: z.union([z.int32(), z.string().max(4000)]),
});
export type SurveyAnswer = z.infer<typeof surveyAnswerSchema>;

/** The template the survey builder starts from (issue 18): six scales and a comment. */
export const surveyTemplate: SurveyQuestion[] = [
  ...(
    [
      ['trust', 'How much do you trust us to do what we say we will?'],
      ['openness', 'How open are we with you about what we can and cannot do?'],
      ['communication', 'How well do we keep you informed?'],
      ['responsiveness', 'How quickly do we respond when you need something?'],
      ['value', 'How much value does working with us bring you?'],
    ] as const
  ).map(
    ([id, text]): SurveyQuestion => ({
      id,
      kind: 'scale',
      text,
      min: 1,
      max: 5,
      lowLabel: 'Not at all',
      highLabel: 'Completely',
    }),
  ),
  {
    id: 'recommend',
    kind: 'scale',
    text: 'How likely are you to recommend working with us to a colleague?',
    min: 0,
    max: 10,
    lowLabel: 'Not at all likely',
    highLabel: 'Extremely likely',
  },
  { id: 'comments', kind: 'text', text: 'What one thing should we do better?' },
];

export const ANONYMITY_THRESHOLD_DEFAULT = 5;

const questionSet = z
  .array(surveyQuestionSchema)
  .min(1)
  .max(20)
  .refine((qs) => new Set(qs.map((q) => q.id)).size === qs.length, 'Each question needs its own key');

/** A reusable set of questions, saved by name: editing it adds a version. */
export const surveyTemplateBody = z.object({ name: requiredText(200), questions: questionSet }).strict();
export type SurveyTemplateBody = z.input<typeof surveyTemplateBody>;
export const changeSurveyTemplateBody = surveyTemplateBody.partial().strict();

export const surveyTemplateSchema = z.object({
  id: z.uuid(),
  name: z.string().max(200),
  questions: z.array(surveyQuestionSchema).max(20),
  version: z.int32().min(1),
  createdByName: z.string().max(200),
  updatedAt: isoDateTime,
  /** Its author and administrators edit it. */
  canEdit: z.boolean(),
});
export type SurveyTemplate = z.infer<typeof surveyTemplateSchema>;
export const surveyTemplateListSchema = z.object({ items: z.array(surveyTemplateSchema).max(500) });
export const surveyTemplateDetailSchema = surveyTemplateSchema.extend({
  /** Every version as saved, newest first. */
  versions: z
    .array(
      z.object({
        version: z.int32().min(1),
        name: z.string().max(200),
        questions: z.array(surveyQuestionSchema).max(20),
        savedByName: z.string().max(200),
        savedAt: isoDateTime,
      }),
    )
    .max(1000),
});
export type SurveyTemplateDetail = z.infer<typeof surveyTemplateDetailSchema>;

export const createSurveyBody = z
  .object({
    title: requiredText(200),
    questions: questionSet,
    templateId: z
      .uuid()
      .nullable()
      .default(null)
      .describe('The saved template the questions were taken from; its current version is recorded'),
    contactIds: z.array(z.uuid()).min(1, 'Choose at least one contact').max(200),
    closesOn: isoDate.describe('The last day answers are taken (the university’s time zone)'),
    visibility: z.enum(visibilities).default('institution'),
    readerIds: z
      .array(z.uuid())
      .max(50)
      .default([])
      .describe('For confidential surveys; the sender is always a reader'),
    anonymityThreshold: z
      .int32()
      .min(3)
      .max(100)
      .default(ANONYMITY_THRESHOLD_DEFAULT)
      .describe('No breakdown is shown for fewer answers than this'),
  })
  .strict();
export type CreateSurvey = z.input<typeof createSurveyBody>;

/** Who of those chosen was asked, and who was left out and why. */
export const surveySentSchema = z.object({
  asked: z.int32().min(0),
  noConsent: z
    .int32()
    .min(0)
    .describe(
      'Contacts who may not be contacted for surveys (consent withdrawn, or erased). Replaces the former doNotContact count.',
    ),
  noEmail: z.int32().min(0),
});

const countSchema = z.object({ value: z.string().max(100), count: z.int32().min(0) });

/** One question's results: null parts are withheld below the anonymity threshold. */
export const questionResultSchema = z.object({
  id: z.string().max(40),
  kind: z.enum(surveyQuestionKinds),
  text: z.string().max(300),
  /** A scale's range; null for other kinds. */
  scale: z.object({ min: z.int32(), max: z.int32() }).nullable(),
  answered: z.int32().min(0),
  average: z.number().nullable(),
  counts: z.array(countSchema).max(11).nullable(),
  comments: z.array(z.string().max(4000)).max(1000).nullable(),
});

export const surveyResultSchema = z.object({
  id: z.uuid(),
  title: z.string().max(200),
  relationshipId: z.uuid(),
  unitName: z.string().max(200),
  visibility: z.enum(visibilities),
  createdAt: isoDateTime,
  createdByName: z.string().max(200),
  closesAt: isoDateTime,
  open: z.boolean(),
  asked: z.int32().min(0),
  emailed: z.int32().min(0),
  answered: z.int32().min(0),
  /** Answered of asked, 0–100. */
  responseRate: z.int32().min(0).max(100).nullable(),
  anonymityThreshold: z.int32().min(1),
  /** Whether enough have answered for the breakdown to be shown. */
  shown: z.boolean(),
  questions: z.array(questionResultSchema).max(20),
  /** The template and version the questions came from, if any. */
  template: z.object({ id: z.uuid(), name: z.string().max(200), version: z.int32().min(1) }).nullable(),
  canClose: z.boolean(),
});
export type SurveyResult = z.infer<typeof surveyResultSchema>;
/** A partner's surveys as the caller may read them, and what the caller may send (abilities from the server's policy). */
export const partnerSurveysSchema = z.object({
  items: z.array(surveyResultSchema).max(500),
  canSendFor: z
    .array(z.object({ relationshipId: z.uuid(), unitName: z.string().max(200) }))
    .max(500)
    .describe('The relationships the caller may send a survey for'),
  recipients: z
    .array(z.object({ contactId: z.uuid(), name: z.string().max(200), role: z.string().max(200) }))
    .max(200)
    .describe("The partner's current contacts with an e-mail address (empty when the caller may send none)"),
});
export type PartnerSurveys = z.infer<typeof partnerSurveysSchema>;

export const surveyCreatedSchema = z.object({ survey: surveyResultSchema, sent: surveySentSchema });

/** What the public answer page shows: no names of staff, nothing about other answers. */
export const publicSurveySchema = z.object({
  title: z.string().max(200),
  unitName: z.string().max(200),
  partnerName: z.string().max(200),
  contactName: z.string().max(200),
  closesAt: isoDateTime,
  questions: z.array(surveyQuestionSchema).max(20),
  answered: z.boolean(),
});
export type PublicSurvey = z.infer<typeof publicSurveySchema>;

export const answerSurveyBody = z
  .object({ answers: z.array(surveyAnswerSchema).min(1, 'Answer at least one question').max(20) })
  .strict();
export type AnswerSurvey = z.infer<typeof answerSurveyBody>;

export const surveyTokenParams = z.object({ token: z.string().min(20).max(200) });

/** A partner's survey results as a file: CSV or XLSX, under the same anonymity threshold. */
export const surveyExportQuery = z.object({
  format: z.enum(['csv', 'xlsx']).default('csv').describe('CSV (the default) or XLSX'),
});
