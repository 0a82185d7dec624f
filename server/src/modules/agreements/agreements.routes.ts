import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  agreementChangeList,
  agreementChangeSchema,
  agreementPage,
  agreementSchema,
  agreementVersionList,
  approvalRulesSchema,
  createAgreementBody,
  decideChangeBody,
  listAgreementsQuery,
  proposeChangeBody,
  updateAgreementBody,
} from '../../../../common/src/contracts/agreements.ts';
import { contextOf } from '../../lib/context.ts';
import { expectedVersion, setEtag } from '../../lib/etag.ts';
import { idParams } from '../../lib/records.ts';
import {
  agreementChanges,
  agreementVersions,
  changeAgreement,
  createAgreement,
  decideChange,
  findAgreements,
  getAgreement,
  getApprovalRules,
  proposeChange,
  setApprovalRules,
} from './agreements.service.ts';

const tags = ['Agreements'];

export const agreementRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/agreements',
    {
      config: { access: 'viewer' },
      schema: {
        tags,
        summary: 'Agreements you may see, newest first',
        querystring: listAgreementsQuery,
        response: { 200: agreementPage },
      },
    },
    async (request) => findAgreements(contextOf(request), request.query),
  );
  app.post(
    '/agreements',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: 'Record an agreement on a relationship (as a draft)',
        body: createAgreementBody,
        response: { 201: agreementSchema },
      },
    },
    async (request, reply) => {
      const agreement = await createAgreement(contextOf(request), request.body);
      setEtag(reply, agreement);
      return reply.code(201).send(agreement);
    },
  );
  app.get(
    '/agreements/:id',
    {
      config: { access: 'viewer' },
      schema: { tags, summary: 'An agreement', params: idParams, response: { 200: agreementSchema } },
    },
    async (request, reply) => {
      const agreement = await getAgreement(contextOf(request), request.params.id);
      setEtag(reply, agreement);
      return agreement;
    },
  );
  app.patch(
    '/agreements/:id',
    {
      config: { access: 'staff', ifMatch: true },
      schema: {
        tags,
        summary: 'Change a draft, bring it into force, or end an agreement',
        description:
          'The terms of an agreement in force are not changed here (409): propose a change, which both sides approve.',
        params: idParams,
        body: updateAgreementBody,
        response: { 200: agreementSchema },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      const agreement = await changeAgreement(ctx, request.params.id, expectedVersion(request), request.body);
      setEtag(reply, agreement);
      return agreement;
    },
  );
  app.get(
    '/agreements/:id/versions',
    {
      config: { access: 'viewer' },
      schema: {
        tags,
        summary: 'Every version of the terms, each with what changed from the one before',
        params: idParams,
        response: { 200: agreementVersionList },
      },
    },
    async (request) => agreementVersions(contextOf(request), request.params.id),
  );
  app.get(
    '/agreements/:id/changes',
    {
      config: { access: 'viewer' },
      schema: {
        tags,
        summary: 'Changes proposed to an agreement, newest first',
        params: idParams,
        response: { 200: agreementChangeList },
      },
    },
    async (request) => agreementChanges(contextOf(request), request.params.id),
  );
  app.post(
    '/agreements/:id/changes',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: 'Propose a change to an agreement in force, with its reason',
        params: idParams,
        body: proposeChangeBody,
        response: { 201: agreementChangeSchema },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await proposeChange(contextOf(request), request.params.id, request.body)),
  );
  app.post(
    '/agreement-changes/:id/decisions',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary:
          'Approve or decline a change: for the university (whoever the approval rules ask for) or for the partner (as they answered)',
        description:
          'When every side has approved, the agreement takes the new terms as its next version. A second answer from the same side is refused with 409.',
        params: idParams,
        body: decideChangeBody,
        response: { 200: agreementChangeSchema },
      },
    },
    async (request) => decideChange(contextOf(request), request.params.id, request.body),
  );
  app.get(
    '/agreement-approval-rules',
    {
      config: { access: 'viewer' },
      schema: {
        tags,
        summary: 'Who approves changes to agreements for the university, by unit, kind and field',
        response: { 200: approvalRulesSchema },
      },
    },
    async (request) => getApprovalRules(contextOf(request)),
  );
  app.put(
    '/agreement-approval-rules',
    {
      config: { access: 'administrator' },
      schema: {
        tags,
        summary: 'Set who approves changes to agreements (applies to changes proposed from now on)',
        description:
          "For each field a change touches, the most specific matching rule applies (unit before kind before field); the change needs the highest authority among them. Without a matching rule, the relationship's manager approves.",
        body: approvalRulesSchema,
        response: { 200: approvalRulesSchema },
      },
    },
    async (request) => setApprovalRules(contextOf(request), request.body),
  );
};
