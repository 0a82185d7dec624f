import type {
  CreateSamlProvider,
  CreateSignOnProvider,
  EnvironmentProviderDto,
  MappingRule,
  SignOnProviderDto,
  UpdateSignOnProvider,
} from '../../../../common/src/contracts/sign-on.ts';
import type { Role } from '../../../../common/src/labels/users.ts';
import type { Config } from '../../config.ts';
import type { Executor } from '../../db/client.ts';
import { AppError, forbidden, invalid, notFound } from '../../errors.ts';
import type { Ctx } from '../../lib/context.ts';
import { isAdministrator } from '../access/actor.ts';
import { historyOf } from '../audit/audit.service.ts';
import type { EnvironmentProvider, EnvironmentSamlProvider } from './environment-providers.ts';
import {
  fetchIdentityProviderMetadata,
  type IdentityProviderSettings,
  readIdentityProviderMetadata,
  toPem,
} from './idp-metadata.ts';
import type { ResolvedRule } from './mapping.ts';
import { type SamlSettings, serviceAddresses, serviceMetadata } from './saml.ts';
import { decryptSecret, encryptSecret } from './secret-box.ts';
import {
  existingUnitIds,
  findProviderByKey,
  listProviderRows,
  type ProviderRow,
  presentProviderRow,
  providerStore,
  unitIdsByName,
} from './sign-on.repository.ts';

type ResolvedCommon = {
  key: string;
  name: string;
  linkByVerifiedEmail: boolean;
  defaultRole: Role;
  defaultUnitId: string | null;
  rules: ResolvedRule[];
};
/** An OpenID Connect provider ready for a sign-in: its secret in the clear and its rules' units as ids. */
export type ResolvedOidcProvider = ResolvedCommon & {
  protocol: 'oidc';
  issuer: string;
  clientId: string;
  clientSecret: string | null;
  scopes: string;
};
/** A SAML provider ready for a sign-in: the identity provider's addresses and the certificates trusted. */
export type ResolvedSamlProvider = ResolvedCommon & { protocol: 'saml'; saml: SamlSettings };
export type ResolvedProvider = ResolvedOidcProvider | ResolvedSamlProvider;

/** The address a provider sends the browser back to. */
export const callbackUrl = (baseUrl: string, key: string) =>
  // As a URL writes it (a default port left out), so the address sent and the one checked are the same text.
  new URL(`${baseUrl.replace(/\/+$/, '')}/api/v1/sign-on/${key}/callback`).href;

const mustAdminister = (ctx: Ctx) => {
  if (!isAdministrator(ctx.actor)) throw forbidden('Only administrators manage single sign-on');
};

/** Buttons for the sign-in page: every provider configured by environment, then the enabled stored ones. */
export async function providerButtons(db: Executor, config: Config) {
  const stored = (await listProviderRows(db)).filter(
    (row) => row.enabled && !environmentKeys(config).includes(row.key),
  );
  return [
    ...config.signOnProviders.filter((p) => p.enabled).map((p) => ({ ...p, protocol: 'oidc' as const })),
    ...config.samlProviders.filter((p) => p.enabled).map((p) => ({ ...p, protocol: 'saml' as const })),
    ...stored,
  ].map((p) => ({ key: p.key, name: p.name, protocol: p.protocol }));
}

/** The keys of the providers configured by environment: they win over a stored one of the same key. */
const environmentKeys = (config: Config) => [
  ...config.signOnProviders.map((p) => p.key),
  ...config.samlProviders.map((p) => p.key),
];

/** A SAML provider from the environment, ready to sign someone in (units found by name). */
async function resolveEnvironmentSaml(
  db: Executor,
  config: Config,
  p: EnvironmentSamlProvider,
): Promise<ResolvedSamlProvider> {
  const names = [p.defaultUnit, ...p.rules.map((r) => r.unit)].filter((n): n is string => n !== null);
  const ids = await unitIdsByName(db, names);
  const idOf = (name: string | null) => (name ? (ids.get(name) ?? null) : null);
  return {
    protocol: 'saml',
    key: p.key,
    name: p.name,
    linkByVerifiedEmail: p.linkByVerifiedEmail,
    defaultRole: p.defaultRole,
    defaultUnitId: idOf(p.defaultUnit),
    rules: p.rules.map((r) => ({ claim: r.claim, value: r.value, role: r.role, unitId: idOf(r.unit) })),
    saml: {
      key: p.key,
      ...p.saml,
      ...(config.samlServiceKey ? { serviceKey: config.samlServiceKey } : {}),
    },
  };
}

async function resolveEnvironment(db: Executor, p: EnvironmentProvider): Promise<ResolvedProvider> {
  const names = [p.defaultUnit, ...p.rules.map((r) => r.unit)].filter((n): n is string => n !== null);
  const ids = await unitIdsByName(db, names);
  const idOf = (name: string | null) => (name ? (ids.get(name) ?? null) : null);
  return {
    protocol: 'oidc',
    key: p.key,
    name: p.name,
    issuer: p.issuer,
    clientId: p.clientId,
    clientSecret: p.clientSecret,
    scopes: p.scopes,
    linkByVerifiedEmail: p.linkByVerifiedEmail,
    defaultRole: p.defaultRole,
    defaultUnitId: idOf(p.defaultUnit),
    rules: p.rules.map((r) => ({ claim: r.claim, value: r.value, role: r.role, unitId: idOf(r.unit) })),
  };
}

/** The enabled provider with this key, ready to sign someone in; null when there is none. */
export async function resolveProvider(
  db: Executor,
  config: Config,
  key: string,
): Promise<ResolvedProvider | null> {
  const fromEnvironment = config.signOnProviders.find((p) => p.key === key);
  if (fromEnvironment) return fromEnvironment.enabled ? resolveEnvironment(db, fromEnvironment) : null;
  const samlFromEnvironment = config.samlProviders.find((p) => p.key === key);
  if (samlFromEnvironment)
    return samlFromEnvironment.enabled ? resolveEnvironmentSaml(db, config, samlFromEnvironment) : null;
  const row = await findProviderByKey(db, key);
  if (!row?.enabled) return null;
  // A unit removed since the rule was written gives no unit (rather than an account in no unit that exists).
  const units = await existingUnitIds(
    db,
    [row.defaultUnitId, ...row.rules.map((r) => r.unitId)].filter((id) => id !== null),
  );
  const unitOf = (id: string | null) => (id && units.has(id) ? id : null);
  const common = {
    key,
    name: row.name,
    linkByVerifiedEmail: row.linkByVerifiedEmail,
    defaultRole: row.defaultRole,
    defaultUnitId: unitOf(row.defaultUnitId),
    rules: row.rules.map((r) => ({ ...r, unitId: unitOf(r.unitId) })),
  };
  if (row.protocol === 'saml') {
    return {
      ...common,
      protocol: 'saml',
      saml: {
        key,
        entityId: row.issuer,
        ssoUrl: row.ssoUrl ?? '',
        sloUrl: row.sloUrl,
        certificates: row.idpCertificates ?? [],
        ...(config.samlServiceKey ? { serviceKey: config.samlServiceKey } : {}),
      },
    };
  }
  let clientSecret: string | null = null;
  if (row.clientSecretEncrypted) {
    clientSecret = config.secretKey ? decryptSecret(config.secretKey, row.clientSecretEncrypted) : null;
    if (clientSecret === null) {
      throw new AppError(
        'conflict',
        `The client secret of ${row.name} cannot be read: was RAPPORT_SECRET_KEY changed?`,
      );
    }
  }
  return {
    ...common,
    protocol: 'oidc',
    issuer: row.issuer,
    clientId: row.clientId ?? '',
    clientSecret,
    scopes: row.scopes ?? 'openid',
  };
}

function presentStored(row: ReturnType<typeof presentProviderRow>, baseUrl: string): SignOnProviderDto {
  if (!row.saml) return { ...row, saml: null, redirectUri: callbackUrl(baseUrl, row.key) };
  const { serviceEntityId, acsUrl } = serviceAddresses(baseUrl, row.key);
  return { ...row, saml: { ...row.saml, serviceEntityId, acsUrl }, redirectUri: acsUrl };
}

const presentEnvironment = (p: EnvironmentProvider, baseUrl: string): EnvironmentProviderDto => ({
  key: p.key,
  name: p.name,
  protocol: 'oidc',
  issuer: p.issuer,
  clientId: p.clientId,
  hasClientSecret: p.clientSecret !== null,
  scopes: p.scopes,
  enabled: p.enabled,
  linkByVerifiedEmail: p.linkByVerifiedEmail,
  defaultRole: p.defaultRole,
  defaultUnit: p.defaultUnit,
  rules: p.rules,
  redirectUri: callbackUrl(baseUrl, p.key),
});

const presentEnvironmentSaml = (p: EnvironmentSamlProvider, baseUrl: string): EnvironmentProviderDto => ({
  key: p.key,
  name: p.name,
  protocol: 'saml',
  issuer: p.saml.entityId,
  clientId: null,
  hasClientSecret: false,
  scopes: null,
  enabled: p.enabled,
  linkByVerifiedEmail: p.linkByVerifiedEmail,
  defaultRole: p.defaultRole,
  defaultUnit: p.defaultUnit,
  rules: p.rules,
  redirectUri: serviceAddresses(baseUrl, p.key).acsUrl,
});

export async function listProviders(ctx: Ctx, config: Config, baseUrl: string) {
  mustAdminister(ctx);
  const rows = await listProviderRows(ctx.db);
  return {
    items: rows.map((row) => presentStored(presentProviderRow(row), baseUrl)),
    environment: [
      ...config.signOnProviders.map((p) => presentEnvironment(p, baseUrl)),
      ...config.samlProviders.map((p) => presentEnvironmentSaml(p, baseUrl)),
    ],
    canStoreSecrets: config.secretKey !== undefined,
  };
}

async function checkUnits(
  db: Executor,
  defaultUnitId: string | null | undefined,
  rules: MappingRule[] | undefined,
) {
  const wanted = [defaultUnitId ?? null, ...(rules ?? []).map((r) => r.unitId)].filter(
    (id): id is string => id !== null,
  );
  const found = await existingUnitIds(db, wanted);
  if (defaultUnitId && !found.has(defaultUnitId)) throw invalid('defaultUnitId', 'is not a unit');
  const missing = (rules ?? []).findIndex((r) => r.unitId !== null && !found.has(r.unitId));
  if (missing >= 0) throw invalid(`rules.${missing}.unitId`, 'is not a unit');
}

function sealSecret(config: Config, secret: string | null) {
  if (secret === null) return null;
  if (!config.secretKey) {
    throw invalid('clientSecret', 'cannot be stored until RAPPORT_SECRET_KEY is set in the configuration');
  }
  return encryptSecret(config.secretKey, secret);
}

async function findStored(db: Executor, id: string) {
  const row = await providerStore.find(db, id);
  if (!row) throw notFound('Sign-on provider');
  return row as ProviderRow;
}

export async function createProvider(ctx: Ctx, config: Config, baseUrl: string, input: CreateSignOnProvider) {
  mustAdminister(ctx);
  if (environmentKeys(config).includes(input.key)) {
    throw invalid('key', 'is the key of a provider configured by environment');
  }
  await checkUnits(ctx.db, input.defaultUnitId, input.rules);
  const clientSecretEncrypted = sealSecret(config, input.clientSecret);
  const created = await ctx.db.transaction(async (tx) => {
    if (await findProviderByKey(tx, input.key)) throw invalid('key', 'is taken by another provider');
    const {
      key,
      name,
      issuer,
      clientId,
      scopes,
      enabled,
      linkByVerifiedEmail,
      defaultRole,
      defaultUnitId,
      rules,
    } = input;
    return providerStore.create(tx, ctx, {
      key,
      name,
      protocol: 'oidc',
      issuer,
      clientId,
      clientSecretEncrypted,
      scopes,
      ssoUrl: null,
      sloUrl: null,
      idpCertificates: null,
      enabled,
      linkByVerifiedEmail,
      defaultRole,
      defaultUnitId,
      rules,
    });
  });
  return presentStored(created, baseUrl);
}

const OIDC_ONLY = ['issuer', 'clientId', 'clientSecret', 'scopes'] as const;
const SAML_ONLY = ['metadataXml', 'metadataUrl', 'entityId', 'ssoUrl', 'sloUrl', 'certificate'] as const;

type Metadata = { xml: string; field: 'metadataXml' | 'metadataUrl' } | undefined;

/**
 * The metadata given: its XML, or fetched from its address (before any transaction: a slow
 * identity provider holds no lock), each named by its own field when it is refused.
 */
async function metadataOf(
  config: Config,
  input: { metadataXml?: string; metadataUrl?: string },
): Promise<Metadata> {
  if (input.metadataUrl === undefined)
    return input.metadataXml === undefined ? undefined : { xml: input.metadataXml, field: 'metadataXml' };
  if (input.metadataXml !== undefined)
    throw invalid('metadataUrl', 'give the metadata XML or its address, not both');
  return {
    xml: await fetchIdentityProviderMetadata(input.metadataUrl, config.samlMetadata),
    field: 'metadataUrl',
  };
}

const isLocalOrHttps = (url: string) =>
  url.startsWith('https://') || /^http:\/\/(127\.0\.0\.1|localhost|\[::1\])[:/]/.test(url);

/**
 * The identity provider's settings: from its metadata when given (its values win), else from the
 * single values, over what is stored (`stored`, when changing).
 */
function samlSettingsFrom(
  input: Pick<CreateSamlProvider, 'entityId' | 'ssoUrl' | 'sloUrl' | 'certificate'>,
  metadata: Metadata,
  stored?: IdentityProviderSettings,
): IdentityProviderSettings {
  if (metadata) {
    const read = readIdentityProviderMetadata(metadata.xml, metadata.field);
    for (const url of [read.ssoUrl, read.sloUrl]) {
      if (url && (!URL.canParse(url) || !isLocalOrHttps(url) || url.length > 1000)) {
        throw invalid(
          metadata.field,
          `gives the address ${url.slice(0, 100)}, which is not an https:// address`,
        );
      }
    }
    return read;
  }
  let certificates = stored?.certificates;
  if (input.certificate !== undefined) {
    const pem = toPem(input.certificate);
    if (!pem) throw invalid('certificate', 'is not an X.509 certificate (PEM or base64)');
    certificates = [pem];
  }
  const entityId = input.entityId ?? stored?.entityId;
  const ssoUrl = input.ssoUrl ?? stored?.ssoUrl;
  if (!entityId) throw invalid('entityId', 'is needed (or the metadata XML)');
  if (!ssoUrl) throw invalid('ssoUrl', 'is needed (or the metadata XML)');
  if (!certificates) throw invalid('certificate', 'is needed (or the metadata XML)');
  return {
    entityId,
    ssoUrl,
    sloUrl: input.sloUrl === undefined ? (stored?.sloUrl ?? null) : input.sloUrl,
    certificates,
  };
}

/** Adds a SAML 2.0 identity provider, configured by its metadata or by entity id, address and certificate. */
export async function createSamlProvider(
  ctx: Ctx,
  config: Config,
  baseUrl: string,
  input: CreateSamlProvider,
) {
  mustAdminister(ctx);
  if (environmentKeys(config).includes(input.key)) {
    throw invalid('key', 'is the key of a provider configured by environment');
  }
  const settings = samlSettingsFrom(input, await metadataOf(config, input));
  await checkUnits(ctx.db, input.defaultUnitId, input.rules);
  const created = await ctx.db.transaction(async (tx) => {
    if (await findProviderByKey(tx, input.key)) throw invalid('key', 'is taken by another provider');
    const { key, name, enabled, linkByVerifiedEmail, defaultRole, defaultUnitId, rules } = input;
    return providerStore.create(tx, ctx, {
      key,
      name,
      protocol: 'saml',
      issuer: settings.entityId,
      clientId: null,
      clientSecretEncrypted: null,
      scopes: null,
      ssoUrl: settings.ssoUrl,
      sloUrl: settings.sloUrl,
      idpCertificates: settings.certificates,
      enabled,
      linkByVerifiedEmail,
      defaultRole,
      defaultUnitId,
      rules,
    });
  });
  return presentStored(created, baseUrl);
}

export async function changeProvider(
  ctx: Ctx,
  config: Config,
  baseUrl: string,
  id: string,
  version: number,
  input: UpdateSignOnProvider,
) {
  mustAdminister(ctx);
  await checkUnits(ctx.db, input.defaultUnitId, input.rules);
  const metadata = await metadataOf(config, input);
  const changed = await ctx.db.transaction(async (tx) => {
    const row = await findStored(tx, id);
    const before = presentProviderRow(row);
    const { name, enabled, linkByVerifiedEmail, defaultRole, defaultUnitId, rules } = input;
    const common = { name, enabled, linkByVerifiedEmail, defaultRole, defaultUnitId, rules };
    const foreign = (row.protocol === 'saml' ? OIDC_ONLY : SAML_ONLY).find((f) => input[f] !== undefined);
    if (foreign) {
      throw invalid(
        foreign,
        `is not a setting of ${row.protocol === 'saml' ? 'a SAML' : 'an OpenID Connect'} provider`,
      );
    }
    if (row.protocol === 'saml') {
      const touched = SAML_ONLY.some((f) => input[f] !== undefined);
      const settings = touched
        ? samlSettingsFrom(input, metadata, {
            entityId: row.issuer,
            ssoUrl: row.ssoUrl ?? '',
            sloUrl: row.sloUrl,
            certificates: row.idpCertificates ?? [],
          })
        : null;
      return providerStore.update(
        tx,
        ctx,
        id,
        version,
        {
          ...common,
          issuer: settings?.entityId,
          clientId: undefined,
          clientSecretEncrypted: undefined,
          scopes: undefined,
          ssoUrl: settings?.ssoUrl,
          sloUrl: settings?.sloUrl,
          idpCertificates: settings?.certificates,
        },
        { before },
      );
    }
    const clientSecretEncrypted =
      input.clientSecret === undefined ? undefined : sealSecret(config, input.clientSecret);
    const { issuer, clientId, scopes } = input;
    return providerStore.update(
      tx,
      ctx,
      id,
      version,
      {
        ...common,
        issuer,
        clientId,
        clientSecretEncrypted,
        scopes,
        ssoUrl: undefined,
        sloUrl: undefined,
        idpCertificates: undefined,
      },
      { before },
    );
  });
  return presentStored(changed, baseUrl);
}

/** Rapport's service-provider metadata for the SAML provider with this key (enabled or not: it is needed to set the provider up). */
export async function samlMetadataOf(db: Executor, config: Config, key: string, baseUrl: string) {
  const fromEnvironment = config.samlProviders.find((p) => p.key === key);
  if (fromEnvironment)
    return serviceMetadata(
      {
        key,
        ...fromEnvironment.saml,
        ...(config.samlServiceKey ? { serviceKey: config.samlServiceKey } : {}),
      },
      baseUrl,
    );
  const row = await findProviderByKey(db, key);
  if (row?.protocol !== 'saml') throw notFound('SAML provider');
  return serviceMetadata(
    {
      key,
      entityId: row.issuer,
      ssoUrl: row.ssoUrl ?? '',
      sloUrl: row.sloUrl,
      certificates: row.idpCertificates ?? [],
      ...(config.samlServiceKey ? { serviceKey: config.samlServiceKey } : {}),
    },
    baseUrl,
  );
}

export async function getProvider(ctx: Ctx, baseUrl: string, id: string) {
  mustAdminister(ctx);
  return presentStored(presentProviderRow(await findStored(ctx.db, id)), baseUrl);
}

/** Removing a provider leaves its users; they sign in another way (or through a provider with the same key later). */
export async function removeProvider(ctx: Ctx, id: string, version: number) {
  mustAdminister(ctx);
  await ctx.db.transaction(async (tx) => {
    const before = presentProviderRow(await findStored(tx, id));
    await providerStore.remove(tx, ctx, id, version, { before });
  });
}

export async function providerHistory(ctx: Ctx, id: string, query: { limit: number; cursor?: string }) {
  mustAdminister(ctx);
  await findStored(ctx.db, id);
  return historyOf(ctx, 'sign_on_provider', id, query);
}
