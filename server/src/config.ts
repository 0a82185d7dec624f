import { createPrivateKey, type KeyObject, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import path from 'node:path';
import { z } from 'zod';
import { DEFAULT_ATTACHMENT_TYPES } from '../../common/src/contracts/attachments.ts';
import { isWeakPassword, WEAK_PASSWORD_MESSAGE } from './modules/auth/password-strength.ts';
import {
  type EnvironmentProvider,
  type EnvironmentSamlProvider,
  type EnvironmentSamlProviderInput,
  environmentProviders,
  environmentSamlProviders,
} from './modules/sign-on/environment-providers.ts';
import { readIdentityProviderMetadata, toPem } from './modules/sign-on/idp-metadata.ts';

/** The only reader of process.env: every setting Rapport takes, validated at boot. */
const booleanFlag = z
  .enum(['0', '1', 'true', 'false', 'yes', 'no'])
  .transform((v) => v === '1' || v === 'true' || v === 'yes');

/** An address, a CIDR range, or one of proxy-addr's names (loopback, linklocal, uniquelocal). */
function isProxyAddress(entry: string): boolean {
  if (['loopback', 'linklocal', 'uniquelocal'].includes(entry)) return true;
  const [address = '', prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  return prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128));
}

/** 0 (or unset) trusts no proxy; a number trusts that many hops; a list trusts those proxies only. */
const trustProxySetting = z.string().transform((value, ctx): false | number | string[] => {
  if (/^(0|false|no)$/.test(value)) return false;
  if (/^\d{1,2}$/.test(value)) return Number(value);
  const entries = value.split(',').map((entry) => entry.trim());
  if (entries.every((entry) => entry !== '' && isProxyAddress(entry))) return entries;
  ctx.addIssue({
    code: 'custom',
    message:
      'give the number of reverse proxies in front of Rapport (e.g. 1), or their addresses or CIDR ranges separated by commas (e.g. 10.0.0.5,10.1.0.0/16); "true" is not accepted because it would believe any X-Forwarded-For a client writes',
  });
  return z.NEVER;
});

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  RAPPORT_DATA_DIR: z.string().min(1).default('./data'),
  RAPPORT_DEMO: booleanFlag.default(true),
  RAPPORT_ADMIN_EMAIL: z.email().optional(),
  RAPPORT_ADMIN_PASSWORD: z
    .string()
    .min(12, 'must be at least 12 characters')
    .refine((password) => !isWeakPassword(password), WEAK_PASSWORD_MESSAGE)
    .optional(),
  RAPPORT_PUBLIC_URL: z.url().optional(),
  RAPPORT_TRUST_PROXY: trustProxySetting.default(false),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL')
    .optional(),
  SMTP_FROM: z.string().min(3).default('Rapport <rapport@localhost>'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_FORMAT: z.enum(['auto', 'json', 'pretty']).default('auto'),
  RAPPORT_SESSION_IDLE_MINUTES: z.coerce.number().int().positive().default(120),
  RAPPORT_SESSION_MAX_HOURS: z.coerce.number().int().positive().default(12),
  RAPPORT_DB_STATEMENT_TIMEOUT_SECONDS: z.coerce.number().int().min(0).default(30),
  RAPPORT_DB_IDLE_IN_TRANSACTION_TIMEOUT_SECONDS: z.coerce.number().int().min(0).default(60),
  RAPPORT_DB_CONNECT_TIMEOUT_SECONDS: z.coerce.number().int().positive().default(10),
  RAPPORT_SHUTDOWN_TIMEOUT_SECONDS: z.coerce.number().int().positive().default(20),
  RAPPORT_IDEMPOTENCY_LEASE_SECONDS: z.coerce.number().int().min(3).max(3600).default(60),
  RAPPORT_TRANSACTION_GUARD: z.enum(['auto', 'on', 'off']).default('auto'),
  RAPPORT_PGLITE_PREPARED: booleanFlag.default(true),
  RAPPORT_ATTACHMENTS_DIR: z.string().min(1).default('./attachments'),
  RAPPORT_ATTACHMENT_MAX_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(25 * 1024 * 1024),
  RAPPORT_IMPORT_PARTNER_SIMILARITY: z.coerce.number().min(0.3).max(1).default(0.6),
  RAPPORT_SAML_METADATA_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(120).default(10),
  RAPPORT_SAML_METADATA_MAX_BYTES: z.coerce.number().int().min(1000).max(50_000_000).default(1_000_000),
  RAPPORT_ATTACHMENT_TYPES: z
    .string()
    .transform((value) => value.split(',').map((type) => type.trim().toLowerCase()))
    .pipe(
      z
        .array(
          z
            .string()
            .regex(
              /^[a-z]+\/[a-z0-9.+-]+$/,
              'must be media types separated by commas (application/pdf,image/png)',
            ),
        )
        .min(1),
    )
    .default([...DEFAULT_ATTACHMENT_TYPES]),
  RAPPORT_SECRET_KEY: z
    .string()
    .min(32, 'must be at least 32 characters (for example: openssl rand -base64 32)')
    .optional(),
  RAPPORT_SIGN_ON_PROVIDERS: environmentProviders.optional(),
  RAPPORT_SAML_PROVIDERS: environmentSamlProviders.optional(),
  /** Rapport's own SAML key pair (PEM files): AuthnRequests are signed with it. */
  RAPPORT_SAML_SP_KEY_FILE: z.string().min(1).optional(),
  RAPPORT_SAML_SP_CERTIFICATE_FILE: z.string().min(1).optional(),
});

/** Reads each SAML provider's metadata or certificate file; a ConfigError names the provider and what is wrong. */
function samlProvidersFrom(
  list: EnvironmentSamlProviderInput[],
  oidcKeys: string[],
): EnvironmentSamlProvider[] {
  return list.map((p) => {
    const bad = (why: string) =>
      new ConfigError(`Invalid configuration:\n  RAPPORT_SAML_PROVIDERS: the provider "${p.key}" ${why}`);
    if (oidcKeys.includes(p.key)) throw bad('has the key of a provider in RAPPORT_SIGN_ON_PROVIDERS');
    const read = (file: string) => {
      try {
        return readFileSync(file, 'utf8');
      } catch (error) {
        throw bad(`cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
      }
    };
    const { metadataFile, entityId, ssoUrl, sloUrl, certificateFile, ...rest } = p;
    if (metadataFile !== undefined) {
      try {
        return { ...rest, saml: readIdentityProviderMetadata(read(metadataFile), 'metadataFile') };
      } catch (error) {
        if (error instanceof ConfigError) throw error;
        const message = (error as { extra?: { errors?: { message: string }[] } }).extra?.errors?.[0]?.message;
        throw bad(`has a metadataFile that ${message ?? 'cannot be read as metadata'}`);
      }
    }
    const certificate = toPem(read(certificateFile!));
    if (!certificate) throw bad(`has a certificateFile that is not an X.509 certificate`);
    return { ...rest, saml: { entityId: entityId!, ssoUrl: ssoUrl!, sloUrl, certificates: [certificate] } };
  });
}

/** Reads Rapport's SAML key pair; a ConfigError says what is wrong with it. */
function serviceKeyPair(keyFile: string | undefined, certificateFile: string | undefined) {
  if (keyFile === undefined && certificateFile === undefined) return undefined;
  const bad = (why: string) => new ConfigError(`Invalid configuration:\n  ${why}`);
  if (keyFile === undefined || certificateFile === undefined)
    throw bad('RAPPORT_SAML_SP_KEY_FILE and RAPPORT_SAML_SP_CERTIFICATE_FILE must be set together');
  const read = (name: string, file: string) => {
    try {
      return readFileSync(file, 'utf8');
    } catch (error) {
      throw bad(`${name}: cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    }
  };
  const privateKey = read('RAPPORT_SAML_SP_KEY_FILE', keyFile);
  const certificate = read('RAPPORT_SAML_SP_CERTIFICATE_FILE', certificateFile);
  let key: KeyObject;
  try {
    key = createPrivateKey(privateKey);
  } catch {
    throw bad('RAPPORT_SAML_SP_KEY_FILE: is not a PEM private key');
  }
  let x509: X509Certificate;
  try {
    x509 = new X509Certificate(certificate);
  } catch {
    throw bad('RAPPORT_SAML_SP_CERTIFICATE_FILE: is not a PEM X.509 certificate');
  }
  if (!x509.checkPrivateKey(key))
    throw bad('RAPPORT_SAML_SP_CERTIFICATE_FILE: is not the certificate of RAPPORT_SAML_SP_KEY_FILE');
  return { privateKey, certificate };
}

export type Config = {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  demo: boolean;
  admin: { email: string; password: string } | undefined;
  publicUrl: string | undefined;
  /**
   * Which X-Forwarded-For hops to believe: none (false), the last n hops, or only those added by
   * these proxy addresses/CIDRs (safer: a hop count also believes a client that reaches Rapport
   * directly, bypassing the proxy).
   */
  trustProxy: false | number | string[];
  /** Outgoing e-mail; undefined (e-mail off) when SMTP_URL is unset. */
  smtp: { url: string; from: string } | undefined;
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  /** `auto`: readable lines on a terminal, JSON otherwise. */
  logFormat: z.infer<typeof envSchema>['LOG_FORMAT'];
  session: { idleMinutes: number; maxHours: number };
  /** PostgreSQL time limits (0 turns the statement or idle-in-transaction limit off). */
  databaseTimeouts: { statementMs: number; idleInTransactionMs: number; connectMs: number };
  /** Refuse root-database queries inside transaction callbacks (db/transaction-guard.ts). */
  transactionGuard: boolean;
  /** Named (prepared) statements on the embedded database (db/pglite-prepared.ts); on unless turned off. */
  pglitePrepared: boolean;
  /** On SIGTERM, how long in-flight requests may take before the process exits anyway. */
  shutdownTimeoutMs: number;
  /** How long an Idempotency-Key claim without an answer stays held before a retry may take it over. */
  idempotencyLeaseSeconds: number;
  /**
   * Files attached to records: the folder they are kept in (never inside the PGlite data folder,
   * which a restore empties), the largest file taken, and the media types taken (checked from the bytes).
   */
  attachments: { dir: string; maxBytes: number; types: string[] };
  /** Encrypts secrets kept in the database (sign-on client secrets); undefined: none can be stored. */
  secretKey: string | undefined;
  /** Identity providers configured by environment (RAPPORT_SIGN_ON_PROVIDERS, a JSON array). */
  signOnProviders: EnvironmentProvider[];
  /** SAML identity providers configured by environment (RAPPORT_SAML_PROVIDERS), their files read at start. */
  samlProviders: EnvironmentSamlProvider[];
  /** Rapport's SAML key pair (PEM): AuthnRequests are signed with it and its certificate is in the metadata. */
  samlServiceKey: { privateKey: string; certificate: string } | undefined;
  /** A SAML identity provider's metadata fetched from its address: how long it may take, and how large it may be. */
  samlMetadata: { timeoutMs: number; maxBytes: number };
  /** Imports: how close (pg_trgm similarity, 0–1) a partner's name must be to an imported one to be offered as the same. */
  imports: { partnerSimilarity: number };
};

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Reads and validates the environment; throws a ConfigError naming each bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(
    Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== '')),
  );
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  if ((e.RAPPORT_ADMIN_EMAIL === undefined) !== (e.RAPPORT_ADMIN_PASSWORD === undefined)) {
    throw new ConfigError(
      'Invalid configuration:\n  RAPPORT_ADMIN_EMAIL and RAPPORT_ADMIN_PASSWORD must be set together',
    );
  }
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir: path.resolve(e.RAPPORT_DATA_DIR),
    demo: e.RAPPORT_DEMO,
    admin:
      e.RAPPORT_ADMIN_EMAIL && e.RAPPORT_ADMIN_PASSWORD
        ? { email: e.RAPPORT_ADMIN_EMAIL.toLowerCase(), password: e.RAPPORT_ADMIN_PASSWORD }
        : undefined,
    publicUrl: e.RAPPORT_PUBLIC_URL,
    trustProxy: e.RAPPORT_TRUST_PROXY,
    smtp: e.SMTP_URL ? { url: e.SMTP_URL, from: e.SMTP_FROM } : undefined,
    logLevel: e.LOG_LEVEL,
    logFormat: e.LOG_FORMAT,
    session: { idleMinutes: e.RAPPORT_SESSION_IDLE_MINUTES, maxHours: e.RAPPORT_SESSION_MAX_HOURS },
    databaseTimeouts: {
      statementMs: e.RAPPORT_DB_STATEMENT_TIMEOUT_SECONDS * 1000,
      idleInTransactionMs: e.RAPPORT_DB_IDLE_IN_TRANSACTION_TIMEOUT_SECONDS * 1000,
      connectMs: e.RAPPORT_DB_CONNECT_TIMEOUT_SECONDS * 1000,
    },
    shutdownTimeoutMs: e.RAPPORT_SHUTDOWN_TIMEOUT_SECONDS * 1000,
    idempotencyLeaseSeconds: e.RAPPORT_IDEMPOTENCY_LEASE_SECONDS,
    attachments: {
      dir: path.resolve(e.RAPPORT_ATTACHMENTS_DIR),
      maxBytes: e.RAPPORT_ATTACHMENT_MAX_BYTES,
      types: [...new Set(e.RAPPORT_ATTACHMENT_TYPES)],
    },
    secretKey: e.RAPPORT_SECRET_KEY,
    signOnProviders: e.RAPPORT_SIGN_ON_PROVIDERS ?? [],
    samlProviders: samlProvidersFrom(
      e.RAPPORT_SAML_PROVIDERS ?? [],
      (e.RAPPORT_SIGN_ON_PROVIDERS ?? []).map((p) => p.key),
    ),
    imports: { partnerSimilarity: e.RAPPORT_IMPORT_PARTNER_SIMILARITY },
    samlServiceKey: serviceKeyPair(e.RAPPORT_SAML_SP_KEY_FILE, e.RAPPORT_SAML_SP_CERTIFICATE_FILE),
    samlMetadata: {
      timeoutMs: e.RAPPORT_SAML_METADATA_TIMEOUT_SECONDS * 1000,
      maxBytes: e.RAPPORT_SAML_METADATA_MAX_BYTES,
    },
    // auto: on for the embedded database (a root query inside a transaction would hang it for
    // good), off on PostgreSQL, where it costs throughput and the database's timeouts end it.
    transactionGuard:
      e.RAPPORT_TRANSACTION_GUARD === 'on' || (e.RAPPORT_TRANSACTION_GUARD === 'auto' && !e.DATABASE_URL),
    pglitePrepared: e.RAPPORT_PGLITE_PREPARED,
  };
}

/** The environment for a tool Rapport runs (pg_dump, pg_restore): ours, plus the given variables. */
export function toolEnvironment(extra: Record<string, string>): NodeJS.ProcessEnv {
  return { ...process.env, ...extra };
}
