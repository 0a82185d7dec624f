import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  communicationLevelList,
  communicationLevelSchema,
  createCommunicationLevelBody,
  createPeerPairBody,
  createPlanItemBody,
  peerPairSchema,
  planDueList,
  planDueQuery,
  planItemList,
  planItemSchema,
  relationshipPlanSchema,
  updateCommunicationLevelBody,
  updatePlanItemBody,
} from '../../../../common/src/contracts/communication-plans.ts';
import { contextOf } from '../../lib/context.ts';
import { expectedVersion, setEtag } from '../../lib/etag.ts';
import { idParams } from '../../lib/records.ts';
import {
  changeCommunicationLevel,
  changePlanItem,
  communicationLevels,
  createCommunicationLevel,
  createPeerPair,
  createPlanItem,
  getPlanItem,
  partnerTypePlan,
  plansDue,
  relationshipPlan,
  removePeerPair,
  removePlanItem,
} from './communication-plans.service.ts';

const tags = ['Communication plans'];
const noContent = { 204: z.null().describe('Deleted') };

export const communicationPlanRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/communication-levels',
    {
      config: { access: 'viewer' },
      schema: {
        tags,
        summary: 'The levels at which people talk to each other',
        response: { 200: communicationLevelList },
      },
    },
    async (request) => communicationLevels(contextOf(request)),
  );
  app.post(
    '/communication-levels',
    {
      config: { access: 'administrator' },
      schema: {
        tags,
        summary: 'Add a level',
        body: createCommunicationLevelBody,
        response: { 201: communicationLevelSchema },
      },
    },
    async (request, reply) => {
      const level = await createCommunicationLevel(contextOf(request), request.body);
      setEtag(reply, level);
      return reply.code(201).send(level);
    },
  );
  app.patch(
    '/communication-levels/:id',
    {
      config: { access: 'administrator', ifMatch: true },
      schema: {
        tags,
        summary: 'Rename or re-order a level',
        params: idParams,
        body: updateCommunicationLevelBody,
        response: { 200: communicationLevelSchema },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      const level = await changeCommunicationLevel(
        ctx,
        request.params.id,
        expectedVersion(request),
        request.body,
      );
      setEtag(reply, level);
      return level;
    },
  );
  app.get(
    '/partner-types/:id/communication-plan',
    {
      config: { access: 'viewer' },
      schema: {
        tags,
        summary: "A partner type's default plan",
        params: idParams,
        response: { 200: planItemList },
      },
    },
    async (request) => {
      const ctx = contextOf(request);
      return partnerTypePlan(ctx, ctx.db, request.params.id);
    },
  );
  app.get(
    '/relationships/:id/communication-plan',
    {
      config: { access: 'viewer' },
      schema: {
        tags,
        summary: "A relationship's plan in force and its peer pairs, with what the touch points show",
        description:
          'Due, overdue, adherence and coverage are worked out from the touch points the caller may see: a confidential one they may not read never counts for them.',
        params: idParams,
        response: { 200: relationshipPlanSchema },
      },
    },
    async (request) => relationshipPlan(contextOf(request), request.params.id),
  );
  app.get(
    '/communication-plans/due',
    {
      config: { access: 'viewer' },
      schema: {
        tags,
        summary: 'Plan items of the relationships I manage (or of a unit), overdue first',
        querystring: planDueQuery,
        response: { 200: planDueList },
      },
    },
    async (request) => plansDue(contextOf(request), request.query),
  );
  app.post(
    '/communication-plans/items',
    {
      config: { access: 'relationship_manager' },
      schema: {
        tags,
        summary: "Add an item to a partner type's defaults or to a relationship's plan",
        body: createPlanItemBody,
        response: { 201: planItemSchema },
      },
    },
    async (request, reply) => {
      const item = await createPlanItem(contextOf(request), request.body);
      setEtag(reply, item);
      return reply.code(201).send(item);
    },
  );
  app.get(
    '/communication-plans/items/:id',
    {
      config: { access: 'viewer' },
      schema: { tags, summary: 'A plan item', params: idParams, response: { 200: planItemSchema } },
    },
    async (request, reply) => {
      const item = await getPlanItem(contextOf(request), request.params.id);
      setEtag(reply, item);
      return item;
    },
  );
  app.patch(
    '/communication-plans/items/:id',
    {
      config: { access: 'relationship_manager', ifMatch: true },
      schema: {
        tags,
        summary: 'Change a plan item',
        params: idParams,
        body: updatePlanItemBody,
        response: { 200: planItemSchema },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      const item = await changePlanItem(ctx, request.params.id, expectedVersion(request), request.body);
      setEtag(reply, item);
      return item;
    },
  );
  app.delete(
    '/communication-plans/items/:id',
    {
      config: { access: 'relationship_manager', ifMatch: true },
      schema: { tags, summary: 'Remove a plan item', params: idParams, response: noContent },
    },
    async (request, reply) => {
      await removePlanItem(contextOf(request), request.params.id, expectedVersion(request));
      return reply.code(204).send(null);
    },
  );
  app.post(
    '/peer-pairs',
    {
      config: { access: 'relationship_manager' },
      schema: {
        tags,
        summary: 'Pair a member of staff with a contact at a level, for one relationship',
        body: createPeerPairBody,
        response: { 201: peerPairSchema },
      },
    },
    async (request, reply) => {
      const pair = await createPeerPair(contextOf(request), request.body);
      setEtag(reply, pair);
      return reply.code(201).send(pair);
    },
  );
  app.delete(
    '/peer-pairs/:id',
    {
      config: { access: 'relationship_manager', ifMatch: true },
      schema: { tags, summary: 'Remove a peer pair', params: idParams, response: noContent },
    },
    async (request, reply) => {
      await removePeerPair(contextOf(request), request.params.id, expectedVersion(request));
      return reply.code(204).send(null);
    },
  );
};
