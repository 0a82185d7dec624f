import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { publicInvitationSchema, tokenParams } from '../../../../common/src/contracts/activities.ts';
import { giveFeedbackBody } from '../../../../common/src/contracts/activity-feedback.ts';
import { giveFeedbackByInvitation, publicInvitation, respondToInvitation } from './invitations.service.ts';

const tags = ['Registration by private link'];

/** What a public call needs: no actor; the link is the only credential. */
const callOf = (request: FastifyRequest) => ({
  db: request.server.database.db,
  jobs: request.server.jobs,
  requestId: request.id,
});

/**
 * The registration page's endpoints, reached by the private link in an invitation: no account,
 * no sign-in. The token names one invitation; only its hash is stored.
 */
export const publicInvitationRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/public/invitations/:token',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'The activity an invitation is for, and where its contact stands',
        params: tokenParams,
        response: { 200: publicInvitationSchema },
      },
    },
    async (request) => publicInvitation(callOf(request), request.params.token),
  );
  for (const [response, summary] of [
    ['register', 'Register (or join the waiting list when the activity is full)'],
    ['decline', 'Decline the invitation (a place held is offered to the waiting list)'],
    ['cancel', 'Cancel a registration or a place on the waiting list'],
  ] as const) {
    app.post(
      `/public/invitations/:token/${response}`,
      {
        config: { access: 'public' },
        schema: { tags, summary, params: tokenParams, response: { 200: publicInvitationSchema } },
      },
      async (request) => respondToInvitation(callOf(request), request.params.token, response),
    );
  }
  app.post(
    '/public/invitations/:token/feedback',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Give feedback on the activity (once, from its start, if you came)',
        params: tokenParams,
        body: giveFeedbackBody,
        response: { 200: publicInvitationSchema },
      },
    },
    async (request) => giveFeedbackByInvitation(callOf(request), request.params.token, request.body),
  );
};
