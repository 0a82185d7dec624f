import { createHash } from 'node:crypto';
import * as client from 'openid-client';
import type { ResolvedOidcProvider as ResolvedProvider } from './providers.service.ts';

/**
 * OpenID Connect through openid-client: discovery from the issuer, the authorisation code flow
 * with PKCE (S256), state and nonce, and the end-session address for single logout.
 */

/** How long a discovered configuration is reused before the issuer is asked again. */
const DISCOVERY_TTL_MS = 10 * 60_000;
/** How long Rapport waits for a provider (discovery, token, user info) before giving up. */
const PROVIDER_TIMEOUT_SECONDS = 10;

const isLoopback = (issuer: string) => /^http:\/\/(127\.0\.0\.1|localhost|\[::1\])[:/]/.test(issuer);

const cache = new Map<string, { at: number; configuration: Promise<client.Configuration> }>();

/** The provider's configuration, discovered once per issuer, client and secret (a changed one is discovered afresh). */
export function configurationOf(provider: ResolvedProvider): Promise<client.Configuration> {
  const fingerprint = createHash('sha256')
    .update(JSON.stringify([provider.issuer, provider.clientId, provider.clientSecret]))
    .digest('hex');
  const cached = cache.get(fingerprint);
  if (cached && Date.now() - cached.at < DISCOVERY_TTL_MS) return cached.configuration;
  const configuration = client
    .discovery(
      new URL(provider.issuer),
      provider.clientId,
      { client_secret: provider.clientSecret ?? undefined },
      provider.clientSecret ? client.ClientSecretBasic(provider.clientSecret) : client.None(),
      {
        timeout: PROVIDER_TIMEOUT_SECONDS,
        // Plain HTTP only for a provider on this machine (development and tests).
        execute: isLoopback(provider.issuer) ? [client.allowInsecureRequests] : [],
      },
    )
    .then((found) => {
      found.timeout = PROVIDER_TIMEOUT_SECONDS;
      return found;
    });
  // A failed discovery is not kept: the next sign-in tries again.
  configuration.catch(() => cache.delete(fingerprint));
  cache.set(fingerprint, { at: Date.now(), configuration });
  return configuration;
}

/** A fresh attempt: the values kept on Rapport's side, and the address to send the browser to. */
export async function beginAuthorisation(provider: ResolvedProvider, redirectUri: string) {
  const configuration = await configurationOf(provider);
  const codeVerifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const url = client.buildAuthorizationUrl(configuration, {
    redirect_uri: redirectUri,
    scope: provider.scopes,
    response_type: 'code',
    code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
    state,
    nonce,
  });
  return { url: url.href, codeVerifier, state, nonce };
}

/**
 * Exchanges the code for tokens, checking state, nonce, PKCE and the ID token, and answers the
 * claims: the ID token's, completed by the user-info endpoint when the provider has one.
 */
export async function completeAuthorisation(
  provider: ResolvedProvider,
  currentUrl: URL,
  checks: { codeVerifier: string; state: string; nonce: string },
) {
  const configuration = await configurationOf(provider);
  const tokens = await client.authorizationCodeGrant(configuration, currentUrl, {
    pkceCodeVerifier: checks.codeVerifier,
    expectedState: checks.state,
    expectedNonce: checks.nonce,
    idTokenExpected: true,
  });
  const idClaims = tokens.claims()!;
  let claims: Record<string, unknown> = { ...idClaims };
  if (configuration.serverMetadata().userinfo_endpoint) {
    const info = await client.fetchUserInfo(configuration, tokens.access_token, idClaims.sub);
    claims = { ...info, ...idClaims };
  }
  return { claims, idToken: tokens.id_token ?? null };
}

/** The provider's end-session address for this ID token, or null when it has none. */
export async function endSessionUrl(
  provider: ResolvedProvider,
  idToken: string | null,
  postLogoutRedirectUri: string,
) {
  const configuration = await configurationOf(provider);
  if (!configuration.serverMetadata().end_session_endpoint) return null;
  return client.buildEndSessionUrl(configuration, {
    post_logout_redirect_uri: postLogoutRedirectUri,
    ...(idToken ? { id_token_hint: idToken } : {}),
  }).href;
}
