import { FORGOT_PASSWORD_MESSAGE, type UseLink } from '../../../../common/src/contracts/accounts.ts';
import type { Db, Executor } from '../../db/client.ts';
import { recordChange, type Writer } from '../../db/records.ts';
import { AppError, forbidden, invalid, notFound } from '../../errors.ts';
import type { Ctx } from '../../lib/context.ts';
import type { AccountMail } from '../../plugins/mail.ts';
import { isAdministrator } from '../access/actor.ts';
import {
  claimLink,
  countRecentAsks,
  findLink,
  insertLink,
  type Purpose,
  recordResetAsk,
  retireLinksOf,
} from './account-links.repository.ts';
import { invitationMail, resetMail } from './account-mail.ts';
import { endSessionsOf, revokeTokensOf } from './auth.service.ts';
import { hashPassword } from './password.ts';
import { isWeakPassword, WEAK_PASSWORD_MESSAGE } from './password-strength.ts';
import { hashSecret, newSecret } from './secrets.ts';
import { mayUsePassword } from './sign-in-policy.ts';
import { findActiveUserByEmail, findUserById, setPasswordHash } from './users-lookup.repository.ts';

/** How long a link works: an invitation a week, a reset an hour. */
export const LINK_LIFETIME_MINUTES: Record<Purpose, number> = { invitation: 7 * 24 * 60, reset: 60 };

/**
 * "Forgot password?" asks in an hour: a few per address typed (so nobody floods a mailbox), and
 * more per client (a campus shares addresses) before a guesser of addresses is stopped.
 */
export const RESET_LIMITS = { windowMinutes: 60, perEmail: 3, perAddress: 20 } as const;

const PAGES: Record<Purpose, string> = { invitation: '/welcome', reset: '/reset-password' };

/** A fresh link for the user, replacing their earlier ones. Inside a transaction, pass it as `db`. */
async function issueLink(db: Executor, userId: string, purpose: Purpose, baseUrl: string) {
  const secret = newSecret();
  const expiresAt = new Date(Date.now() + LINK_LIFETIME_MINUTES[purpose] * 60_000);
  await retireLinksOf(db, userId);
  await insertLink(db, { userId, purpose, tokenHash: hashSecret(secret), expiresAt });
  return { url: `${baseUrl}${PAGES[purpose]}#token=${secret}`, expiresAt };
}

/**
 * E-mails a user who has no password yet (or who lost their invitation) a link to choose one.
 * Administrators only; refused for deactivated users and when e-mail is not configured.
 */
export async function inviteUser(ctx: Ctx, mail: AccountMail, userId: string) {
  if (!isAdministrator(ctx.actor)) throw forbidden('Only administrators invite users');
  const user = await findUserById(ctx.db, userId);
  if (!user) throw notFound('User');
  if (user.deactivatedAt) throw new AppError('conflict', 'Reactivate the user before inviting them');
  if (!mail.enabled)
    throw new AppError('conflict', 'E-mail is not configured (SMTP_URL), so no invitation can be sent');
  const inviter = await findUserById(ctx.db, ctx.actor.userId);
  const link = await ctx.db.transaction(async (tx) => {
    const issued = await issueLink(tx, user.id, 'invitation', mail.baseUrl);
    await recordChange(tx, ctx, {
      entity: 'user',
      entityId: user.id,
      action: 'updated',
      before: { invitedAt: null },
      after: { invitedAt: new Date().toISOString(), invitationExpiresAt: issued.expiresAt.toISOString() },
    });
    return issued;
  });
  mail.send(invitationMail(user, link.url, link.expiresAt, inviter?.name ?? 'An administrator'));
  return { sentTo: user.email, expiresAt: link.expiresAt.toISOString() };
}

/**
 * "Forgot password?": e-mails a reset link if the address has an active account. The answer,
 * and the work done before answering, are the same either way; the e-mail goes after.
 */
export async function askForPasswordReset(
  db: Db,
  mail: AccountMail,
  input: { email: string; ipAddress: string },
) {
  const asks = await countRecentAsks(db, input.email, input.ipAddress, RESET_LIMITS.windowMinutes);
  if (asks.byEmail >= RESET_LIMITS.perEmail || asks.byAddress >= RESET_LIMITS.perAddress) {
    throw new AppError('rate_limited', 'Too many requests for a new password; wait an hour and try again', {
      retryAfter: RESET_LIMITS.windowMinutes * 60,
    });
  }
  await recordResetAsk(db, input.email, input.ipAddress);
  const user = await findActiveUserByEmail(db, input.email);
  // With passwords switched off, only the break-glass administrator may set one.
  if (user && (await mayUsePassword(db, user))) {
    const link = await issueLink(db, user.id, 'reset', mail.baseUrl);
    mail.send(resetMail(user, link.url, link.expiresAt));
  }
  return { message: FORGOT_PASSWORD_MESSAGE };
}

const refusal = async (db: Executor, tokenHash: string, purpose: Purpose) => {
  const link = await findLink(db, tokenHash, purpose);
  if (!link) return invalid('token', 'this link is not valid: ask for a new one');
  if (link.usedAt) return invalid('token', 'this link has already been used: ask for a new one');
  return invalid('token', 'this link has expired: ask for a new one');
};

/**
 * Sets the password from an e-mailed link, once: the link is claimed in the same transaction
 * that sets the password, ends every session and revokes every API token of the user.
 */
export async function useLink(db: Db, purpose: Purpose, input: UseLink, requestId: string) {
  const tokenHash = hashSecret(input.token);
  const link = await findLink(db, tokenHash, purpose);
  if (!link || link.usedAt || link.expiresAt <= new Date()) throw await refusal(db, tokenHash, purpose);
  const user = await findUserById(db, link.userId);
  if (!user || user.deactivatedAt) throw invalid('token', 'this account is no longer active');
  if (!(await mayUsePassword(db, user))) {
    throw invalid('token', 'passwords are switched off: sign in with your university account');
  }
  if (isWeakPassword(input.newPassword, [user.email, user.name])) {
    throw invalid('newPassword', WEAK_PASSWORD_MESSAGE);
  }
  const newHash = await hashPassword(input.newPassword);
  await db.transaction(async (tx) => {
    // The claim is the check that counts: of two uses at once, only one finds the link unused.
    if (!(await claimLink(tx, tokenHash, purpose))) throw await refusal(tx, tokenHash, purpose);
    await setPasswordHash(tx, user.id, newHash);
    await endSessionsOf(tx, user.id);
    const tokensRevoked = await revokeTokensOf(tx, user.id);
    await retireLinksOf(tx, user.id);
    const writer: Writer = { actor: { userId: user.id, tokenId: null }, requestId };
    await recordChange(tx, writer, {
      entity: 'user',
      entityId: user.id,
      action: 'updated',
      before: { passwordChanged: false },
      after: { passwordChanged: true, through: purpose, tokensRevoked },
    });
  });
}
