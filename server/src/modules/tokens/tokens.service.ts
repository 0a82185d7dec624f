import type { CreateToken } from '../../../../common/src/contracts/tokens.ts';
import { recordChange } from '../../db/records.ts';
import { forbidden, notFound } from '../../errors.ts';
import type { Ctx } from '../../lib/context.ts';
import { isAdministrator } from '../access/actor.ts';
import { hashSecret, newSecret } from '../auth/secrets.ts';
import { findToken, insertToken, listTokensOf, revokeToken } from './tokens.repository.ts';

const ENTITY = 'api_token';
const DEFAULT_LIFETIME_MS = 90 * 24 * 3_600_000;
const iso = (d: Date | null) => d?.toISOString() ?? null;

type Row = Awaited<ReturnType<typeof findToken>> & {};
const present = (row: Row) => ({
  ...row,
  createdAt: row.createdAt.toISOString(),
  expiresAt: iso(row.expiresAt),
  lastUsedAt: iso(row.lastUsedAt),
  revokedAt: iso(row.revokedAt),
});

/** Creates a token for the signed-in user; the secret is returned once and only its hash kept. */
export async function createToken(ctx: Ctx, input: CreateToken) {
  const token = newSecret('rpt_');
  const expiresAt = input.expiresAt ? new Date(input.expiresAt) : new Date(Date.now() + DEFAULT_LIFETIME_MS);
  return ctx.db.transaction(async (tx) => {
    const row = await insertToken(tx, {
      userId: ctx.actor.userId,
      name: input.name,
      readOnly: input.readOnly,
      expiresAt,
      tokenHash: hashSecret(token),
    });
    const after = present(row);
    await recordChange(tx, ctx, { entity: ENTITY, entityId: row.id, action: 'created', after });
    return { ...after, token };
  });
}

export async function listTokens(ctx: Ctx, userId: string | undefined) {
  if (userId && userId !== ctx.actor.userId && !isAdministrator(ctx.actor)) {
    throw forbidden("Only administrators see other people's tokens");
  }
  return { items: (await listTokensOf(ctx.db, userId ?? ctx.actor.userId)).map(present) };
}

/** Revokes at once: the next request with the token is refused. */
export async function revoke(ctx: Ctx, id: string) {
  await ctx.db.transaction(async (tx) => {
    const before = await findToken(tx, id);
    if (!before || (before.userId !== ctx.actor.userId && !isAdministrator(ctx.actor)))
      throw notFound('Token');
    const after = await revokeToken(tx, id);
    if (after) {
      await recordChange(tx, ctx, {
        entity: ENTITY,
        entityId: id,
        action: 'revoked',
        before: present(before),
        after: present(after),
      });
    }
  });
}
