import { boolean, index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { MappingRule } from '../../../../common/src/contracts/sign-on.ts';
import { signOnProtocols } from '../../../../common/src/labels/sign-on.ts';
import { roles } from '../../../../common/src/labels/users.ts';
import { sessions } from './access.ts';
import { id, versioned } from './columns.ts';
import { units } from './units.ts';

/**
 * An identity provider an administrator set up (providers configured by environment are not
 * stored). The client secret is kept encrypted (AES-256-GCM, key from RAPPORT_SECRET_KEY).
 */
export const signOnProviders = pgTable(
  'sign_on_providers',
  {
    id: id(),
    key: text('key').notNull(),
    name: text('name').notNull(),
    protocol: text('protocol', { enum: signOnProtocols }).notNull(),
    issuer: text('issuer').notNull(),
    /** OpenID Connect only. */
    clientId: text('client_id'),
    clientSecretEncrypted: text('client_secret_encrypted'),
    /** OpenID Connect only. */
    scopes: text('scopes'),
    /** SAML only: the identity provider's single sign-on address (HTTP-Redirect). */
    ssoUrl: text('sso_url'),
    /** SAML only: its single logout address, when it offers one. */
    sloUrl: text('slo_url'),
    /** SAML only: the signing certificates trusted, as PEM (not secret, but only these may sign). */
    idpCertificates: text('idp_certificates').array(),
    enabled: boolean('enabled').notNull(),
    linkByVerifiedEmail: boolean('link_by_verified_email').notNull(),
    defaultRole: text('default_role', { enum: roles }).notNull(),
    defaultUnitId: uuid('default_unit_id').references(() => units.id, { onDelete: 'set null' }),
    /** Ordered: the first rule that matches gives the role, the first that matches gives the unit. */
    rules: jsonb('rules').$type<MappingRule[]>().notNull(),
    ...versioned(),
  },
  (t) => [uniqueIndex('sign_on_providers_key_key').on(t.key)],
);

/**
 * A sign-in under way at a provider: the PKCE verifier, state and nonce (OpenID Connect) or the
 * AuthnRequest id (SAML, in `state`), found again by the SHA-256 of a secret in the browser's
 * cookie (so a callback from another browser is refused) and deleted when the callback uses it.
 * A SAML response is posted cross-site, without that cookie: its verified identity waits in
 * `verified` until the browser comes back with the cookie.
 */
export const signOnAttempts = pgTable(
  'sign_on_attempts',
  {
    id: text('id').primaryKey(),
    providerKey: text('provider_key').notNull(),
    state: text('state').notNull(),
    nonce: text('nonce'),
    codeVerifier: text('code_verifier'),
    returnTo: text('return_to'),
    /** SAML: the identity the verified response gave, sealed with RAPPORT_SECRET_KEY when set. */
    verified: text('verified'),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('sign_on_attempts_expires_idx').on(t.expiresAt)],
);

/**
 * A session opened through a provider: what single logout needs (the OpenID Connect ID token as
 * a hint, or the SAML NameID and session index), sealed with RAPPORT_SECRET_KEY (AES-256-GCM);
 * without that key nothing is kept and single logout goes without a hint.
 */
export const signOnSessions = pgTable(
  'sign_on_sessions',
  {
    sessionId: text('session_id')
      .primaryKey()
      .references(() => sessions.id, { onDelete: 'cascade' }),
    providerKey: text('provider_key').notNull(),
    logoutHintEncrypted: text('logout_hint_encrypted'),
    /**
     * SHA-256 of the SAML NameID and of the session index the identity provider gave: what its
     * LogoutRequest names, to end the session it means (the values themselves are not kept).
     */
    samlSubjectHash: text('saml_subject_hash'),
    samlSessionIndexHash: text('saml_session_index_hash'),
  },
  (t) => [index('sign_on_sessions_saml_subject_idx').on(t.providerKey, t.samlSubjectHash)],
);

/**
 * SAML response and assertion ids already accepted, each used once (replay protection), kept
 * until the assertion could no longer be accepted anyway.
 */
export const samlUsedIds = pgTable(
  'saml_used_ids',
  {
    id: text('id').primaryKey(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('saml_used_ids_expires_idx').on(t.expiresAt)],
);
