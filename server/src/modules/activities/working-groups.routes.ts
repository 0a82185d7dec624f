import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  actionDoneBody,
  actionList,
  actionParams,
  actionSchema,
  addMemberBody,
  createActionBody,
  endMembershipBody,
  memberList,
  memberParams,
  memberSchema,
} from '../../../../common/src/contracts/working-groups.ts';
import { contextOf } from '../../lib/context.ts';
import { idParams } from '../../lib/records.ts';
import {
  actionsOf,
  addAction,
  addMember,
  endMembership,
  membersOf,
  setActionDoneState,
} from './working-groups.service.ts';

const tags = ['Activities'];

/** A working group's membership over time: who joined and left, for which partner. */
export const workingGroupRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/activities/:id/members',
    {
      config: { access: 'viewer' },
      schema: {
        tags,
        summary: "A working group's members, current and past",
        params: idParams,
        response: { 200: memberList },
      },
    },
    async (request) => membersOf(contextOf(request), request.params.id),
  );
  app.post(
    '/activities/:id/members',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: "Someone joins a working group: a partner's contact (for that partner) or a member of staff",
        params: idParams,
        body: addMemberBody,
        response: { 201: memberSchema },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await addMember(contextOf(request), request.params.id, request.body)),
  );
  app.post(
    '/activities/:id/members/:memberId/leave',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: 'Someone leaves a working group on a day; the membership stays as history',
        params: memberParams,
        body: endMembershipBody,
        response: { 200: memberSchema },
      },
    },
    async (request) =>
      endMembership(contextOf(request), request.params.id, request.params.memberId, request.body.leftOn),
  );
  app.get(
    '/activities/:id/actions',
    {
      config: { access: 'viewer' },
      schema: {
        tags,
        summary: "The actions agreed at a working group's meetings, with their owners on either side",
        params: idParams,
        response: { 200: actionList },
      },
    },
    async (request) => actionsOf(contextOf(request), request.params.id),
  );
  app.post(
    '/activities/:id/actions',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary:
          "Record an action agreed at a meeting, owned by a member (a member of staff's is a task in their list too)",
        params: idParams,
        body: createActionBody,
        response: { 201: actionSchema },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await addAction(contextOf(request), request.params.id, request.body)),
  );
  app.post(
    '/activities/:id/actions/:actionId/done',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: 'Tick an action off, or open it again (its task follows)',
        params: actionParams,
        body: actionDoneBody,
        response: { 200: actionSchema },
      },
    },
    async (request) =>
      setActionDoneState(contextOf(request), request.params.id, request.params.actionId, request.body.done),
  );
};
