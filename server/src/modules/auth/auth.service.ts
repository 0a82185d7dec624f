import type { Config } from '../../config.ts';
import type { Db, Executor } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import { abilitiesOf } from '../access/abilities.ts';
import type { Actor } from '../access/actor.ts';
import { dummyPasswordHash, verifyPassword } from './password.ts';
import { hashSecret, newSecret } from './secrets.ts';
import {
  deleteOtherSessionsOfUser,
  deleteSession,
  deleteSessionsOfUser,
  insertSession,
  revokeTokensOfUser,
} from './sessions.repository.ts';
import { clearPasswordFailures, recordPasswordFailure, throttlePasswordCheck } from './sign-in-limits.ts';
import { mayUsePassword } from './sign-in-policy.ts';
import { findActiveUserByEmail, findUserById, setPasswordHash } from './users-lookup.repository.ts';

type SignIn = { email: string; password: string; ipAddress: string; userAgent: string | null };

/** Checks the password and opens a session; the same error whether the e-mail exists or not. */
export async function signIn(db: Db, config: Config, input: SignIn) {
  await throttlePasswordCheck(db, input);
  const user = await findActiveUserByEmail(db, input.email);
  const valid = user?.passwordHash
    ? await verifyPassword(user.passwordHash, input.password)
    : (await verifyPassword(await dummyPasswordHash(), input.password)) && false;
  if (!user || !valid) {
    await recordPasswordFailure(db, input);
    throw new AppError('unauthenticated', 'The e-mail address or password is not right');
  }
  await clearPasswordFailures(db, input);
  if (!(await mayUsePassword(db, user))) {
    throw new AppError(
      'unauthenticated',
      'Passwords are switched off at this university: sign in with your university account',
    );
  }
  return openSession(db, config, user, input);
}

/**
 * Opens a browser session for a user who has proved who they are (a password, a provider's
 * sign-in). Answers the cookie's secret, which is stored only as its SHA-256.
 */
export async function openSession(
  db: Executor,
  config: Config,
  user: { id: string; role: Actor['role']; unitId: string | null },
  client: { ipAddress: string; userAgent: string | null },
) {
  const secret = newSecret();
  const csrfToken = newSecret();
  const expiresAt = new Date(Date.now() + config.session.maxHours * 3_600_000);
  await insertSession(db, {
    id: hashSecret(secret),
    userId: user.id,
    csrfToken,
    expiresAt,
    ipAddress: client.ipAddress,
    userAgent: client.userAgent,
  });
  const actor: Actor = {
    kind: 'staff',
    userId: user.id,
    role: user.role,
    unitId: user.unitId,
    // Only names the new session's user; each request resolves its actor with the full unit scope.
    unitScope: user.unitId ? [user.unitId] : [],
    sessionId: hashSecret(secret),
    tokenId: null,
    readOnly: false,
  };
  return { secret, expiresAt, csrfToken, actor };
}

export async function signOut(db: Db, actor: Actor) {
  if (actor.sessionId) await deleteSession(db, actor.sessionId);
}

/**
 * Signs a user out everywhere (deactivation), or everywhere but `keepSessionId` (a password
 * change keeps the session that made it). Inside a transaction, pass it as `db`.
 */
export async function endSessionsOf(db: Executor, userId: string, keepSessionId?: string | null) {
  if (keepSessionId === undefined) await deleteSessionsOfUser(db, userId);
  else await deleteOtherSessionsOfUser(db, userId, keepSessionId);
}

/** Revokes every live API token of a user (a password change); answers how many. Inside a transaction, pass it as `db`. */
export const revokeTokensOf = (db: Executor, userId: string) => revokeTokensOfUser(db, userId);

/** The signed-in user, what they may do, and the CSRF token the web app sends with writes. */
export async function describeSession(
  db: Db,
  actor: Actor,
  csrfToken: string | null,
  expiresAt: Date | null,
) {
  const user = await findUserById(db, actor.userId);
  if (!user) throw new AppError('unauthenticated', 'Sign in first');
  return {
    user: { id: user.id, email: user.email, name: user.name, role: user.role, unitId: user.unitId },
    abilities: abilitiesOf(actor),
    csrfToken,
    expiresAt: expiresAt?.toISOString() ?? null,
  };
}

/** Stores a user's new password hash in the caller's transaction (the users module's password change). */
export async function storePasswordHash(tx: Executor, userId: string, passwordHash: string) {
  await setPasswordHash(tx, userId, passwordHash);
}
