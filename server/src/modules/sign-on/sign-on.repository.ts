import { and, asc, eq, gt, inArray, isNull, lt, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { recordStore } from '../../db/records.ts';
import { sessions } from '../../db/schema/access.ts';
import { samlUsedIds, signOnAttempts, signOnProviders, signOnSessions } from '../../db/schema/sign-on.ts';
import { units } from '../../db/schema/units.ts';
import { externalIdentities, users } from '../../db/schema/users.ts';
import { fingerprintOf } from './idp-metadata.ts';

export type ProviderRow = typeof signOnProviders.$inferSelect;

/** The stored provider as administrators see it: never the secret, only whether there is one; certificates by fingerprint. */
export function presentProviderRow(row: ProviderRow) {
  const { clientSecretEncrypted, ssoUrl, sloUrl, idpCertificates, ...rest } = row;
  return {
    ...rest,
    hasClientSecret: clientSecretEncrypted !== null,
    saml:
      row.protocol === 'saml'
        ? {
            ssoUrl: ssoUrl ?? '',
            sloUrl,
            certificateFingerprints: (idpCertificates ?? []).map(fingerprintOf),
          }
        : null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** Providers' one write path; the key is in sign-in addresses and the users' linked identities, so it is fixed. */
export const providerStore = recordStore({
  entity: 'sign_on_provider',
  noun: 'sign-on provider',
  table: signOnProviders,
  fixed: ['key', 'protocol'],
  present: (_db, rows) => rows.map(presentProviderRow),
});

export async function listProviderRows(db: Executor) {
  return db.select().from(signOnProviders).orderBy(asc(signOnProviders.name), asc(signOnProviders.id));
}

export async function findProviderByKey(db: Executor, key: string) {
  const [row] = await db.select().from(signOnProviders).where(eq(signOnProviders.key, key));
  return row ?? null;
}

export async function insertAttempt(db: Executor, values: typeof signOnAttempts.$inferInsert) {
  await db.insert(signOnAttempts).values(values);
}

/** Takes the attempt (it is used once, whatever the outcome); null when unknown or expired. */
export async function takeAttempt(db: Executor, id: string, providerKey: string) {
  const [row] = await db
    .delete(signOnAttempts)
    .where(and(eq(signOnAttempts.id, id), eq(signOnAttempts.providerKey, providerKey)))
    .returning();
  return row && row.expiresAt > new Date() ? row : null;
}

/** Attempts and used SAML ids past their time (housekeeping); how many went. */
export async function deleteExpiredAttempts(db: Executor) {
  const gone = await db
    .delete(signOnAttempts)
    .where(lt(signOnAttempts.expiresAt, sql`now()`))
    .returning({ id: signOnAttempts.id });
  const used = await db
    .delete(samlUsedIds)
    .where(lt(samlUsedIds.expiresAt, sql`now()`))
    .returning({ id: samlUsedIds.id });
  return gone.length + used.length;
}

/** The SAML attempt that sent the AuthnRequest `requestId` and has no answer yet; null when unknown or expired. */
export async function findOpenSamlAttempt(db: Executor, providerKey: string, requestId: string) {
  const [row] = await db
    .select({ id: signOnAttempts.id })
    .from(signOnAttempts)
    .where(
      and(
        eq(signOnAttempts.providerKey, providerKey),
        eq(signOnAttempts.state, requestId),
        isNull(signOnAttempts.nonce),
        isNull(signOnAttempts.verified),
        gt(signOnAttempts.expiresAt, sql`now()`),
      ),
    );
  return row ?? null;
}

/** Keeps the verified identity on the attempt; false when another answer got there first. */
export async function setAttemptVerified(db: Executor, id: string, verified: string) {
  const rows = await db
    .update(signOnAttempts)
    .set({ verified })
    .where(and(eq(signOnAttempts.id, id), isNull(signOnAttempts.verified)))
    .returning({ id: signOnAttempts.id });
  return rows.length > 0;
}

/** Whether any of these SAML ids was accepted before. */
export async function isSamlIdUsed(db: Executor, ids: string[]) {
  if (ids.length === 0) return false;
  const rows = await db.select({ id: samlUsedIds.id }).from(samlUsedIds).where(inArray(samlUsedIds.id, ids));
  return rows.length > 0;
}

/** Records the ids as used; false when one of them was used already (the same answer posted twice at once). */
export async function useSamlIds(db: Executor, ids: string[], expiresAt: Date) {
  const rows = await db
    .insert(samlUsedIds)
    .values(ids.map((id) => ({ id, expiresAt })))
    .onConflictDoNothing()
    .returning({ id: samlUsedIds.id });
  return rows.length === ids.length;
}

/** The user linked to this identity at this provider, deactivated or not. */
export async function findLinkedUser(db: Executor, provider: string, subject: string) {
  const [row] = await db
    .select({ id: users.id, role: users.role, unitId: users.unitId, deactivatedAt: users.deactivatedAt })
    .from(externalIdentities)
    .innerJoin(users, eq(users.id, externalIdentities.userId))
    .where(and(eq(externalIdentities.provider, provider), eq(externalIdentities.subject, subject)));
  return row ?? null;
}

/** The user with this e-mail address (any case), deactivated or not. */
export async function findUserByEmail(db: Executor, email: string) {
  const [row] = await db
    .select({ id: users.id, role: users.role, unitId: users.unitId, deactivatedAt: users.deactivatedAt })
    .from(users)
    .where(sql`lower(${users.email}) = ${email.toLowerCase()}`);
  return row ?? null;
}

/** Links the identity; false when it was linked already (two sign-ins at once). */
export async function linkIdentity(
  db: Executor,
  values: { userId: string; provider: string; subject: string },
) {
  const rows = await db
    .insert(externalIdentities)
    .values(values)
    .onConflictDoNothing()
    .returning({ id: externalIdentities.id });
  return rows.length > 0;
}

/** Of these unit ids, those that exist. */
export async function existingUnitIds(db: Executor, ids: string[]) {
  if (ids.length === 0) return new Set<string>();
  const rows = await db.select({ id: units.id }).from(units).where(inArray(units.id, ids));
  return new Set(rows.map((r) => r.id));
}

/** Unit ids by their exact names (providers configured by environment name units). */
export async function unitIdsByName(db: Executor, names: string[]) {
  if (names.length === 0) return new Map<string, string>();
  const rows = await db
    .select({ id: units.id, name: units.name })
    .from(units)
    .where(inArray(units.name, names));
  return new Map(rows.map((r) => [r.name, r.id]));
}

export async function insertSignOnSession(db: Executor, values: typeof signOnSessions.$inferInsert) {
  await db.insert(signOnSessions).values(values);
}

/**
 * Ends the Rapport sessions a provider's LogoutRequest names: those of the NameID, and only the
 * one of its session index when it gives one. Answers how many ended.
 */
export async function endSamlSessions(
  db: Executor,
  providerKey: string,
  subjectHash: string,
  sessionIndexHashes: string[],
) {
  const named = db
    .select({ id: signOnSessions.sessionId })
    .from(signOnSessions)
    .where(
      and(
        eq(signOnSessions.providerKey, providerKey),
        eq(signOnSessions.samlSubjectHash, subjectHash),
        ...(sessionIndexHashes.length
          ? [inArray(signOnSessions.samlSessionIndexHash, sessionIndexHashes)]
          : []),
      ),
    );
  const ended = await db.delete(sessions).where(inArray(sessions.id, named)).returning({ id: sessions.id });
  return ended.length;
}

export async function findSignOnSession(db: Executor, sessionId: string) {
  const [row] = await db.select().from(signOnSessions).where(eq(signOnSessions.sessionId, sessionId));
  return row ?? null;
}
