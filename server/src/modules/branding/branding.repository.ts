import { eq, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { settings } from '../../db/schema/settings.ts';

/** The two settings branding keeps: name and colour, and the logo (kept apart, as it is large). */
export const BRANDING_KEY = 'branding';
export const LOGO_KEY = 'branding.logo';

export type StoredBranding = { name: string | null; primaryColour: string | null };
export type StoredLogo = { type: string; sha256: string; bytes: number; data: string };

export async function readBrandingRows(db: Executor) {
  const rows = await db
    .select({ key: settings.key, value: settings.value, version: settings.version })
    .from(settings)
    .where(inArray(settings.key, [BRANDING_KEY, LOGO_KEY]));
  const byKey = new Map(rows.map((row) => [row.key, row]));
  return {
    branding: byKey.get(BRANDING_KEY) as { value: StoredBranding; version: number } | undefined,
    logo: byKey.get(LOGO_KEY) as { value: StoredLogo; version: number } | undefined,
  };
}

/** Locks a branding setting for the rest of the transaction (null when never set). */
export async function lockBrandingSetting(tx: Executor, key: string) {
  const [row] = await tx.select().from(settings).where(eq(settings.key, key)).for('update');
  return row ?? null;
}

export async function writeBrandingSetting(tx: Executor, key: string, value: unknown) {
  await tx
    .insert(settings)
    .values({ key, value })
    .onConflictDoUpdate({
      target: settings.key,
      set: { value, version: sql`${settings.version} + 1`, updatedAt: new Date() },
    });
}

export async function removeBrandingSetting(tx: Executor, key: string) {
  const [row] = await tx.delete(settings).where(eq(settings.key, key)).returning();
  return row ?? null;
}
