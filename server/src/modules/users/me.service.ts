import { notFound } from '../../errors.ts';
import type { Ctx } from '../../lib/context.ts';
import { findUser, presentUser, userStore } from './users.repository.ts';

/** My own directory entry. */
export async function getMe(ctx: Ctx) {
  const row = await findUser(ctx.db, ctx.actor.userId);
  if (!row) throw notFound('User');
  return presentUser(row);
}

/** Changes my name (role, unit and e-mail stay with the administrators). */
export async function renameMe(ctx: Ctx, name: string) {
  return ctx.db.transaction(async (tx) => {
    const row = await findUser(tx, ctx.actor.userId);
    if (!row) throw notFound('User');
    const changes = {
      name,
      jobTitle: undefined,
      role: undefined,
      unitId: undefined,
      deactivatedAt: undefined,
    };
    return userStore.update(tx, ctx, row.id, row.version, changes, { before: presentUser(row) });
  });
}
