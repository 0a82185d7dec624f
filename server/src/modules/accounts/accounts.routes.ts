import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  forgotPasswordAnswer,
  forgotPasswordBody,
  invitationAnswer,
  meSchema,
  preferenceList,
  setPreferencesBody,
  updateMeBody,
  useLinkBody,
} from '../../../../common/src/contracts/accounts.ts';
import { contextOf } from '../../lib/context.ts';
import { idParams } from '../../lib/records.ts';
import { askForPasswordReset, inviteUser, useLink } from '../auth/account-links.service.ts';
import { myPreferences, setMyPreferences } from '../notifications/preferences.service.ts';
import { getMe, renameMe } from '../users/me.service.ts';

const signIn = ['Sign-in'];
const account = ['My account'];

/** Invitations, "Forgot password?", and what a signed-in person changes about their own account. */
export const accountRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/auth/forgot',
    {
      config: { access: 'public' },
      schema: {
        tags: signIn,
        summary:
          'Ask for a link to choose a new password (the same answer whether or not the address exists)',
        description:
          'Answers 202 whether or not the address has an account; if it has, an e-mail with a one-time link (valid for an hour) follows. At most 3 asks per address and 20 per client in an hour.',
        security: [],
        body: forgotPasswordBody,
        response: { 202: forgotPasswordAnswer },
      },
    },
    async (request, reply) =>
      reply.code(202).send(
        await askForPasswordReset(app.database.db, app.accountMail, {
          email: request.body.email,
          ipAddress: request.ip,
        }),
      ),
  );

  for (const [path, purpose, summary] of [
    ['/auth/reset', 'reset', 'Choose a new password with the link from a "Forgot password?" e-mail'],
    ['/auth/invitation', 'invitation', 'Accept an invitation: choose my first password with its link'],
  ] as const) {
    app.post(
      path,
      {
        config: { access: 'public' },
        schema: {
          tags: signIn,
          summary,
          description:
            'The link works once. Ends every session and revokes every API token of the account; then sign in with the new password.',
          security: [],
          body: useLinkBody,
          response: { 204: z.null() },
        },
      },
      async (request, reply) => {
        await useLink(app.database.db, purpose, request.body, request.id);
        return reply.code(204).send(null);
      },
    );
  }

  app.post(
    '/users/:id/invite',
    {
      config: { access: 'administrator' },
      schema: {
        tags: ['Users'],
        summary: 'E-mail a user a one-time link to choose their password (replaces earlier links)',
        params: idParams,
        response: { 202: invitationAnswer },
      },
    },
    async (request, reply) =>
      reply.code(202).send(await inviteUser(contextOf(request), app.accountMail, request.params.id)),
  );

  app.get(
    '/me',
    {
      config: { access: 'viewer' },
      schema: { tags: account, summary: 'My account', response: { 200: meSchema } },
    },
    async (request) => getMe(contextOf(request)),
  );
  app.patch(
    '/me',
    {
      config: { access: 'viewer' },
      schema: { tags: account, summary: 'Change my name', body: updateMeBody, response: { 200: meSchema } },
    },
    async (request) => renameMe(contextOf(request), request.body.name),
  );

  app.get(
    '/me/notification-preferences',
    {
      config: { access: 'viewer' },
      schema: {
        tags: account,
        summary: 'How I want each kind of notification: in Rapport, by e-mail at once, in the daily digest',
        response: { 200: preferenceList },
      },
    },
    async (request) => myPreferences(contextOf(request)),
  );
  app.put(
    '/me/notification-preferences',
    {
      config: { access: 'viewer' },
      schema: {
        tags: account,
        summary: 'Change how I want the kinds of notification named',
        body: setPreferencesBody,
        response: { 200: preferenceList },
      },
    },
    async (request) => setMyPreferences(contextOf(request), request.body.items),
  );
};
