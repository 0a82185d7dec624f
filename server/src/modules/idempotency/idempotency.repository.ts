import { and, eq, gt, isNull, lt, or, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { auditLog } from '../../db/schema/audit.ts';
import { idempotencyKeys } from '../../db/schema/idempotency.ts';

type Claim = { userId: string; key: string; method: string; path: string; requestHash: string };
/** Who holds a claim: the server process, the request, and how long the lease runs. */
type Holder = { owner: string; requestId: string; leaseSeconds: number };

const lease = (holder: Holder) => ({
  owner: holder.owner,
  requestId: holder.requestId,
  leaseUntil: sql`now() + make_interval(secs => ${holder.leaseSeconds})`,
  auditAfter: sql`(select coalesce(max(${auditLog.id}), 0) from ${auditLog})`,
});
const keyIs = (userId: string, key: string) =>
  and(eq(idempotencyKeys.userId, userId), eq(idempotencyKeys.key, key));

/** Claims a key for a new request; returns false when the key was already used. */
export async function claimKey(db: Executor, claim: Claim, holder: Holder): Promise<boolean> {
  const rows = await db
    .insert(idempotencyKeys)
    .values({ ...claim, ...lease(holder) })
    .onConflictDoNothing()
    .returning({ key: idempotencyKeys.key });
  return rows.length === 1;
}

/** Keeps a running request's claim alive. */
export async function renewLease(db: Executor, userId: string, key: string, holder: Holder) {
  await db
    .update(idempotencyKeys)
    .set({ leaseUntil: lease(holder).leaseUntil })
    .where(and(keyIs(userId, key), eq(idempotencyKeys.requestId, holder.requestId)));
}

/**
 * Takes over a claim left without an answer by a request whose lease ran out (its process died).
 * Compare-and-set on the old holder, so of several retries racing for it exactly one wins.
 */
export async function takeOverKey(
  db: Executor,
  userId: string,
  key: string,
  previousRequestId: string | null,
  holder: Holder,
): Promise<boolean> {
  const rows = await db
    .update(idempotencyKeys)
    .set(lease(holder))
    .where(
      and(
        keyIs(userId, key),
        isNull(idempotencyKeys.statusCode),
        or(isNull(idempotencyKeys.leaseUntil), lt(idempotencyKeys.leaseUntil, sql`now()`)),
        previousRequestId === null
          ? isNull(idempotencyKeys.requestId)
          : eq(idempotencyKeys.requestId, previousRequestId),
      ),
    )
    .returning({ key: idempotencyKeys.key });
  return rows.length === 1;
}

/** Whether a lease is still running, by the database's clock (the one all instances share). */
export async function isLeaseLive(db: Executor, userId: string, key: string): Promise<boolean> {
  const [row] = await db
    .select({ live: sql<boolean>`${idempotencyKeys.leaseUntil} >= now()` })
    .from(idempotencyKeys)
    .where(keyIs(userId, key));
  return row?.live === true;
}

/** The first record a request changed, from the audit entries its transaction committed. */
export async function firstChangeBy(db: Executor, requestId: string, auditAfter: number) {
  const [row] = await db
    .select({ entity: auditLog.entity, id: auditLog.entityId })
    .from(auditLog)
    .where(and(gt(auditLog.id, auditAfter), eq(auditLog.requestId, requestId)))
    .orderBy(auditLog.id)
    .limit(1);
  return row ?? null;
}

export async function findKey(db: Executor, userId: string, key: string) {
  const [row] = await db
    .select()
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.userId, userId), eq(idempotencyKeys.key, key)));
  return row ?? null;
}

/** Stores the answer, if this request still holds the claim. */
export async function storeResponse(
  db: Executor,
  userId: string,
  key: string,
  requestId: string,
  response: { statusCode: number; body: unknown; headers: Record<string, string> },
) {
  await db
    .update(idempotencyKeys)
    .set(response)
    .where(and(keyIs(userId, key), eq(idempotencyKeys.requestId, requestId)));
}

/** Gives the key back (the request failed with a server error), if this request still holds it. */
export async function releaseKey(db: Executor, userId: string, key: string, requestId: string) {
  await db.delete(idempotencyKeys).where(and(keyIs(userId, key), eq(idempotencyKeys.requestId, requestId)));
}

/** Keys are kept for a day, as the Idempotency-Key draft suggests. */
export async function deleteOldKeys(db: Executor): Promise<number> {
  const gone = await db
    .delete(idempotencyKeys)
    .where(lt(idempotencyKeys.createdAt, sql`now() - interval '24 hours'`))
    .returning({ key: idempotencyKeys.key });
  return gone.length;
}
