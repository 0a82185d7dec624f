import { z } from 'zod';
import { passwordPolicies, signOnProtocols } from '../labels/sign-on.ts';
import { roles } from '../labels/users.ts';
import { nullableUuid, recordFields, requiredText } from './shared.ts';

/**
 * Single sign-on: the identity providers staff sign in through (OpenID Connect today), the rules
 * that give a new account its role and unit from the provider's claims, and whether local
 * passwords are still accepted.
 */

/** A provider's key appears in its sign-in and callback addresses: short, lower case, stable. */
export const providerKey = z
  .string()
  .trim()
  .min(2)
  .max(40)
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'use lower-case letters, digits and hyphens (for example "entra")');

/** When the claim `claim` equals `value` (or, for a list claim, contains it), give this role and/or unit. */
export const mappingRuleFields = {
  claim: requiredText(100),
  value: requiredText(200),
  role: z.enum(roles).nullable().default(null),
};
export const mappingRule = z
  .object({ ...mappingRuleFields, unitId: nullableUuid })
  .refine((rule) => rule.role !== null || rule.unitId !== null, {
    message: 'give the rule a role, a unit or both',
    path: ['role'],
  });
export type MappingRule = z.infer<typeof mappingRule>;

export const mappingRules = z.array(mappingRule).max(50);

const issuerUrl = z
  .url({ protocol: /^https?$/ })
  .max(500)
  .refine((url) => url.startsWith('https://') || /^http:\/\/(127\.0\.0\.1|localhost|\[::1\])[:/]/.test(url), {
    message: 'must be an https:// address (http:// only on this machine, for testing)',
  });

const scopes = z
  .string()
  .trim()
  .max(300)
  .regex(/^[\w:./-]+( [\w:./-]+)*$/, 'separate scopes with single spaces')
  .refine((s) => s.split(' ').includes('openid'), 'must include openid');

const providerFields = {
  key: z.string().max(40),
  name: z.string().max(100),
  protocol: z.enum(signOnProtocols),
  /** OpenID Connect: the issuer address. SAML: the identity provider's entity id. */
  issuer: z.string().max(500),
  /** OpenID Connect only (null for SAML). */
  clientId: z.string().max(300).nullable(),
  /** Whether a client secret is kept; the secret itself is never shown. */
  hasClientSecret: z.boolean(),
  /** OpenID Connect only (null for SAML). */
  scopes: z.string().max(300).nullable(),
  enabled: z.boolean(),
  /** Link an existing account with the same e-mail address, when the provider says it is verified. */
  linkByVerifiedEmail: z.boolean(),
  defaultRole: z.enum(roles),
  /** The address to register at the provider as the redirect URI. */
  redirectUri: z.string().max(700),
};

/** A SAML provider's own settings, and the addresses to give the identity provider. */
export const samlSettingsSchema = z.object({
  /** Where the browser is sent to sign in (HTTP-Redirect binding). */
  ssoUrl: z.string().max(1000),
  /** Where the browser is sent to sign out there too, when the identity provider offers it. */
  sloUrl: z.string().max(1000).nullable(),
  /** SHA-256 fingerprints of the signing certificates trusted. */
  certificateFingerprints: z.array(z.string().max(100)).max(10),
  /** Rapport's entity id at this provider, also where its metadata is published. */
  serviceEntityId: z.string().max(700),
  /** The assertion consumer service (HTTP-POST binding). */
  acsUrl: z.string().max(700),
});

/** A provider an administrator set up here. */
export const signOnProviderSchema = z.object({
  ...recordFields,
  ...providerFields,
  /** SAML providers only; null for OpenID Connect. */
  saml: samlSettingsSchema.nullable(),
  defaultUnitId: z.uuid().nullable(),
  rules: z
    .array(
      z.object({
        claim: z.string().max(100),
        value: z.string().max(200),
        role: z.enum(roles).nullable(),
        unitId: z.uuid().nullable(),
      }),
    )
    .max(50),
});
export type SignOnProviderDto = z.infer<typeof signOnProviderSchema>;

/** A provider configured by environment (RAPPORT_SIGN_ON_PROVIDERS): shown, changed only there. Units by name. */
export const environmentProviderSchema = z.object({
  ...providerFields,
  defaultUnit: z.string().max(200).nullable(),
  rules: z
    .array(
      z.object({
        claim: z.string().max(100),
        value: z.string().max(200),
        role: z.enum(roles).nullable(),
        unit: z.string().max(200).nullable(),
      }),
    )
    .max(50),
});
export type EnvironmentProviderDto = z.infer<typeof environmentProviderSchema>;

export const createSignOnProviderBody = z.object({
  key: providerKey,
  name: requiredText(100),
  issuer: issuerUrl,
  clientId: requiredText(300),
  clientSecret: z
    .string()
    .min(1)
    .max(500)
    .nullish()
    .transform((v) => v ?? null),
  scopes: scopes.default('openid email profile'),
  enabled: z.boolean().default(true),
  linkByVerifiedEmail: z.boolean().default(false),
  defaultRole: z.enum(roles).default('viewer'),
  defaultUnitId: nullableUuid,
  rules: mappingRules.default([]),
});
export type CreateSignOnProvider = z.infer<typeof createSignOnProviderBody>;

const httpsUrl = z
  .url({ protocol: /^https?$/ })
  .max(1000)
  .refine((url) => url.startsWith('https://') || /^http:\/\/(127\.0\.0\.1|localhost|\[::1\])[:/]/.test(url), {
    message: 'must be an https:// address (http:// only on this machine, for testing)',
  });

/** A PEM or bare base64 X.509 certificate (checked as one when the provider is saved). */
const certificateText = z.string().trim().min(1).max(20_000);

/**
 * A SAML 2.0 identity provider: its metadata XML (entity id, sign-in and sign-out addresses and
 * signing certificates are read from it), or those given one by one.
 */
export const samlProviderFields = {
  key: providerKey,
  name: requiredText(100),
  /** The identity provider's metadata (EntityDescriptor) as XML; its values win over those given alone. */
  metadataXml: z.string().trim().min(1).max(500_000).optional(),
  metadataUrl: httpsUrl
    .optional()
    .describe(
      'Where the identity provider publishes its metadata: fetched when the provider is saved (bounded in time and size), instead of giving metadataXml',
    ),
  entityId: z.string().trim().min(1).max(500).optional(),
  ssoUrl: httpsUrl.optional(),
  sloUrl: httpsUrl.nullish(),
  certificate: certificateText.optional(),
  enabled: z.boolean().default(true),
  /** Link an existing account with the same e-mail address (the identity provider vouches for its mail attribute). */
  linkByVerifiedEmail: z.boolean().default(false),
  defaultRole: z.enum(roles).default('viewer'),
  defaultUnitId: nullableUuid,
  rules: mappingRules.default([]),
};
export const createSamlProviderBody = z.object(samlProviderFields);
export type CreateSamlProvider = z.infer<typeof createSamlProviderBody>;

/** Every field but the key may change; `clientSecret` absent keeps the stored one, null removes it. */
export const updateSignOnProviderBody = z.object({
  /** SAML only: new metadata, or single values (absent keeps what is stored). */
  metadataXml: samlProviderFields.metadataXml,
  metadataUrl: samlProviderFields.metadataUrl,
  entityId: samlProviderFields.entityId,
  ssoUrl: samlProviderFields.ssoUrl,
  sloUrl: httpsUrl.nullable().optional(),
  certificate: samlProviderFields.certificate,
  name: requiredText(100).optional(),
  issuer: issuerUrl.optional(),
  clientId: requiredText(300).optional(),
  clientSecret: z.string().min(1).max(500).nullable().optional(),
  scopes: scopes.optional(),
  enabled: z.boolean().optional(),
  linkByVerifiedEmail: z.boolean().optional(),
  defaultRole: z.enum(roles).optional(),
  defaultUnitId: z.uuid().nullable().optional(),
  rules: mappingRules.optional(),
});
export type UpdateSignOnProvider = z.infer<typeof updateSignOnProviderBody>;

export const signOnProviderList = z.object({
  items: z.array(signOnProviderSchema).max(100),
  environment: z.array(environmentProviderSchema).max(20),
  /** Whether RAPPORT_SECRET_KEY is set, so client secrets can be stored. */
  canStoreSecrets: z.boolean(),
});

/** What the sign-in page needs: a button per enabled provider, and whether passwords are taken. */
export const signInOptionsSchema = z.object({
  providers: z
    .array(
      z.object({ key: z.string().max(40), name: z.string().max(100), protocol: z.enum(signOnProtocols) }),
    )
    .max(100),
  passwords: z.enum(['everyone', 'break_glass_only']),
});

export const signInPolicySchema = z.object({
  passwords: z.enum(passwordPolicies),
  /** The one administrator who may still use a password when passwords are off. */
  breakGlassUserId: z.uuid().nullable(),
  version: z.int32(),
});
export const signInPolicyBody = z.object({
  passwords: z.enum(passwordPolicies),
  breakGlassUserId: nullableUuid,
});
export type SignInPolicy = z.infer<typeof signInPolicyBody>;

export const signOnStartQuery = z.object({
  /** Where to go after signing in: a path in the web app. */
  returnTo: z
    .string()
    .max(500)
    .regex(/^\/(?![/\\])[^\s]*$/, 'must be a path in Rapport, such as /partners')
    .optional(),
});

export const signOnCallbackQuery = z.object({
  code: z.string().max(2000).optional(),
  state: z.string().max(200).optional(),
  error: z.string().max(200).optional(),
  error_description: z.string().max(1000).optional(),
  iss: z.string().max(500).optional(),
  session_state: z.string().max(500).optional(),
});

/** What the identity provider posts to the assertion consumer service (HTTP-POST binding). */
export const samlPostBody = z.object({
  SAMLResponse: z.string().max(400_000),
  RelayState: z.string().max(200).optional(),
});

export const signOnLogoutSchema = z.object({
  /** The provider's end-session address to send the browser to, when it has one. */
  endSessionUrl: z.string().max(4000).nullable(),
});

/** Why a sign-on failed, as the sign-in page says it (the callback redirects with `?sign-on-error=`). */
export const signOnErrors = {
  failed: 'Signing in with your university account did not work. Please try again.',
  expired: 'The sign-in took too long or was started in another browser. Please try again.',
  refused: 'Your university account did not let Rapport sign you in.',
  deactivated: 'Your Rapport account has been deactivated. Ask an administrator if you need it again.',
  not_linked:
    'A Rapport account with your e-mail address already exists but is not linked to your university account. Ask an administrator to link it.',
  no_email: 'Your university account did not give Rapport an e-mail address, so no account could be made.',
  unavailable: 'That sign-in option is not available.',
  untrusted:
    "The answer from your university's sign-in service was not signed by the identity provider Rapport trusts, so it was refused.",
  misdirected:
    "The answer from your university's sign-in service was meant for another service, so it was refused.",
  stale: "The answer from your university's sign-in service has expired. Please sign in again.",
  replayed: 'That sign-in answer has been used already. Please sign in again.',
} as const;
export type SignOnError = keyof typeof signOnErrors;
