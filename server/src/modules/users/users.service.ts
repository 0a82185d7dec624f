import type { ChangePassword, CreateUser, UpdateUser } from '../../../../common/src/contracts/users.ts';
import type { ExportUsersQuery, ListUsersQuery } from '../../../../common/src/lists/users.ts';
import type { Executor } from '../../db/client.ts';
import { recordChange, type Writer } from '../../db/records.ts';
import { AppError, forbidden, invalid, notFound } from '../../errors.ts';
import type { Ctx } from '../../lib/context.ts';
import { type ExportColumn, exportFile, keysetPages } from '../../lib/lists/export.ts';
import type { AccountMail } from '../../plugins/mail.ts';
import { isAdministrator } from '../access/actor.ts';
import { historyOf } from '../audit/audit.service.ts';
import { inviteUser } from '../auth/account-links.service.ts';
import { endSessionsOf, revokeTokensOf, storePasswordHash } from '../auth/auth.service.ts';
import { hashPassword, verifyPassword } from '../auth/password.ts';
import { isWeakPassword, WEAK_PASSWORD_MESSAGE } from '../auth/password-strength.ts';
import {
  clearPasswordFailures,
  recordPasswordFailure,
  throttlePasswordCheck,
} from '../auth/sign-in-limits.ts';
import {
  countOtherActiveAdministrators,
  findPasswordHash,
  findUser,
  listUsers,
  presentUser,
  userStore,
} from './users.repository.ts';

const ENTITY = 'user';
/** Rows per query while exporting. */
const EXPORT_PAGE = 500;

export { presentUser };

const mustAdminister = (ctx: Ctx) => {
  if (!isAdministrator(ctx.actor)) throw forbidden('Only administrators manage users');
};

export async function listUsersFor(ctx: Ctx, query: ListUsersQuery) {
  const page = await listUsers(ctx.db, query);
  return { items: page.items.map(presentUser), nextCursor: page.nextCursor };
}

const exportColumns: ExportColumn<ReturnType<typeof presentUser>>[] = [
  { header: 'Name', value: (u) => u.name, width: 28 },
  { header: 'E-mail address', value: (u) => u.email, width: 32 },
  { header: 'Job title', value: (u) => u.jobTitle, width: 28 },
  { header: 'Role', value: (u) => u.role },
  { header: 'Unit', value: (u) => u.unitName, width: 30 },
  { header: 'Active', value: (u) => u.active },
  { header: 'Signs in with a password', value: (u) => u.hasPassword },
  { header: 'Created', value: (u) => u.createdAt },
  { header: 'Rapport id', value: (u) => u.id, width: 38 },
];

/** The user directory as the filters narrow it, streamed page by page (administrators only). */
export function exportUsers(ctx: Ctx, query: ExportUsersQuery) {
  mustAdminister(ctx);
  const { format, ...filters } = query;
  return exportFile({
    format,
    basename: 'users',
    sheetName: 'Users',
    columns: exportColumns,
    pages: keysetPages(async (cursor) => {
      const page = await listUsers(ctx.db, { ...filters, cursor, limit: EXPORT_PAGE });
      return { items: page.items.map(presentUser), nextCursor: page.nextCursor };
    }),
  });
}

export async function getUser(ctx: Ctx, id: string) {
  const row = await findUser(ctx.db, id);
  if (!row) throw notFound('User');
  return presentUser(row);
}

/**
 * Adds a member of staff. Without an initial password they get an invitation by e-mail (when
 * e-mail is configured) with a one-time link to choose one.
 */
export async function createUser(ctx: Ctx, input: CreateUser, mail?: AccountMail) {
  mustAdminister(ctx);
  if (input.password && isWeakPassword(input.password, [input.email, input.name])) {
    throw invalid('password', WEAK_PASSWORD_MESSAGE);
  }
  const passwordHash = input.password ? await hashPassword(input.password) : null;
  const user = await ctx.db.transaction(async (tx) => {
    const { email, name, jobTitle, role, unitId } = input;
    return userStore.create(tx, ctx, {
      email,
      name,
      jobTitle,
      role,
      unitId,
      passwordHash,
      deactivatedAt: null,
    });
  });
  if (!passwordHash && mail?.enabled) await inviteUser(ctx, mail, user.id);
  return user;
}

/**
 * Creates the account of someone signing in through a provider for the first time (single
 * sign-on), without a password. Rapport itself is the writer; call it in the sign-in's transaction.
 */
export async function createUserFromSignOn(
  tx: Executor,
  writer: Writer,
  input: { email: string; name: string; role: CreateUser['role']; unitId: string | null },
) {
  return userStore.create(tx, writer, {
    email: input.email,
    name: input.name,
    jobTitle: null,
    role: input.role,
    unitId: input.unitId,
    passwordHash: null,
    deactivatedAt: null,
  });
}

export async function changeUser(ctx: Ctx, id: string, version: number, input: UpdateUser) {
  mustAdminister(ctx);
  return ctx.db.transaction(async (tx) => {
    const row = await findUser(tx, id);
    if (!row) throw notFound('User');
    const before = presentUser(row);
    if (input.role && input.role !== 'administrator' && row.role === 'administrator') {
      if ((await countOtherActiveAdministrators(tx, id)) === 0) {
        throw invalid('role', 'the last active administrator cannot lose the role');
      }
    }
    const { name, jobTitle, role, unitId } = input;
    const changes = { name, jobTitle, role, unitId, deactivatedAt: undefined };
    return userStore.update(tx, ctx, id, version, changes, { before });
  });
}

/** Deactivation ends every session at once; history and ownership stay. */
export async function setUserActive(ctx: Ctx, id: string, version: number, active: boolean) {
  mustAdminister(ctx);
  if (!active && id === ctx.actor.userId) throw new AppError('conflict', 'You cannot deactivate yourself');
  return ctx.db.transaction(async (tx) => {
    const row = await findUser(tx, id);
    if (!row) throw notFound('User');
    const before = presentUser(row);
    if (!active && row.role === 'administrator' && (await countOtherActiveAdministrators(tx, id)) === 0) {
      throw new AppError('conflict', 'The last active administrator cannot be deactivated');
    }
    const changes = {
      name: undefined,
      jobTitle: undefined,
      role: undefined,
      unitId: undefined,
      deactivatedAt: active ? null : new Date(),
    };
    return userStore.update(tx, ctx, id, version, changes, {
      before,
      alongside: async () => {
        if (!active) await endSessionsOf(tx, id);
      },
    });
  });
}

/**
 * Changes the signed-in user's own password, ends their other sessions and, unless told not to,
 * revokes their API tokens. Wrong current passwords count as failed sign-ins from `ipAddress`.
 */
export async function changeOwnPassword(ctx: Ctx, input: ChangePassword, ipAddress: string) {
  const user = await findUser(ctx.db, ctx.actor.userId);
  if (!user) throw notFound('User');
  if (isWeakPassword(input.newPassword, [user.email, user.name])) {
    throw invalid('newPassword', WEAK_PASSWORD_MESSAGE);
  }
  const attempt = { email: user.email, ipAddress };
  await throttlePasswordCheck(ctx.db, attempt);
  const hash = await findPasswordHash(ctx.db, user.id);
  if (!hash || !(await verifyPassword(hash, input.currentPassword))) {
    await recordPasswordFailure(ctx.db, attempt);
    throw invalid('currentPassword', 'is not right');
  }
  const newHash = await hashPassword(input.newPassword);
  await ctx.db.transaction(async (tx) => {
    await storePasswordHash(tx, user.id, newHash);
    await endSessionsOf(tx, user.id, ctx.actor.sessionId);
    const tokensRevoked = input.revokeTokens ? await revokeTokensOf(tx, user.id) : 0;
    await clearPasswordFailures(tx, attempt);
    await recordChange(tx, ctx, {
      entity: ENTITY,
      entityId: user.id,
      action: 'updated',
      before: { passwordChanged: false },
      after: { passwordChanged: true, tokensRevoked },
    });
  });
}

export async function userHistory(ctx: Ctx, id: string, query: { limit: number; cursor?: string }) {
  await getUser(ctx, id);
  return historyOf(ctx, ENTITY, id, query);
}
