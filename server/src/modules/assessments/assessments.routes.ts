import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  answerAssessmentBody,
  assessmentCreatedSchema,
  assessmentsByUnitSchema,
  assessmentTokenParams,
  createAssessmentBody,
  evidenceSchema,
  publicAssessmentSchema,
  relationshipAssessmentsSchema,
} from '../../../../common/src/contracts/assessments.ts';
import { idParams } from '../../../../common/src/contracts/shared.ts';
import { contextOf } from '../../lib/context.ts';
import {
  answerAssessment,
  assessmentEvidence,
  createAssessment,
  publicAssessment,
  relationshipAssessments,
  unitAssessments,
} from './assessments.service.ts';

const tags = ['Maturity assessments'];
const publicTags = ['Maturity assessments by private link'];

/** What a public call needs: no actor; the link is the only credential. */
const callOf = (request: FastifyRequest) => ({ db: request.server.database.db, requestId: request.id });

/** Maturity assessments of a relationship on the relationship manager's checklist, and the partner's side by private link. */
export const assessmentRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/relationships/:id/assessments',
    {
      config: { access: 'viewer' },
      schema: {
        tags,
        summary: "The relationship's maturity assessments, both sides and the gap per item, newest first",
        params: idParams,
        response: { 200: relationshipAssessmentsSchema },
      },
    },
    async (request) => relationshipAssessments(contextOf(request), request.params.id),
  );
  app.get(
    '/assessments/by-unit',
    {
      config: { access: 'senior_manager' },
      schema: {
        tags,
        summary:
          "Maturity assessments across units: each unit's latest assessment of each relationship, their stages, both sides' means and the gap",
        response: { 200: assessmentsByUnitSchema },
      },
    },
    async (request) => unitAssessments(contextOf(request)),
  );
  app.get(
    '/relationships/:id/assessment-evidence',
    {
      config: { access: 'viewer' },
      schema: {
        tags,
        summary: "Evidence suggested for each checklist item from this term's records the caller may read",
        params: idParams,
        response: { 200: evidenceSchema },
      },
    },
    async (request) => assessmentEvidence(contextOf(request), request.params.id),
  );
  app.post(
    '/relationships/:id/assessments',
    {
      config: { access: 'relationship_manager' },
      schema: {
        tags,
        summary: 'Assess the relationship; improvement actions become tasks; optionally ask the partner',
        params: idParams,
        body: createAssessmentBody,
        response: { 201: assessmentCreatedSchema },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await createAssessment(contextOf(request), request.params.id, request.body)),
  );
  app.get(
    '/public/assessments/:token',
    {
      config: { access: 'public' },
      schema: {
        tags: publicTags,
        summary: 'The checklist a private link asks the partner to score',
        security: [],
        params: assessmentTokenParams,
        response: { 200: publicAssessmentSchema },
      },
    },
    async (request) => publicAssessment(callOf(request), request.params.token),
  );
  app.post(
    '/public/assessments/:token',
    {
      config: { access: 'public' },
      schema: {
        tags: publicTags,
        summary: "Score the partner's side of the checklist (once)",
        security: [],
        params: assessmentTokenParams,
        body: answerAssessmentBody,
        response: { 200: publicAssessmentSchema },
      },
    },
    async (request) => answerAssessment(callOf(request), request.params.token, request.body),
  );
};
