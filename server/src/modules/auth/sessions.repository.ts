import { and, eq, gt, isNull, lt, ne, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { apiTokens, sessions } from '../../db/schema/access.ts';
import { users } from '../../db/schema/users.ts';
import { actorColumns } from '../access/audience.repository.ts';

export async function insertSession(
  db: Executor,
  values: {
    id: string;
    userId: string;
    csrfToken: string;
    expiresAt: Date;
    ipAddress: string;
    userAgent: string | null;
  },
) {
  await db.insert(sessions).values(values);
}

/** The live session with this id and its active user; null when expired, idle too long or unknown. */
export async function findLiveSession(db: Executor, id: string, idleMinutes: number) {
  const [row] = await db
    .select({
      ...actorColumns,
      sessionId: sessions.id,
      csrfToken: sessions.csrfToken,
      lastSeenAt: sessions.lastSeenAt,
      expiresAt: sessions.expiresAt,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(
      and(
        eq(sessions.id, id),
        gt(sessions.expiresAt, sql`now()`),
        gt(sessions.lastSeenAt, sql`now() - make_interval(mins => ${idleMinutes})`),
        isNull(users.deactivatedAt),
      ),
    );
  return row ?? null;
}

export async function touchSession(db: Executor, id: string) {
  await db.update(sessions).set({ lastSeenAt: sql`now()` }).where(eq(sessions.id, id));
}

export async function deleteSession(db: Executor, id: string) {
  await db.delete(sessions).where(eq(sessions.id, id));
}

export async function deleteSessionsOfUser(db: Executor, userId: string) {
  await db.delete(sessions).where(eq(sessions.userId, userId));
}

export async function deleteExpiredSessions(db: Executor): Promise<number> {
  const gone = await db
    .delete(sessions)
    .where(lt(sessions.expiresAt, sql`now()`))
    .returning({ id: sessions.id });
  return gone.length;
}

/** The unrevoked, unexpired token with this hash and its active owner. */
export async function findLiveToken(db: Executor, tokenHash: string) {
  const [row] = await db
    .select({
      ...actorColumns,
      tokenId: apiTokens.id,
      readOnly: apiTokens.readOnly,
      lastUsedAt: apiTokens.lastUsedAt,
    })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(
      and(
        eq(apiTokens.tokenHash, tokenHash),
        isNull(apiTokens.revokedAt),
        sql`(${apiTokens.expiresAt} is null or ${apiTokens.expiresAt} > now())`,
        isNull(users.deactivatedAt),
      ),
    );
  return row ?? null;
}

export async function touchToken(db: Executor, id: string) {
  await db.update(apiTokens).set({ lastUsedAt: sql`now()` }).where(eq(apiTokens.id, id));
}

/** Ends a user's sessions except the current one (after a password change). */
export async function deleteOtherSessionsOfUser(db: Executor, userId: string, keepSessionId: string | null) {
  await db
    .delete(sessions)
    .where(and(eq(sessions.userId, userId), keepSessionId ? ne(sessions.id, keepSessionId) : undefined));
}

/** Revokes every live API token of a user (after a password change); answers how many. */
export async function revokeTokensOfUser(db: Executor, userId: string): Promise<number> {
  const revoked = await db
    .update(apiTokens)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)))
    .returning({ id: apiTokens.id });
  return revoked.length;
}
