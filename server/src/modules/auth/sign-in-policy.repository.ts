import { eq, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { settings } from '../../db/schema/settings.ts';

export const SIGN_IN_POLICY_KEY = 'sign_in_policy';

export async function readSignInPolicy(db: Executor) {
  const [row] = await db
    .select({ value: settings.value, version: settings.version })
    .from(settings)
    .where(eq(settings.key, SIGN_IN_POLICY_KEY));
  return row ?? null;
}

/** Writes the policy if it is still at `version` (0: never written); false when someone else changed it. */
export async function writeSignInPolicy(tx: Executor, value: unknown, version: number) {
  if (version === 0) {
    const rows = await tx
      .insert(settings)
      .values({ key: SIGN_IN_POLICY_KEY, value })
      .onConflictDoNothing()
      .returning({ key: settings.key });
    return rows.length > 0;
  }
  const rows = await tx
    .update(settings)
    .set({ value, version: sql`${settings.version} + 1`, updatedAt: new Date() })
    .where(sql`${settings.key} = ${SIGN_IN_POLICY_KEY} and ${settings.version} = ${version}`)
    .returning({ key: settings.key });
  return rows.length > 0;
}
