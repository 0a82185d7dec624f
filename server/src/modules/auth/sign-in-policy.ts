import { type SignInPolicy, signInPolicyBody } from '../../../../common/src/contracts/sign-on.ts';
import type { Executor } from '../../db/client.ts';
import { recordChange } from '../../db/records.ts';
import { forbidden, invalid, stale } from '../../errors.ts';
import type { Ctx } from '../../lib/context.ts';
import { isAdministrator } from '../access/actor.ts';
import { readSignInPolicy, writeSignInPolicy } from './sign-in-policy.repository.ts';
import { findUserById } from './users-lookup.repository.ts';

/** The audit log keys settings by a fixed id per setting. */
const POLICY_ENTITY_ID = '00000000-0000-4000-8000-000000000015';
const DEFAULT_POLICY: SignInPolicy = { passwords: 'everyone', breakGlassUserId: null };

/** Who may sign in with a password: everyone (the default), or only the break-glass administrator. */
export async function loadSignInPolicy(db: Executor) {
  const row = await readSignInPolicy(db);
  const parsed = signInPolicyBody.safeParse(row?.value);
  return { ...(parsed.success ? parsed.data : DEFAULT_POLICY), version: row?.version ?? 0 };
}

/**
 * Whether this user may sign in (or get a reset link) with a password under the policy: with
 * passwords off, only the break-glass user, and only while they are still an administrator.
 */
export async function mayUsePassword(db: Executor, user: { id: string; role: string }) {
  const policy = await loadSignInPolicy(db);
  return (
    policy.passwords === 'everyone' || (policy.breakGlassUserId === user.id && user.role === 'administrator')
  );
}

export async function getSignInPolicy(ctx: Ctx) {
  if (!isAdministrator(ctx.actor)) throw forbidden('Only administrators manage how staff sign in');
  return loadSignInPolicy(ctx.db);
}

/**
 * Switches local passwords on or off for everyone but one break-glass administrator, who must
 * be an active administrator with a password, so an outage at the provider never locks the
 * university out.
 */
export async function setSignInPolicy(ctx: Ctx, version: number, input: SignInPolicy) {
  if (!isAdministrator(ctx.actor)) throw forbidden('Only administrators manage how staff sign in');
  if (input.breakGlassUserId) {
    const user = await findUserById(ctx.db, input.breakGlassUserId);
    if (!user || user.deactivatedAt || user.role !== 'administrator') {
      throw invalid('breakGlassUserId', 'must be an active administrator');
    }
    if (!user.passwordHash) {
      throw invalid('breakGlassUserId', 'must be an administrator who has a password');
    }
  } else if (input.passwords === 'break_glass_only') {
    throw invalid('breakGlassUserId', 'choose the administrator who may still sign in with a password');
  }
  return ctx.db.transaction(async (tx) => {
    const before = await loadSignInPolicy(tx);
    if (before.version !== version || !(await writeSignInPolicy(tx, input, version))) {
      throw stale('sign-in policy');
    }
    await recordChange(tx, ctx, {
      entity: 'setting',
      entityId: POLICY_ENTITY_ID,
      action: 'updated',
      before: { passwords: before.passwords, breakGlassUserId: before.breakGlassUserId },
      after: input,
    });
    return { ...input, version: version + 1 };
  });
}
