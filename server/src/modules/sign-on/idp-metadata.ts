import { X509Certificate } from 'node:crypto';
import { DOMParser } from '@xmldom/xmldom';
import * as xpath from 'xpath';
import { AppError, invalid } from '../../errors.ts';

/**
 * Reading a SAML identity provider's metadata (an EntityDescriptor): its entity id, the
 * HTTP-Redirect sign-in and sign-out addresses, and the certificates it signs with.
 */

const REDIRECT = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect';
const md = (name: string) =>
  `*[local-name()='${name}' and namespace-uri()='urn:oasis:names:tc:SAML:2.0:metadata']`;

export type IdentityProviderSettings = {
  entityId: string;
  ssoUrl: string;
  sloUrl: string | null;
  certificates: string[];
};

/** Parses XML without a DOCTYPE (no entities to expand); null when it is not well-formed. */
export function parseXml(text: string): Document | null {
  if (/<!DOCTYPE/i.test(text)) return null;
  let failed = false;
  const onError = () => {
    failed = true;
  };
  try {
    const doc = new DOMParser({ errorHandler: { error: onError, fatalError: onError } }).parseFromString(
      text,
      'text/xml',
    ) as unknown as Document;
    return failed || !doc?.documentElement ? null : doc;
  } catch {
    return null;
  }
}

const attribute = (node: unknown, name: string) => {
  const value = (node as Element | undefined)?.getAttribute?.(name);
  return value ? value.trim() : null;
};

/** A certificate as PEM, or null when the text is not one X.509 certificate. */
export function toPem(text: string): string | null {
  const body = text.replace(/-----(BEGIN|END) CERTIFICATE-----/g, '').replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(body)) return null;
  const pem = `-----BEGIN CERTIFICATE-----\n${body.match(/.{1,64}/g)!.join('\n')}\n-----END CERTIFICATE-----\n`;
  try {
    new X509Certificate(pem);
    return pem;
  } catch {
    return null;
  }
}

/** The SHA-256 fingerprint administrators compare with the identity provider's. */
export const fingerprintOf = (pem: string) => new X509Certificate(pem).fingerprint256;

/**
 * Fetches an identity provider's metadata from its address: at most `maxBytes`, within
 * `timeoutMs`, no redirect to elsewhere followed blindly (fetch follows at most 20, each checked
 * by the same limits). Any failure is a validation error on `metadataUrl` saying what went wrong.
 */
export async function fetchIdentityProviderMetadata(
  url: string,
  limits: { timeoutMs: number; maxBytes: number },
): Promise<string> {
  const seconds = Math.round(limits.timeoutMs / 1000);
  const fail = (why: string) => invalid('metadataUrl', `could not be read: ${why}`);
  let response: Response;
  const signal = AbortSignal.timeout(limits.timeoutMs);
  try {
    response = await fetch(url, {
      signal,
      redirect: 'follow',
      headers: { accept: 'application/samlmetadata+xml, application/xml, text/xml' },
    });
  } catch (error) {
    if (signal.aborted) throw fail(`no answer within ${seconds} s`);
    throw fail(
      `the address cannot be reached (${(error as Error).cause ?? (error as Error).message})`.slice(0, 300),
    );
  }
  if (!response.ok) {
    await response.body?.cancel().catch(() => undefined);
    throw fail(`the address answered HTTP ${response.status}`);
  }
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (declared > limits.maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw fail(`it is larger than ${limits.maxBytes.toLocaleString('en-GB')} bytes`);
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    const reader = response.body?.getReader();
    for (;;) {
      const read = reader ? await reader.read() : { done: true as const, value: undefined };
      if (read.done) break;
      const chunk = read.value;
      size += chunk.byteLength;
      if (size > limits.maxBytes) {
        await reader?.cancel().catch(() => undefined);
        throw fail(`it is larger than ${limits.maxBytes.toLocaleString('en-GB')} bytes`);
      }
      chunks.push(chunk);
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    if (signal.aborted) throw fail(`no answer within ${seconds} s`);
    throw fail('the answer broke off');
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** The identity provider's settings from its metadata, or a validation error on `field` saying what is missing. */
export function readIdentityProviderMetadata(xml: string, field = 'metadataXml'): IdentityProviderSettings {
  const refuse = (message: string) => invalid(field, message);
  const doc = parseXml(xml);
  if (!doc) throw refuse('is not well-formed XML (a DOCTYPE is not accepted)');
  const descriptors = xpath.select(
    `//${md('EntityDescriptor')}[${md('IDPSSODescriptor')}]`,
    doc,
  ) as Element[];
  if (descriptors.length === 0) throw refuse('describes no identity provider (IDPSSODescriptor)');
  if (descriptors.length > 1) {
    throw refuse('describes several identity providers: give the one to use');
  }
  const entity = descriptors[0]!;
  const entityId = attribute(entity, 'entityID');
  if (!entityId || entityId.length > 500) throw refuse('has no entityID (of up to 500 characters)');
  const idp = xpath.select1(md('IDPSSODescriptor'), entity) as Element;
  const service = (name: string) =>
    attribute(xpath.select1(`${md(name)}[@Binding='${REDIRECT}']`, idp), 'Location');
  const ssoUrl = service('SingleSignOnService');
  if (!ssoUrl) throw refuse('offers no single sign-on address with the HTTP-Redirect binding');
  const keys = xpath.select(
    `${md('KeyDescriptor')}[not(@use) or @use='signing']//*[local-name()='X509Certificate']`,
    idp,
  ) as Element[];
  const certificates = [...new Set(keys.map((k) => toPem(k.textContent ?? '')))];
  if (certificates.length === 0 || certificates.includes(null)) {
    throw refuse('holds no readable signing certificate');
  }
  return { entityId, ssoUrl, sloUrl: service('SingleLogoutService'), certificates: certificates as string[] };
}
