import { and, count, eq, gt, isNull, lt, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { signInFailures } from '../../db/schema/access.ts';
import { users } from '../../db/schema/users.ts';

export async function findActiveUserByEmail(db: Executor, email: string) {
  const [row] = await db
    .select()
    .from(users)
    .where(and(sql`lower(${users.email}) = ${email.toLowerCase()}`, isNull(users.deactivatedAt)));
  return row ?? null;
}

export async function findUserById(db: Executor, id: string) {
  const [row] = await db.select().from(users).where(eq(users.id, id));
  return row ?? null;
}

/** Sets a user's password (a hash): recorded by the caller without the hash itself. */
export async function setPasswordHash(db: Executor, id: string, passwordHash: string) {
  await db
    .update(users)
    .set({ passwordHash, version: sql`${users.version} + 1`, updatedAt: sql`now()` })
    .where(eq(users.id, id));
}

export async function recordSignInFailure(db: Executor, email: string, ipAddress: string) {
  await db.insert(signInFailures).values({ email: email.toLowerCase(), ipAddress });
}

/** Failures in the last `minutes` for this account, for this address, and for the two together. */
export async function countRecentFailures(db: Executor, email: string, ipAddress: string, minutes: number) {
  const since = sql`now() - make_interval(mins => ${minutes})`;
  const account = and(eq(signInFailures.email, email.toLowerCase()), gt(signInFailures.at, since));
  const [byEmail] = await db
    .select({
      n: count(),
      pair: sql<number>`count(*) filter (where ${signInFailures.ipAddress} = ${ipAddress})`.mapWith(Number),
    })
    .from(signInFailures)
    .where(account);
  const [byAddress] = await db
    .select({ n: count() })
    .from(signInFailures)
    .where(and(eq(signInFailures.ipAddress, ipAddress), gt(signInFailures.at, since)));
  return { byEmail: byEmail?.n ?? 0, byPair: byEmail?.pair ?? 0, byAddress: byAddress?.n ?? 0 };
}

export async function clearSignInFailures(db: Executor, email: string, ipAddress: string) {
  await db
    .delete(signInFailures)
    .where(and(eq(signInFailures.email, email.toLowerCase()), eq(signInFailures.ipAddress, ipAddress)));
}

/** Failures older than `minutes` count towards no limit any more; returns how many went. */
export async function deleteOldSignInFailures(db: Executor, minutes: number): Promise<number> {
  const gone = await db
    .delete(signInFailures)
    .where(lt(signInFailures.at, sql`now() - make_interval(mins => ${minutes})`))
    .returning({ at: signInFailures.at });
  return gone.length;
}
