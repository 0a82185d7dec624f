import { and, eq, gt, isNull, lt, or, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { type accountLinkPurposes, accountLinks, passwordResetAsks } from '../../db/schema/account-links.ts';

export type Purpose = (typeof accountLinkPurposes)[number];

export async function insertLink(
  db: Executor,
  values: { userId: string; purpose: Purpose; tokenHash: string; expiresAt: Date },
) {
  await db.insert(accountLinks).values(values);
}

/**
 * Marks the link used if it is still unused and unexpired, in one statement, so two clicks at
 * once cannot both pass: the second finds `used_at` set. Answers the user it belongs to.
 */
export async function claimLink(db: Executor, tokenHash: string, purpose: Purpose) {
  const [row] = await db
    .update(accountLinks)
    .set({ usedAt: sql`now()` })
    .where(
      and(
        eq(accountLinks.tokenHash, tokenHash),
        eq(accountLinks.purpose, purpose),
        isNull(accountLinks.usedAt),
        gt(accountLinks.expiresAt, sql`now()`),
      ),
    )
    .returning({ userId: accountLinks.userId });
  return row ?? null;
}

/** The link as stored, to say why it could not be claimed (used, expired, or unknown). */
export async function findLink(db: Executor, tokenHash: string, purpose: Purpose) {
  const [row] = await db
    .select({ userId: accountLinks.userId, usedAt: accountLinks.usedAt, expiresAt: accountLinks.expiresAt })
    .from(accountLinks)
    .where(and(eq(accountLinks.tokenHash, tokenHash), eq(accountLinks.purpose, purpose)));
  return row ?? null;
}

/** A new link replaces the user's earlier ones of any purpose: only the newest works. */
export async function retireLinksOf(db: Executor, userId: string) {
  await db
    .update(accountLinks)
    .set({ usedAt: sql`now()` })
    .where(and(eq(accountLinks.userId, userId), isNull(accountLinks.usedAt)));
}

export async function recordResetAsk(db: Executor, email: string, ipAddress: string) {
  await db.insert(passwordResetAsks).values({ email: email.toLowerCase(), ipAddress });
}

/** "Forgot password?" asks in the last `minutes`, for this address and from this client. */
export async function countRecentAsks(db: Executor, email: string, ipAddress: string, minutes: number) {
  const since = sql`now() - make_interval(mins => ${minutes})`;
  const [row] = await db
    .select({
      byEmail:
        sql<number>`count(*) filter (where ${passwordResetAsks.email} = ${email.toLowerCase()})`.mapWith(
          Number,
        ),
      byAddress: sql<number>`count(*) filter (where ${passwordResetAsks.ipAddress} = ${ipAddress})`.mapWith(
        Number,
      ),
    })
    .from(passwordResetAsks)
    .where(
      and(
        gt(passwordResetAsks.at, since),
        or(eq(passwordResetAsks.email, email.toLowerCase()), eq(passwordResetAsks.ipAddress, ipAddress)),
      ),
    );
  return { byEmail: row?.byEmail ?? 0, byAddress: row?.byAddress ?? 0 };
}

/** Links expired or used, and asks past every limit's window; returns how many went. */
export async function deleteSpentLinks(db: Executor, olderThanDays: number): Promise<number> {
  const before = sql`now() - make_interval(days => ${olderThanDays})`;
  const links = await db
    .delete(accountLinks)
    .where(or(lt(accountLinks.expiresAt, before), lt(accountLinks.usedAt, before)))
    .returning({ id: accountLinks.id });
  const asks = await db
    .delete(passwordResetAsks)
    .where(lt(passwordResetAsks.at, before))
    .returning({ id: passwordResetAsks.id });
  return links.length + asks.length;
}
