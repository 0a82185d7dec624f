import type { FastifyPluginAsync } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  activityPage,
  activitySchema,
  createActivityBody,
  invitationList,
  invitationSchema,
  inviteBody,
  inviteResult,
  occurrencesQuery,
  occurrencesSchema,
  partnerActivitiesSchema,
  registerOnBehalfBody,
  updateActivityBody,
} from '../../../../common/src/contracts/activities.ts';
import { exportActivitiesQuery, listActivitiesQuery } from '../../../../common/src/lists/queries.ts';
import { contextOf } from '../../lib/context.ts';
import { registerCrudRoutes } from '../../lib/crud-routes.ts';
import { registerExportRoute } from '../../lib/lists/export-route.ts';
import { idParams } from '../../lib/records.ts';
import {
  activityHistory,
  activityOccurrences,
  changeActivity,
  createActivity,
  exportActivities,
  getActivity,
  listActivitiesFor,
  removeActivity,
} from './activities.service.ts';
import { attendanceRoutes } from './attendance.routes.ts';
import { calendarFeedRoutes } from './calendar-feeds.routes.ts';
import { feedbackRoutes } from './feedback.routes.ts';
import { invitationsOf, inviteToActivity, registerOnBehalf } from './invitations.service.ts';
import { partnerActivities } from './partner-activities.service.ts';
import { publicInvitationRoutes } from './public-invitations.routes.ts';
import { workingGroupRoutes } from './working-groups.routes.ts';

const tags = ['Activities'];

const people: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/activities/:id/occurrences',
    {
      config: { access: 'viewer' },
      schema: {
        tags,
        summary: "An activity's meetings in a window (a series expanded in its time zone)",
        params: idParams,
        querystring: occurrencesQuery,
        response: { 200: occurrencesSchema },
      },
    },
    async (request) => activityOccurrences(contextOf(request), request.params.id, request.query),
  );
  app.get(
    '/partners/:id/activities',
    {
      config: { access: 'viewer' },
      schema: {
        tags,
        summary:
          "A partner's upcoming and past activities with its people's attendance, and their working-group memberships",
        params: idParams,
        response: { 200: partnerActivitiesSchema },
      },
    },
    async (request) => partnerActivities(contextOf(request), request.params.id),
  );
  app.get(
    '/activities/:id/invitations',
    {
      config: { access: 'viewer' },
      schema: {
        tags,
        summary: 'Everyone invited or registered, with the waiting list in order',
        params: idParams,
        response: { 200: invitationList },
      },
    },
    async (request) => invitationsOf(contextOf(request), request.params.id),
  );
  app.post(
    '/activities/:id/invitations',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: 'Invite contacts by e-mail: by partner type, partner or contact (each gets a private link)',
        params: idParams,
        body: inviteBody,
        response: { 200: inviteResult },
      },
    },
    async (request) => inviteToActivity(contextOf(request), request.params.id, request.body),
  );
  app.post(
    '/activities/:id/registrations',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: 'Register a contact on their behalf (the waiting list if the activity is full)',
        params: idParams,
        body: registerOnBehalfBody,
        response: { 201: invitationSchema },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await registerOnBehalf(contextOf(request), request.params.id, request.body.contactId)),
  );
};

export const activityRoutes: FastifyPluginAsync = async (app) => {
  registerExportRoute(app, {
    path: 'activities',
    noun: 'activities',
    tags,
    access: 'viewer',
    query: exportActivitiesQuery,
    run: exportActivities,
  });
  await app.register(people);
  await app.register(attendanceRoutes);
  await app.register(feedbackRoutes);
  await app.register(workingGroupRoutes);
  await app.register(calendarFeedRoutes);
  await app.register(publicInvitationRoutes);
  registerCrudRoutes(app, {
    path: 'activities',
    noun: 'activity',
    tags,
    schemas: {
      item: activitySchema,
      page: activityPage,
      listQuery: listActivitiesQuery,
      create: createActivityBody,
      update: updateActivityBody,
    },
    access: { read: 'viewer', create: 'staff', update: 'staff', delete: 'staff' },
    list: listActivitiesFor,
    get: getActivity,
    create: createActivity,
    update: changeActivity,
    remove: removeActivity,
    history: activityHistory,
  });
};
