import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  disputeSchema,
  disputeTimescalesSchema,
  moveDisputeStageBody,
  outcomeRecordedSchema,
  outcomeTokenParams,
  publicOutcomeSchema,
  recordOutcomeBody,
} from '../../../../common/src/contracts/disputes.ts';
import { contextOf } from '../../lib/context.ts';
import { idParams } from '../../lib/records.ts';
import {
  acknowledgeOutcome,
  getDispute,
  getTimescales,
  moveDisputeStage,
  publicOutcome,
  recordOutcome,
  setTimescales,
} from './disputes.service.ts';

const tags = ['Disputes'];
const publicTags = ['Dispute outcomes by private link'];

export const disputeRoutes: FastifyPluginAsyncZod = async (app) => {
  const callOf = (request: { server: typeof app; id: string }) => ({
    db: request.server.database.db,
    requestId: request.id,
  });
  app.get(
    '/requests/:id/dispute',
    {
      config: { access: 'viewer' },
      schema: {
        tags,
        summary: "Where a dispute stands in the procedure, and its current stage's timescale",
        params: idParams,
        response: { 200: disputeSchema },
      },
    },
    async (request) => getDispute(contextOf(request), request.params.id),
  );
  app.post(
    '/requests/:id/dispute/stage',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: 'Move a dispute to its next stage',
        description:
          'Informal discussion → formal review → senior panel or mediation → outcome. Moving back or skipping a stage is refused (409).',
        params: idParams,
        body: moveDisputeStageBody,
        response: { 200: disputeSchema },
      },
    },
    async (request) => moveDisputeStage(contextOf(request), request.params.id, request.body),
  );
  app.post(
    '/requests/:id/dispute/outcome',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: "Record a dispute's outcome, for the partner's contact to acknowledge by a private link",
        description:
          'After a senior panel or mediation only (409 otherwise). Each lesson becomes an improvement task.',
        params: idParams,
        body: recordOutcomeBody,
        response: { 200: outcomeRecordedSchema },
      },
    },
    async (request) => recordOutcome(contextOf(request), request.params.id, request.body),
  );
  app.get(
    '/dispute-timescales',
    {
      config: { access: 'viewer' },
      schema: {
        tags,
        summary: 'Days each dispute stage may take, by default',
        response: { 200: disputeTimescalesSchema },
      },
    },
    async (request) => getTimescales(contextOf(request)),
  );
  app.put(
    '/dispute-timescales',
    {
      config: { access: 'administrator' },
      schema: {
        tags,
        summary: "Set the default days of each dispute stage (an agreement's key terms may set their own)",
        body: disputeTimescalesSchema,
        response: { 200: disputeTimescalesSchema },
      },
    },
    async (request) => setTimescales(contextOf(request), request.body),
  );
  app.get(
    '/public/dispute-outcomes/:token',
    {
      config: { access: 'public' },
      schema: {
        tags: publicTags,
        summary: 'The outcome a private link is for',
        security: [],
        params: outcomeTokenParams,
        response: { 200: publicOutcomeSchema },
      },
    },
    async (request) => publicOutcome(callOf(request), request.params.token),
  );
  app.post(
    '/public/dispute-outcomes/:token/acknowledge',
    {
      config: { access: 'public' },
      schema: {
        tags: publicTags,
        summary: 'Acknowledge the outcome (once)',
        security: [],
        params: outcomeTokenParams,
        response: { 200: publicOutcomeSchema },
      },
    },
    async (request) => acknowledgeOutcome(callOf(request), request.params.token),
  );
};
