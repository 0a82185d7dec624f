import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { idParams } from '../../../../common/src/contracts/shared.ts';
import {
  answerSurveyBody,
  changeSurveyTemplateBody,
  createSurveyBody,
  partnerSurveysSchema,
  publicSurveySchema,
  surveyCreatedSchema,
  surveyExportQuery,
  surveyResultSchema,
  surveyTemplateBody,
  surveyTemplateDetailSchema,
  surveyTemplateListSchema,
  surveyTokenParams,
} from '../../../../common/src/contracts/surveys.ts';
import { contextOf } from '../../lib/context.ts';
import { expectedVersion, setEtag } from '../../lib/etag.ts';
import { downloadHeaders } from '../../lib/lists/export.ts';
import {
  answerSurvey,
  closeSurveyEarly,
  exportPartnerSurveys,
  publicSurvey,
  sendSurvey,
  surveysOfPartner,
} from './surveys.service.ts';
import {
  changeSurveyTemplate,
  createSurveyTemplate,
  listSurveyTemplates,
  surveyTemplateDetail,
} from './templates.service.ts';

const tags = ['Surveys'];
const publicTags = ['Surveys by private link'];

/** What a public call needs: no actor; the link is the only credential. */
const callOf = (request: FastifyRequest) => ({ db: request.server.database.db, requestId: request.id });

/** Relationship surveys: sending, results, closing; and the answer page's endpoints, reached by the private link. */
export const surveyRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/relationships/:id/surveys',
    {
      config: { access: 'relationship_manager' },
      schema: {
        tags,
        summary: "Send a survey to chosen contacts of the relationship's partner",
        params: idParams,
        body: createSurveyBody,
        response: { 201: surveyCreatedSchema },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await sendSurvey(contextOf(request), request.params.id, request.body)),
  );
  app.get(
    '/partners/:id/surveys',
    {
      config: { access: 'viewer' },
      schema: {
        tags,
        summary: "The results of the partner's relationship surveys that the caller may read",
        params: idParams,
        response: { 200: partnerSurveysSchema },
      },
    },
    async (request) => surveysOfPartner(contextOf(request), request.params.id),
  );
  app.get(
    '/survey-templates',
    {
      config: { access: 'viewer' },
      schema: {
        tags,
        summary: 'The saved survey templates (reusable sets of questions), by name',
        response: { 200: surveyTemplateListSchema },
      },
    },
    async (request) => listSurveyTemplates(contextOf(request)),
  );
  app.get(
    '/survey-templates/:id',
    {
      config: { access: 'viewer' },
      schema: {
        tags,
        summary: 'A survey template with every version as saved, newest first',
        params: idParams,
        response: { 200: surveyTemplateDetailSchema },
      },
    },
    async (request, reply) => {
      const template = await surveyTemplateDetail(contextOf(request), request.params.id);
      setEtag(reply, template);
      return template;
    },
  );
  app.post(
    '/survey-templates',
    {
      config: { access: 'relationship_manager' },
      schema: {
        tags,
        summary: 'Save a set of survey questions by name, as version 1',
        body: surveyTemplateBody,
        response: { 201: surveyTemplateDetailSchema },
      },
    },
    async (request, reply) => {
      const template = await createSurveyTemplate(contextOf(request), request.body);
      setEtag(reply, template);
      return reply.code(201).send(template);
    },
  );
  app.patch(
    '/survey-templates/:id',
    {
      config: { access: 'relationship_manager' },
      schema: {
        tags,
        summary:
          'Edit a survey template (its author or an administrator; If-Match): a new version, the earlier ones kept',
        params: idParams,
        body: changeSurveyTemplateBody,
        response: { 200: surveyTemplateDetailSchema },
      },
    },
    async (request, reply) => {
      const template = await changeSurveyTemplate(
        contextOf(request),
        request.params.id,
        expectedVersion(request),
        request.body,
      );
      setEtag(reply, template);
      return template;
    },
  );
  app.get(
    '/partners/:id/surveys/export',
    {
      config: { access: 'viewer' },
      schema: {
        tags,
        summary:
          "The partner's survey results the caller may read, a row per question, as CSV or XLSX (no breakdown below a survey's anonymity threshold)",
        params: idParams,
        querystring: surveyExportQuery,
      },
    },
    async (request, reply) => {
      const file = await exportPartnerSurveys(contextOf(request), request.params.id, request.query.format);
      return reply.headers(downloadHeaders(file)).send(file.body);
    },
  );
  app.post(
    '/surveys/:id/close',
    {
      config: { access: 'relationship_manager' },
      schema: {
        tags,
        summary: 'Close a survey before its closing day',
        params: idParams,
        response: { 200: surveyResultSchema },
      },
    },
    async (request) => closeSurveyEarly(contextOf(request), request.params.id),
  );
  app.get(
    '/public/surveys/:token',
    {
      config: { access: 'public' },
      schema: {
        tags: publicTags,
        summary: 'The survey a private link is for',
        security: [],
        params: surveyTokenParams,
        response: { 200: publicSurveySchema },
      },
    },
    async (request) => publicSurvey(callOf(request), request.params.token),
  );
  app.post(
    '/public/surveys/:token',
    {
      config: { access: 'public' },
      schema: {
        tags: publicTags,
        summary: 'Answer the survey (once)',
        security: [],
        params: surveyTokenParams,
        body: answerSurveyBody,
        response: { 200: publicSurveySchema },
      },
    },
    async (request) => answerSurvey(callOf(request), request.params.token, request.body),
  );
};
