import type { FastifyPluginAsync } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  changePasswordBody,
  createUserBody,
  updateUserBody,
  userPage,
  userSchema,
} from '../../../../common/src/contracts/users.ts';
import { exportUsersQuery, listUsersQuery } from '../../../../common/src/lists/queries.ts';
import { AppError } from '../../errors.ts';
import { contextOf } from '../../lib/context.ts';
import { registerCrudRoutes } from '../../lib/crud-routes.ts';
import { expectedVersion, setEtag } from '../../lib/etag.ts';
import { registerExportRoute } from '../../lib/lists/export-route.ts';
import { idParams } from '../../lib/records.ts';
import { byRole } from '../access/abilities.ts';
import {
  changeOwnPassword,
  changeUser,
  createUser,
  exportUsers,
  getUser,
  listUsersFor,
  setUserActive,
  userHistory,
} from './users.service.ts';

const tags = ['Users'];

const activation: FastifyPluginAsyncZod = async (app) => {
  for (const [action, active] of [
    ['deactivate', false],
    ['reactivate', true],
  ] as const) {
    app.post(
      `/users/:id/${action}`,
      {
        config: { access: 'administrator', ifMatch: true },
        schema: {
          tags,
          summary: active ? 'Reactivate a user' : 'Deactivate a user (ends their sessions; history is kept)',
          params: idParams,
          response: { 200: userSchema },
        },
      },
      async (request, reply) => {
        const user = await setUserActive(
          contextOf(request),
          request.params.id,
          expectedVersion(request),
          active,
        );
        setEtag(reply, user);
        return user;
      },
    );
  }

  app.post(
    '/auth/password',
    {
      config: { access: 'viewer', rateLimited: true },
      schema: {
        tags: ['Sign-in'],
        summary: 'Change my password (ends my other sessions)',
        description:
          'Ends every other session of mine and, unless `revokeTokens` is false, revokes all my API tokens (`revokeTokens` defaults to true). A wrong current password counts as a failed sign-in, with the same limits. A common or easily guessed new password is refused.',
        body: changePasswordBody,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      if (ctx.actor.tokenId) throw new AppError('forbidden', 'Sign in with a password to change it');
      await changeOwnPassword(ctx, request.body, request.ip);
      return reply.code(204).send(null);
    },
  );
};

export const userRoutes: FastifyPluginAsync = async (app) => {
  registerExportRoute(app, {
    path: 'users',
    noun: 'users',
    tags,
    access: 'administrator',
    query: exportUsersQuery,
    run: exportUsers,
  });
  registerCrudRoutes(app, {
    path: 'users',
    noun: 'user',
    tags,
    schemas: {
      item: userSchema,
      page: userPage,
      listQuery: listUsersQuery,
      create: createUserBody,
      update: updateUserBody,
    },
    // Users are never deleted, so history stays whole: they are deactivated instead.
    access: { read: 'viewer', create: 'administrator', update: 'administrator' },
    list: listUsersFor,
    get: getUser,
    create: (ctx, input) => createUser(ctx, input, app.accountMail),
    update: changeUser,
    history: userHistory,
    abilities: byRole,
  });
  await app.register(activation);
};
