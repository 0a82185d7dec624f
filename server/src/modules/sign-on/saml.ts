import { createHash, randomBytes } from 'node:crypto';
import {
  type CacheProvider,
  type Profile,
  SAML,
  SamlStatusError,
  ValidateInResponseTo,
} from '@node-saml/node-saml';
import * as xpath from 'xpath';
import type { SignOnError } from '../../../../common/src/contracts/sign-on.ts';
import { parseXml } from './idp-metadata.ts';

/**
 * SAML 2.0 through @node-saml/node-saml: SP-initiated sign-in (HTTP-Redirect), the assertion
 * consumer service (HTTP-POST) with signature, issuer, audience, time, InResponseTo, destination
 * and recipient checked, and single logout when the identity provider offers it.
 */

export type SamlSettings = {
  key: string;
  entityId: string;
  ssoUrl: string;
  sloUrl: string | null;
  certificates: string[];
  /**
   * Rapport's own key pair (from configuration): when given, AuthnRequests are signed (RSA-SHA256)
   * and encrypted assertions are accepted (decrypted with it; still required to be signed).
   */
  serviceKey?: { privateKey: string; certificate: string };
};

/** How far the identity provider's clock may be from ours. */
export const CLOCK_SKEW_MS = 3 * 60_000;
/** An assertion older than this is refused, whatever its NotOnOrAfter says. */
const MAX_ASSERTION_AGE_MS = 10 * 60_000;

/** Rapport's addresses for a SAML provider: its entity id (where the metadata is), the ACS and the logout return. */
export function serviceAddresses(baseUrl: string, key: string) {
  const base = `${baseUrl.replace(/\/+$/, '')}/api/v1/sign-on/${key}/saml`;
  return {
    serviceEntityId: new URL(`${base}/metadata`).href,
    acsUrl: new URL(`${base}/acs`).href,
    logoutUrl: new URL(`${base}/logout`).href,
  };
}

/** node-saml asks a cache for the request ids it issued: this one knows only the one of this attempt. */
function oneRequest(expected: string | null): CacheProvider & { saved: string | null } {
  const cache = {
    saved: null as string | null,
    saveAsync: async (key: string, value: string) => {
      cache.saved = key;
      return { value, createdAt: Date.now() };
    },
    // node-saml reads the value as the request's issue instant; the attempt's own expiry already holds.
    getAsync: async (key: string) => (key === expected ? new Date().toISOString() : null),
    removeAsync: async (key: string | null) => key,
  };
  return cache;
}

function samlOf(settings: SamlSettings, baseUrl: string, cache: CacheProvider) {
  const { serviceEntityId, acsUrl, logoutUrl } = serviceAddresses(baseUrl, settings.key);
  return new SAML({
    issuer: serviceEntityId,
    audience: serviceEntityId,
    callbackUrl: acsUrl,
    logoutCallbackUrl: logoutUrl,
    entryPoint: settings.ssoUrl,
    logoutUrl: settings.sloUrl ?? settings.ssoUrl,
    idpIssuer: settings.entityId,
    idpCert: settings.certificates,
    wantAssertionsSigned: true,
    wantAuthnResponseSigned: false,
    acceptedClockSkewMs: CLOCK_SKEW_MS,
    maxAssertionAgeMs: MAX_ASSERTION_AGE_MS,
    validateInResponseTo: ValidateInResponseTo.always,
    requestIdExpirationPeriodMs: MAX_ASSERTION_AGE_MS,
    cacheProvider: cache,
    identifierFormat: null,
    disableRequestedAuthnContext: true,
    generateUniqueId: () => `_${randomBytes(20).toString('hex')}`,
    ...(settings.serviceKey
      ? {
          privateKey: settings.serviceKey.privateKey,
          decryptionPvk: settings.serviceKey.privateKey,
          signatureAlgorithm: 'sha256' as const,
        }
      : {}),
  });
}

/** A fresh SP-initiated sign-in: the AuthnRequest id to expect back, and the address to send the browser to. */
export async function beginSamlSignIn(settings: SamlSettings, baseUrl: string) {
  const cache = oneRequest(null);
  const url = await samlOf(settings, baseUrl, cache).getAuthorizeUrlAsync('', undefined, {});
  return { url, requestId: cache.saved! };
}

/** A refusal of the identity provider's answer, with the reason the sign-in page gives and the detail for the log. */
export class SamlRefusal extends Error {
  override name = 'SamlRefusal';
  constructor(
    readonly reason: SignOnError,
    detail: string,
  ) {
    super(detail);
  }
}

const ASSERTION = "*[local-name()='Assertion' and namespace-uri()='urn:oasis:names:tc:SAML:2.0:assertion']";

/** The ids and addresses of a posted response, read before it is verified (to find the attempt and refuse replays). */
export function peekResponse(samlResponse: string) {
  const doc = parseXml(Buffer.from(samlResponse, 'base64').toString('utf8'));
  const response = doc?.documentElement;
  if (response?.localName !== 'Response') {
    throw new SamlRefusal('failed', 'not a SAML Response');
  }
  const assertion = xpath.select1(ASSERTION, response) as Element | undefined;
  return {
    responseId: response.getAttribute('ID') || null,
    inResponseTo: response.getAttribute('InResponseTo') || null,
    destination: response.getAttribute('Destination') || null,
    assertionId: assertion?.getAttribute('ID') || null,
  };
}

/** Why node-saml refused, in the sign-in page's words. */
function reasonOf(error: Error): SignOnError {
  if (error instanceof SamlStatusError) return 'refused';
  const message = error.message;
  if (/signature|issuer|cert/i.test(message)) return 'untrusted';
  if (/audience/i.test(message)) return 'misdirected';
  if (/expired|NotBefore|too old|not yet valid|No valid subject confirmation/i.test(message)) return 'stale';
  if (/InResponseTo/i.test(message)) return 'expired';
  return 'failed';
}

/** The ID of the verified (and, when it came encrypted, decrypted) assertion: it is used once. */
export function assertionIdOf(profile: Profile): string | null {
  const doc = parseXml(profile.getAssertionXml?.() ?? '');
  return doc?.documentElement?.getAttribute('ID') || null;
}

/** The SubjectConfirmationData Recipient of the verified assertion: ours or none. */
function recipientsOf(assertionXml: string) {
  const doc = parseXml(assertionXml);
  if (!doc) return [];
  return (xpath.select("//*[local-name()='SubjectConfirmationData']/@Recipient", doc) as Attr[]).map(
    (a) => a.value,
  );
}

/**
 * Verifies a posted response to the request `requestId` and answers its profile; a SamlRefusal
 * otherwise. The Destination and Recipient, which node-saml leaves alone, must be our ACS.
 */
export async function verifySamlResponse(
  settings: SamlSettings,
  baseUrl: string,
  samlResponse: string,
  requestId: string,
): Promise<Profile> {
  const { acsUrl } = serviceAddresses(baseUrl, settings.key);
  const peeked = peekResponse(samlResponse);
  if (peeked.destination !== null && peeked.destination !== acsUrl) {
    throw new SamlRefusal('misdirected', `Destination ${peeked.destination} is not ${acsUrl}`);
  }
  const saml = samlOf(settings, baseUrl, oneRequest(requestId));
  const result = await saml
    .validatePostResponseAsync({ SAMLResponse: samlResponse })
    .catch((error: Error) => {
      throw new SamlRefusal(reasonOf(error), error.message);
    });
  const profile = result.profile;
  if (!profile || result.loggedOut) throw new SamlRefusal('failed', 'the response holds no assertion');
  // node-saml checks the issuer of logout messages only: the signed assertion's must be the provider's too.
  if (profile.issuer !== settings.entityId) {
    throw new SamlRefusal(
      'untrusted',
      `the assertion's issuer ${String(profile.issuer).slice(0, 200)} is not ${settings.entityId}`,
    );
  }
  if (recipientsOf(profile.getAssertionXml?.() ?? '').some((r) => r !== acsUrl)) {
    throw new SamlRefusal('misdirected', 'the assertion names another recipient');
  }
  return profile;
}

/**
 * A LogoutRequest the identity provider sent the browser with (HTTP-Redirect), verified: it must
 * be signed by a trusted certificate (node-saml would take an unsigned one) and name the provider
 * as issuer. Answers the request's profile (its ID, NameID and session indexes).
 */
export async function verifyLogoutRequest(
  settings: SamlSettings,
  baseUrl: string,
  query: { SAMLRequest: string; RelayState?: string; SigAlg?: string; Signature?: string },
  originalQuery: string,
): Promise<Profile> {
  if (!query.Signature || !query.SigAlg)
    throw new SamlRefusal('untrusted', 'an unsigned LogoutRequest is not accepted');
  const saml = samlOf(settings, baseUrl, oneRequest(null));
  const result = await saml.validateRedirectAsync(query, originalQuery).catch((error: Error) => {
    throw new SamlRefusal(/signature/i.test(error.message) ? 'untrusted' : reasonOf(error), error.message);
  });
  if (!result.profile || !result.loggedOut || !result.profile.nameID)
    throw new SamlRefusal('failed', 'not a LogoutRequest naming someone');
  return result.profile;
}

/** Where to send the browser back to the identity provider with Rapport's LogoutResponse (signed when Rapport has a key). */
export async function logoutResponseUrl(
  settings: SamlSettings,
  baseUrl: string,
  request: Profile,
  relayState: string,
) {
  const saml = samlOf(settings, baseUrl, oneRequest(null));
  return saml.getLogoutResponseUrlAsync(request, relayState, {}, true);
}

/** The hashes a session is found by when the identity provider asks to end it. */
export const samlSessionHashes = (hint: { nameID: string; sessionIndex?: string }) => ({
  subject: createHash('sha256').update(hint.nameID).digest('hex'),
  sessionIndex: hint.sessionIndex ? createHash('sha256').update(hint.sessionIndex).digest('hex') : null,
});

/** What single logout needs of a SAML session. */
export type SamlLogoutHint = {
  nameID: string;
  nameIDFormat: string;
  nameQualifier?: string;
  spNameQualifier?: string;
  sessionIndex?: string;
};

/** The identity provider's single logout address for this session, or null when it offers none. */
export async function samlLogoutUrl(settings: SamlSettings, baseUrl: string, hint: SamlLogoutHint | null) {
  if (!settings.sloUrl || !hint) return null;
  const saml = samlOf(settings, baseUrl, oneRequest(null));
  return saml.getLogoutUrlAsync({ issuer: settings.entityId, ...hint }, '', {});
}

/** Rapport's service-provider metadata for this provider (to give the identity provider). */
export function serviceMetadata(settings: SamlSettings, baseUrl: string) {
  const certificate = settings.serviceKey?.certificate ?? null;
  return samlOf(settings, baseUrl, oneRequest(null)).generateServiceProviderMetadata(
    certificate,
    certificate,
  );
}

/** Well-known attribute names (Shibboleth's OIDs, Microsoft Entra's claim URIs) and the names rules use. */
const FRIENDLY: Record<string, string> = {
  'urn:oid:1.3.6.1.4.1.5923.1.1.1.6': 'eduPersonPrincipalName',
  'urn:oid:0.9.2342.19200300.100.1.3': 'mail',
  'urn:oid:2.16.840.1.113730.3.1.241': 'displayName',
  'urn:oid:1.3.6.1.4.1.5923.1.1.1.9': 'eduPersonScopedAffiliation',
  'urn:oid:1.3.6.1.4.1.5923.1.1.1.1': 'eduPersonAffiliation',
  'urn:oid:2.5.4.42': 'givenName',
  'urn:oid:2.5.4.4': 'sn',
  'urn:oid:2.5.4.11': 'ou',
  'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress': 'mail',
  'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname': 'givenName',
  'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname': 'sn',
  'http://schemas.microsoft.com/identity/claims/displayname': 'displayName',
  'http://schemas.microsoft.com/ws/2008/06/identity/claims/groups': 'groups',
};

const TRANSIENT = 'urn:oasis:names:tc:SAML:2.0:nameid-format:transient';
const one = (value: unknown) => {
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' && first.trim() !== '' ? first.trim() : null;
};

/**
 * The profile as the claims sign-in uses: every attribute under its own name and its friendly
 * one, `sub` (a persistent NameID, else eduPersonPrincipalName), `email` from mail, `name` from
 * displayName. The identity provider vouches for mail, so it counts as verified.
 */
export function claimsOf(profile: Profile): Record<string, unknown> {
  const attributes = (profile.attributes ?? {}) as Record<string, unknown>;
  const claims: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(attributes)) {
    claims[name] = value;
    const friendly = FRIENDLY[name];
    if (friendly && claims[friendly] === undefined) claims[friendly] = value;
  }
  const principal = one(claims.eduPersonPrincipalName);
  const sub = profile.nameIDFormat === TRANSIENT ? principal : (one(profile.nameID) ?? principal);
  const given = [one(claims.givenName), one(claims.sn)].filter(Boolean).join(' ');
  return {
    ...claims,
    sub,
    email: one(claims.mail) ?? one(profile.mail) ?? one(profile.email),
    email_verified: true,
    name: one(claims.displayName) ?? (given || null),
  };
}

/** The part of a profile single logout needs. */
export const logoutHintOf = (profile: Profile): SamlLogoutHint => ({
  nameID: profile.nameID,
  nameIDFormat: profile.nameIDFormat,
  ...(profile.nameQualifier ? { nameQualifier: profile.nameQualifier } : {}),
  ...(profile.spNameQualifier ? { spNameQualifier: profile.spNameQualifier } : {}),
  ...(profile.sessionIndex ? { sessionIndex: profile.sessionIndex } : {}),
});
