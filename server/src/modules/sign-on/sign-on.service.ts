import type { FastifyBaseLogger } from 'fastify';
import type { SignOnError } from '../../../../common/src/contracts/sign-on.ts';
import type { Config } from '../../config.ts';
import type { Db, Executor } from '../../db/client.ts';
import { recordChange, type Writer } from '../../db/records.ts';
import type { Actor } from '../access/actor.ts';
import { openSession, signOut } from '../auth/auth.service.ts';
import { hashSecret, newSecret } from '../auth/secrets.ts';
import { loadSignInPolicy } from '../auth/sign-in-policy.ts';
import { createUserFromSignOn } from '../users/users.service.ts';
import { mapAccount } from './mapping.ts';
import { beginAuthorisation, completeAuthorisation, endSessionUrl } from './oidc.ts';
import { providerButtons, type ResolvedProvider, resolveProvider } from './providers.service.ts';
import {
  assertionIdOf,
  beginSamlSignIn,
  CLOCK_SKEW_MS,
  claimsOf,
  logoutHintOf,
  logoutResponseUrl,
  peekResponse,
  type SamlLogoutHint,
  SamlRefusal,
  samlLogoutUrl,
  samlSessionHashes,
  verifyLogoutRequest,
  verifySamlResponse,
} from './saml.ts';
import { decryptSecret, encryptSecret } from './secret-box.ts';
import {
  endSamlSessions,
  findLinkedUser,
  findOpenSamlAttempt,
  findSignOnSession,
  findUserByEmail,
  insertAttempt,
  insertSignOnSession,
  isSamlIdUsed,
  linkIdentity,
  setAttemptVerified,
  takeAttempt,
  useSamlIds,
} from './sign-on.repository.ts';

/** How long a sign-in at the provider may take, from the button to the callback. */
export const ATTEMPT_MINUTES = 10;

/** A sign-on that did not succeed, with the reason the sign-in page gives (common/src/contracts/sign-on.ts). */
export class SignOnRefusal extends Error {
  override name = 'SignOnRefusal';
  constructor(readonly reason: SignOnError) {
    super(reason);
  }
}

/** What the sign-in page offers. */
export async function signInOptions(db: Db, config: Config) {
  const policy = await loadSignInPolicy(db);
  return { providers: await providerButtons(db, config), passwords: policy.passwords };
}

async function providerFor(db: Executor, config: Config, key: string) {
  const provider = await resolveProvider(db, config, key);
  if (!provider) throw new SignOnRefusal('unavailable');
  return provider;
}

/** What single logout needs, kept sealed (AES-256-GCM under RAPPORT_SECRET_KEY); nothing without the key. */
type LogoutHint = { idToken: string } | { saml: SamlLogoutHint };
const sealHint = (config: Config, hint: LogoutHint | null) =>
  hint && config.secretKey ? encryptSecret(config.secretKey, JSON.stringify(hint)) : null;
function openHint(config: Config, sealed: string | null): LogoutHint | null {
  const plain = sealed && config.secretKey ? decryptSecret(config.secretKey, sealed) : null;
  return plain ? (JSON.parse(plain) as LogoutHint) : null;
}

/**
 * Starts a sign-in at the provider: keeps the PKCE verifier, state and nonce under the SHA-256
 * of a secret the browser holds in a cookie, and answers the provider's address.
 */
export async function startSignOn(
  db: Db,
  config: Config,
  key: string,
  input: { baseUrl: string; redirectUri: string; returnTo: string | null; log: FastifyBaseLogger },
) {
  const provider = await providerFor(db, config, key);
  const browserSecret = newSecret();
  const expiresAt = new Date(Date.now() + ATTEMPT_MINUTES * 60_000);
  if (provider.protocol === 'saml') {
    const begun = await beginSamlSignIn(provider.saml, input.baseUrl);
    // The AuthnRequest id is the state: the response must answer it (InResponseTo).
    await insertAttempt(db, {
      id: hashSecret(browserSecret),
      providerKey: key,
      state: begun.requestId,
      returnTo: input.returnTo,
      expiresAt,
    });
    return { browserSecret, url: begun.url };
  }
  const begun = await beginAuthorisation(provider, input.redirectUri).catch((error: unknown) => {
    input.log.warn(
      { provider: key, reason: (error as Error).message },
      'sign-on provider could not be reached',
    );
    throw new SignOnRefusal('failed');
  });
  await insertAttempt(db, {
    id: hashSecret(browserSecret),
    providerKey: key,
    state: begun.state,
    nonce: begun.nonce,
    codeVerifier: begun.codeVerifier,
    returnTo: input.returnTo,
    expiresAt,
  });
  return { browserSecret, url: begun.url };
}

type Claims = Record<string, unknown>;

function isUniqueViolation(error: unknown) {
  for (let e = error, i = 0; e && i < 3; i++) {
    if ((e as { code?: unknown }).code === '23505') return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}
const text = (value: unknown) => (typeof value === 'string' && value.trim() !== '' ? value.trim() : null);

function nameFrom(claims: Claims, email: string) {
  const given = [text(claims.given_name), text(claims.family_name)].filter(Boolean).join(' ');
  return (text(claims.name) ?? (given || email.split('@')[0]!)).slice(0, 200);
}

/**
 * The user this provider's identity signs in as: the linked one; else an existing account with
 * the same, verified, e-mail address when the provider allows linking; else a new account whose
 * role and unit come from the provider's rules. Deactivated users are refused.
 */
async function accountFor(tx: Executor, writer: Writer, provider: ResolvedProvider, claims: Claims) {
  const subject = text(claims.sub);
  if (!subject) throw new SignOnRefusal('failed');
  const linked = await findLinkedUser(tx, provider.key, subject);
  if (linked) {
    if (linked.deactivatedAt) throw new SignOnRefusal('deactivated');
    return linked;
  }
  const email = text(claims.email)?.toLowerCase() ?? null;
  if (!email || email.length > 320 || !/^[^\s@]+@[^\s@]+$/.test(email)) throw new SignOnRefusal('no_email');
  const existing = await findUserByEmail(tx, email);
  if (existing) {
    if (existing.deactivatedAt) throw new SignOnRefusal('deactivated');
    // The same person's first sign-in in another tab may have made the account and its link and
    // committed between the two reads above (each statement sees the latest commits): the address
    // is then found, its link was not. Read the link again before refusing.
    const linkedSince = await findLinkedUser(tx, provider.key, subject);
    if (linkedSince) {
      if (linkedSince.deactivatedAt) throw new SignOnRefusal('deactivated');
      return linkedSince;
    }
    if (!provider.linkByVerifiedEmail || claims.email_verified !== true)
      throw new SignOnRefusal('not_linked');
    await linkIdentity(tx, { userId: existing.id, provider: provider.key, subject });
    await recordChange(tx, writer, {
      entity: 'user',
      entityId: existing.id,
      action: 'updated',
      before: { signOnLinked: null },
      after: { signOnLinked: provider.key },
    });
    return existing;
  }
  const { role, unitId } = mapAccount(claims, provider.rules, {
    role: provider.defaultRole,
    unitId: provider.defaultUnitId,
  });
  const user = await createUserFromSignOn(tx, writer, { email, name: nameFrom(claims, email), role, unitId });
  await linkIdentity(tx, { userId: user.id, provider: provider.key, subject });
  return { id: user.id, role: user.role, unitId: user.unitId, deactivatedAt: null };
}

type SignInInput = {
  client: { ipAddress: string; userAgent: string | null };
  requestId: string;
};

/** Finds or makes the account and opens a session, all or nothing. */
async function openSignOnSession(
  db: Db,
  config: Config,
  provider: ResolvedProvider,
  claims: Claims,
  hint: LogoutHint | null,
  input: SignInInput,
) {
  const writer: Writer = { actor: { userId: null, tokenId: null }, requestId: input.requestId };
  const signInOnce = () =>
    db.transaction(async (tx) => {
      const user = await accountFor(tx, writer, provider, claims);
      const opened = await openSession(tx, config, user, input.client);
      const saml = hint && 'saml' in hint ? samlSessionHashes(hint.saml) : null;
      await insertSignOnSession(tx, {
        sessionId: opened.actor.sessionId!,
        providerKey: provider.key,
        logoutHintEncrypted: sealHint(config, hint),
        samlSubjectHash: saml?.subject ?? null,
        samlSessionIndexHash: saml?.sessionIndex ?? null,
      });
      return opened;
    });
  // Two first sign-ins of one person at once (two tabs) both try to create the account: the one
  // that loses finds it made by the other on a second try.
  return signInOnce().catch((error: unknown) => {
    if (isUniqueViolation(error)) return signInOnce();
    throw error;
  });
}

/**
 * Completes a sign-in from the provider's callback: the attempt is taken (once), the code
 * exchanged with state, nonce and PKCE checked, the account found or made, and a session opened,
 * all or nothing.
 */
export async function finishSignOn(
  db: Db,
  config: Config,
  key: string,
  input: SignInInput & {
    browserSecret: string | undefined;
    currentUrl: URL;
    providerError: string | undefined;
    log: FastifyBaseLogger;
  },
) {
  const provider = await providerFor(db, config, key);
  if (provider.protocol !== 'oidc') throw new SignOnRefusal('unavailable');
  const attempt = input.browserSecret ? await takeAttempt(db, hashSecret(input.browserSecret), key) : null;
  if (!attempt?.nonce || !attempt.codeVerifier) throw new SignOnRefusal('expired');
  if (input.providerError) throw new SignOnRefusal('refused');
  const checks = { state: attempt.state, nonce: attempt.nonce, codeVerifier: attempt.codeVerifier };
  const completed = await completeAuthorisation(provider, input.currentUrl, checks).catch(
    (error: unknown) => {
      input.log.warn({ provider: key, reason: (error as Error).message }, 'sign-on callback refused');
      throw new SignOnRefusal('failed');
    },
  );
  const hint = completed.idToken ? { idToken: completed.idToken } : null;
  const session = await openSignOnSession(db, config, provider, completed.claims, hint, input);
  return { ...session, returnTo: attempt.returnTo ?? '/' };
}

/** How long a used SAML id is remembered: longer than any assertion could still be accepted. */
const USED_ID_MS = 30 * 60_000 + 2 * CLOCK_SKEW_MS;

/**
 * The assertion consumer service: verifies the identity provider's response (signature,
 * issuer, audience, destination, recipient, times, and InResponseTo one of our open attempts),
 * refuses an id used before, and keeps the identity on the attempt. The response arrives in a
 * cross-site POST, without the attempt's cookie (SameSite=Lax): the session is opened only when
 * the browser comes back with it (completeSamlSignOn), so a response cannot sign in someone else's browser.
 */
export async function receiveSamlResponse(
  db: Db,
  config: Config,
  key: string,
  input: { samlResponse: string; baseUrl: string; log: FastifyBaseLogger },
) {
  const provider = await providerFor(db, config, key);
  if (provider.protocol !== 'saml') throw new SignOnRefusal('unavailable');
  const refuse = (reason: SignOnError, detail: string): never => {
    input.log.warn({ provider: key, reason: detail }, 'SAML response refused');
    throw new SignOnRefusal(reason);
  };
  try {
    const peeked = peekResponse(input.samlResponse);
    const ids = [peeked.responseId, peeked.assertionId]
      .filter((id): id is string => id !== null && id.length <= 200)
      .map((id) => `${key}:${id}`);
    if (ids.length === 0) refuse('failed', 'the response has no id');
    if (await isSamlIdUsed(db, ids)) refuse('replayed', 'a response or assertion id was used before');
    if (!peeked.inResponseTo) refuse('failed', 'an unsolicited response (no InResponseTo) is not accepted');
    const attempt = await findOpenSamlAttempt(db, key, peeked.inResponseTo!.slice(0, 200));
    if (!attempt) {
      // The same response posted twice at once: the other post may have answered the attempt
      // between the check above and this one. That is a replay, not an expired sign-in.
      if (await isSamlIdUsed(db, ids)) refuse('replayed', 'a response or assertion id was used before');
      refuse('expired', 'InResponseTo names no sign-in under way');
    }
    const profile = await verifySamlResponse(
      provider.saml,
      input.baseUrl,
      input.samlResponse,
      peeked.inResponseTo!,
    );
    // An encrypted assertion's id is known only once decrypted: it is used once too.
    const assertionId = assertionIdOf(profile);
    if (assertionId && assertionId.length <= 200 && !ids.includes(`${key}:${assertionId}`)) {
      ids.push(`${key}:${assertionId}`);
      if (await isSamlIdUsed(db, ids)) refuse('replayed', 'an assertion id was used before');
    }
    const verified = JSON.stringify({ claims: claimsOf(profile), hint: logoutHintOf(profile) });
    await db.transaction(async (tx) => {
      if (!(await useSamlIds(tx, ids, new Date(Date.now() + USED_ID_MS)))) {
        refuse('replayed', 'the response was posted twice at once');
      }
      if (!(await setAttemptVerified(tx, attempt!.id, verified)))
        refuse('replayed', 'the attempt has its answer');
    });
  } catch (error) {
    if (error instanceof SamlRefusal) refuse(error.reason, error.message);
    throw error;
  }
}

/**
 * Single logout started at the identity provider: its signed LogoutRequest ends the Rapport
 * sessions of the person it names (of the session index, when given), and the browser goes back
 * with a LogoutResponse. A request that fails verification ends nothing.
 */
export async function receiveSamlLogoutRequest(
  db: Db,
  config: Config,
  key: string,
  input: {
    query: { SAMLRequest: string; RelayState?: string; SigAlg?: string; Signature?: string };
    originalQuery: string;
    baseUrl: string;
    log: FastifyBaseLogger;
  },
) {
  const provider = await providerFor(db, config, key);
  if (provider.protocol !== 'saml') throw new SignOnRefusal('unavailable');
  try {
    const request = await verifyLogoutRequest(provider.saml, input.baseUrl, input.query, input.originalQuery);
    const hashes = samlSessionHashes({ nameID: request.nameID });
    const indexes = [request.sessionIndex]
      .flat()
      .filter((i): i is string => typeof i === 'string' && i !== '')
      .map((i) => samlSessionHashes({ nameID: '', sessionIndex: i }).sessionIndex!);
    const ended = await endSamlSessions(db, key, hashes.subject, indexes);
    input.log.info({ provider: key, ended }, 'SAML logout requested by the identity provider');
    return logoutResponseUrl(provider.saml, input.baseUrl, request, input.query.RelayState ?? '');
  } catch (error) {
    if (error instanceof SamlRefusal) {
      input.log.warn({ provider: key, reason: error.message }, 'SAML LogoutRequest refused');
      throw new SignOnRefusal(error.reason);
    }
    throw error;
  }
}

/** The browser back from the assertion consumer service with its cookie: the verified identity signs in. */
export async function completeSamlSignOn(
  db: Db,
  config: Config,
  key: string,
  input: SignInInput & { browserSecret: string | undefined },
) {
  const provider = await providerFor(db, config, key);
  if (provider.protocol !== 'saml') throw new SignOnRefusal('unavailable');
  const attempt = input.browserSecret ? await takeAttempt(db, hashSecret(input.browserSecret), key) : null;
  if (!attempt?.verified) throw new SignOnRefusal('expired');
  const { claims, hint } = JSON.parse(attempt.verified) as { claims: Claims; hint: SamlLogoutHint };
  const session = await openSignOnSession(db, config, provider, claims, { saml: hint }, input);
  return { ...session, returnTo: attempt.returnTo ?? '/' };
}

/**
 * Signs out of Rapport and, when the session came from a provider with an end-session
 * endpoint, answers where to send the browser so it signs out there too (single logout).
 */
export async function signOutEverywhere(
  db: Db,
  config: Config,
  actor: Actor,
  input: { baseUrl: string; postLogoutRedirectUri: string; log: FastifyBaseLogger },
) {
  const signOn = actor.sessionId ? await findSignOnSession(db, actor.sessionId) : null;
  await signOut(db, actor);
  if (!signOn) return { endSessionUrl: null };
  try {
    const provider = await resolveProvider(db, config, signOn.providerKey);
    const hint = openHint(config, signOn.logoutHintEncrypted);
    if (!provider) return { endSessionUrl: null };
    if (provider.protocol === 'saml') {
      const saml = hint && 'saml' in hint ? hint.saml : null;
      return { endSessionUrl: await samlLogoutUrl(provider.saml, input.baseUrl, saml) };
    }
    const idToken = hint && 'idToken' in hint ? hint.idToken : null;
    return { endSessionUrl: await endSessionUrl(provider, idToken, input.postLogoutRedirectUri) };
  } catch (error) {
    input.log.warn({ provider: signOn.providerKey, reason: (error as Error).message }, 'no single logout');
    return { endSessionUrl: null };
  }
}
