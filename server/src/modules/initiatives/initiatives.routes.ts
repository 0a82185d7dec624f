import type { FastifyPluginAsync } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { tokenParams } from '../../../../common/src/contracts/activities.ts';
import {
  createInitiativeBody,
  createInputBody,
  createMilestoneBody,
  initiativePage,
  initiativeSchema,
  inputList,
  inputParams,
  inputSchema,
  milestoneParams,
  partnerInitiativeList,
  publicInitiativeSchema,
  updateInitiativeBody,
  updateInputBody,
} from '../../../../common/src/contracts/initiatives.ts';
import { exportInitiativesQuery, listInitiativesQuery } from '../../../../common/src/lists/queries.ts';
import { contextOf } from '../../lib/context.ts';
import { registerCrudRoutes } from '../../lib/crud-routes.ts';
import { expectedVersion, setEtag } from '../../lib/etag.ts';
import { registerExportRoute } from '../../lib/lists/export-route.ts';
import { idParams } from '../../lib/records.ts';
import {
  addInput,
  addMilestone,
  changeInitiative,
  changeInput,
  createInitiative,
  exportInitiatives,
  findInitiatives,
  getInitiative,
  initiativeHistory,
  initiativeInputs,
  partnerInitiatives,
  publicInitiative,
  publishInitiative,
  reachMilestone,
  unpublishInitiative,
} from './initiatives.service.ts';

const tags = ['Initiatives'];

const parts: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/initiatives/:id/milestones',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: 'Add a milestone (on or after the start of the initiative)',
        params: idParams,
        body: createMilestoneBody,
        response: { 201: initiativeSchema },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await addMilestone(contextOf(request), request.params.id, request.body)),
  );
  app.post(
    '/initiatives/:id/milestones/:milestoneId/reached',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: "Mark a milestone reached: the involved partners' key contacts get the digest by e-mail",
        description: 'A milestone is reached once: a second call is refused with 409.',
        params: milestoneParams,
        response: { 200: initiativeSchema },
      },
    },
    async (request) => reachMilestone(contextOf(request), request.params.id, request.params.milestoneId),
  );
  app.put(
    '/initiatives/:id/publication',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: 'Publish the "you said, we did" page at a new private link (an earlier link stops working)',
        params: idParams,
        response: { 200: initiativeSchema },
      },
    },
    async (request) => publishInitiative(contextOf(request), request.params.id),
  );
  app.delete(
    '/initiatives/:id/publication',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: 'Withdraw the published page: its link stops working',
        params: idParams,
        response: { 200: initiativeSchema },
      },
    },
    async (request) => unpublishInitiative(contextOf(request), request.params.id),
  );
  app.get(
    '/initiatives/:id/inputs',
    {
      config: { access: 'viewer' },
      schema: {
        tags,
        summary: 'The "you said, we did" log: each input, its response and status',
        description: "An input's source shows only to those who may see the source itself.",
        params: idParams,
        response: { 200: inputList },
      },
    },
    async (request) => initiativeInputs(contextOf(request), request.params.id),
  );
  app.post(
    '/initiatives/:id/inputs',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: 'Record input a partner gave, linked to a touch point, activity feedback or a request',
        params: idParams,
        body: createInputBody,
        response: { 201: inputSchema },
      },
    },
    async (request, reply) => {
      const input = await addInput(contextOf(request), request.params.id, request.body);
      setEtag(reply, input);
      return reply.code(201).send(input);
    },
  );
  app.patch(
    '/initiatives/:id/inputs/:inputId',
    {
      config: { access: 'staff', ifMatch: true },
      schema: {
        tags,
        summary:
          'Respond to input: what was done, its status (a reason when not adopted), whether it is published',
        params: inputParams,
        body: updateInputBody,
        response: { 200: inputSchema },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      const input = await changeInput(
        ctx,
        request.params.id,
        request.params.inputId,
        expectedVersion(request),
        request.body,
      );
      setEtag(reply, input);
      return input;
    },
  );
  app.get(
    '/partners/:id/initiatives',
    {
      config: { access: 'viewer' },
      schema: {
        tags,
        summary: "The initiatives a partner is involved in, with the partner's open input",
        params: idParams,
        response: { 200: partnerInitiativeList },
      },
    },
    async (request) => partnerInitiatives(contextOf(request), request.params.id),
  );
  app.get(
    '/public/initiatives/:token',
    {
      config: { access: 'public' },
      schema: {
        tags: ['"You said, we did" by private link'],
        summary:
          'The published "you said, we did" page of an initiative (no account: the link is the credential)',
        params: tokenParams,
        response: { 200: publicInitiativeSchema },
      },
    },
    async (request) => publicInitiative(request.server.database.db, request.params.token),
  );
};

export const initiativeRoutes: FastifyPluginAsync = async (app) => {
  registerExportRoute(app, {
    path: 'initiatives',
    noun: 'initiatives',
    tags,
    access: 'viewer',
    query: exportInitiativesQuery,
    run: exportInitiatives,
  });
  await app.register(parts);
  registerCrudRoutes(app, {
    path: 'initiatives',
    noun: 'initiative',
    tags,
    schemas: {
      item: initiativeSchema,
      page: initiativePage,
      listQuery: listInitiativesQuery,
      create: createInitiativeBody,
      update: updateInitiativeBody,
    },
    access: { read: 'viewer', create: 'staff', update: 'staff' },
    list: findInitiatives,
    get: getInitiative,
    create: createInitiative,
    update: changeInitiative,
    history: initiativeHistory,
  });
};
