import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { apiTokens } from '../../db/schema/access.ts';

/** Everything but the hash. */
const columns = {
  id: apiTokens.id,
  userId: apiTokens.userId,
  name: apiTokens.name,
  readOnly: apiTokens.readOnly,
  createdAt: apiTokens.createdAt,
  expiresAt: apiTokens.expiresAt,
  lastUsedAt: apiTokens.lastUsedAt,
  revokedAt: apiTokens.revokedAt,
};

export async function insertToken(
  db: Executor,
  values: { userId: string; name: string; readOnly: boolean; expiresAt: Date; tokenHash: string },
) {
  const [row] = await db.insert(apiTokens).values(values).returning(columns);
  return row!;
}

export async function listTokensOf(db: Executor, userId: string) {
  return db
    .select(columns)
    .from(apiTokens)
    .where(eq(apiTokens.userId, userId))
    .orderBy(desc(apiTokens.createdAt))
    .limit(500);
}

export async function findToken(db: Executor, id: string) {
  const [row] = await db.select(columns).from(apiTokens).where(eq(apiTokens.id, id));
  return row ?? null;
}

export async function revokeToken(db: Executor, id: string) {
  const [row] = await db
    .update(apiTokens)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(apiTokens.id, id), isNull(apiTokens.revokedAt)))
    .returning(columns);
  return row ?? null;
}
