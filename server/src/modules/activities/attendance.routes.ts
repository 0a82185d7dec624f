import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  attendanceList,
  attendanceParams,
  attendeeSchema,
  noShowsResult,
  occurrenceQuery,
  recordAttendanceBody,
} from '../../../../common/src/contracts/activities.ts';
import { contextOf } from '../../lib/context.ts';
import { idParams } from '../../lib/records.ts';
import { attendanceOf, recordAttendance, recordNoShows } from './attendance.service.ts';

const tags = ['Activities'];

/** Attendance at an activity: the door list, one tap per person, walk-ins and no-shows. */
export const attendanceRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/activities/:id/attendance',
    {
      config: { access: 'viewer' },
      schema: {
        tags,
        summary: "A meeting's door list: everyone registered and every walk-in, and whether they came",
        params: idParams,
        querystring: occurrenceQuery,
        response: { 200: attendanceList },
      },
    },
    async (request) => attendanceOf(contextOf(request), request.params.id, request.query.occurrence),
  );
  app.put(
    '/activities/:id/attendance/:contactId',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary:
          'Record that a contact came (a walk-in if not registered) or did not; coming logs a touch point of kind event',
        params: attendanceParams,
        body: recordAttendanceBody,
        response: { 200: attendeeSchema },
      },
    },
    async (request) =>
      recordAttendance(
        contextOf(request),
        request.params.id,
        request.params.contactId,
        request.body.status,
        request.body.occurrenceStartsAt,
      ),
  );
  app.post(
    '/activities/:id/attendance/no-shows',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary:
          'Record everyone registered whose attendance at the meeting is not yet recorded as not coming',
        params: idParams,
        querystring: occurrenceQuery,
        response: { 200: noShowsResult },
      },
    },
    async (request) => recordNoShows(contextOf(request), request.params.id, request.query.occurrence),
  );
};
