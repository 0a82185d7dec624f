import {
  constants,
  createCipheriv,
  createSign,
  publicEncrypt,
  randomBytes,
  X509Certificate,
} from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { generate } from 'selfsigned';
import { SignedXml } from 'xml-crypto';

/**
 * A SAML 2.0 identity provider for tests, on a free local port: a generated key pair signs real
 * responses with xml-crypto (RSA-SHA256, exclusive C14N), as Shibboleth or Entra ID would. Its
 * sign-in page (HTTP-Redirect) answers the AuthnRequest with an auto-posting form for the person
 * named by `signInAs`; `respond()` builds any response a test needs, good or crafted.
 */

export type SamlPerson = { nameID: string; attributes: Record<string, string | string[]> };

const NS = {
  protocol: 'urn:oasis:names:tc:SAML:2.0:protocol',
  assertion: 'urn:oasis:names:tc:SAML:2.0:assertion',
};
const PERSISTENT = 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent';
const xmlText = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const newId = () => `_${randomBytes(16).toString('hex')}`;
const bare = (pem: string) => pem.replace(/-----(BEGIN|END) CERTIFICATE-----|\s/g, '');

export type ResponseOptions = {
  inResponseTo: string | null;
  /** The ACS the response is for (Destination and Recipient). */
  destination: string;
  audience: string;
  person: SamlPerson;
  issuer?: string;
  issuedAt?: Date;
  /** When the assertion stops being valid (default: five minutes after issue). */
  notOnOrAfter?: Date;
  /** What is signed: the assertion (as Shibboleth does), the whole response, both, or nothing. */
  sign?: 'assertion' | 'response' | 'both' | 'none';
  /** Sign with a key the service provider does not trust. */
  impostor?: boolean;
  responseId?: string;
  assertionId?: string;
  sessionIndex?: string;
  status?: string;
};

async function keyPair(commonName: string) {
  const pems = await generate([{ name: 'commonName', value: commonName }], {
    keySize: 2048,
    algorithm: 'sha256',
  });
  return { privateKey: pems.private, certificate: pems.cert };
}

function sign(
  xml: string,
  key: { privateKey: string; certificate: string },
  element: 'Assertion' | 'Response',
) {
  const signer = new SignedXml({
    privateKey: key.privateKey,
    publicCert: key.certificate,
    signatureAlgorithm: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
    canonicalizationAlgorithm: 'http://www.w3.org/2001/10/xml-exc-c14n#',
  });
  const target = element === 'Assertion' ? "//*[local-name(.)='Assertion']" : "/*[local-name(.)='Response']";
  signer.addReference({
    xpath: target,
    transforms: [
      'http://www.w3.org/2000/09/xmldsig#enveloped-signature',
      'http://www.w3.org/2001/10/xml-exc-c14n#',
    ],
    digestAlgorithm: 'http://www.w3.org/2001/04/xmlenc#sha256',
  });
  // The schema puts the signature right after the element's Issuer.
  signer.computeSignature(xml, {
    location: { reference: `${target}/*[local-name(.)='Issuer']`, action: 'after' },
  });
  return signer.getSignedXml();
}

export async function startTestSamlIdp() {
  const key = await keyPair('Northmoor test identity provider');
  const impostorKey = await keyPair('Someone else');
  const people = new Map<string, SamlPerson>();
  const logouts: { nameID: string | null; sessionIndex: string | null }[] = [];
  let next: string | null = null;
  let audience = '';

  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', origin);
    const encoded = url.searchParams.get('SAMLRequest');
    const message = encoded ? inflateRawSync(Buffer.from(encoded, 'base64')).toString('utf8') : '';
    const attr = (name: string) => message.match(new RegExp(`\\b${name}="([^"]*)"`))?.[1] ?? null;
    if (url.pathname === '/sso' && message) {
      const person = next ? people.get(next) : undefined;
      const acs = attr('AssertionConsumerServiceURL') ?? '';
      const samlResponse = idp.respond({
        inResponseTo: attr('ID'),
        destination: acs,
        audience: audience || (message.match(/<saml:Issuer[^>]*>([^<]*)</)?.[1] ?? ''),
        person: person ?? { nameID: 'nobody', attributes: {} },
        ...(person ? {} : { status: 'urn:oasis:names:tc:SAML:2.0:status:Responder', sign: 'none' as const }),
      });
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      response.end(`<!doctype html><html lang="en"><head><title>Northmoor sign-in</title></head>
<body onload="document.forms[0].submit()"><main><h1>Signing you in</h1>
<form method="post" action="${xmlText(acs)}">
<input type="hidden" name="SAMLResponse" value="${samlResponse}">
<input type="hidden" name="RelayState" value="${xmlText(url.searchParams.get('RelayState') ?? '')}">
<button type="submit">Continue to Rapport</button></form></main></body></html>`);
      return;
    }
    if (url.pathname === '/slo' && message) {
      logouts.push({
        nameID: message.match(/<saml:NameID[^>]*>([^<]*)</)?.[1] ?? null,
        sessionIndex: message.match(/<samlp:SessionIndex[^>]*>([^<]*)</)?.[1] ?? null,
      });
      // Back to the service provider's logout address (its entity id is its metadata address).
      const spIssuer = message.match(/<saml:Issuer[^>]*>([^<]*)</)?.[1] ?? '';
      response.writeHead(302, { location: spIssuer.replace(/\/metadata$/, '/logout') }).end();
      return;
    }
    // Browsers ask for a favicon on the sign-in page; there is none, and that is not an error.
    response.writeHead(url.pathname === '/favicon.ico' ? 204 : 404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const entityId = `${origin}/idp`;

  const idp = {
    origin,
    entityId,
    ssoUrl: `${origin}/sso`,
    sloUrl: `${origin}/slo`,
    certificate: key.certificate,
    impostorCertificate: impostorKey.certificate,
    /** Single logout requests received, in order. */
    logouts,
    addPerson(id: string, person: SamlPerson) {
      people.set(id, person);
    },
    /** Who signs in at the identity provider's page next (null: it refuses). */
    signInAs(id: string | null) {
      next = id;
    },
    /** The audience its responses name (by default the AuthnRequest's issuer). */
    useAudience(value: string) {
      audience = value;
    },
    /** The identity provider's metadata (EntityDescriptor), as an administrator would download it. */
    metadata({ withLogout = true } = {}) {
      const redirect = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect';
      return `<?xml version="1.0" encoding="UTF-8"?>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID="${entityId}">
  <md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol" WantAuthnRequestsSigned="false">
    <md:KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>${bare(key.certificate)}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>
    ${withLogout ? `<md:SingleLogoutService Binding="${redirect}" Location="${origin}/slo"/>` : ''}
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="${origin}/sso-post"/>
    <md:SingleSignOnService Binding="${redirect}" Location="${origin}/sso"/>
  </md:IDPSSODescriptor>
</md:EntityDescriptor>`;
    },
    /** A response as XML text (before base64), signed as asked. */
    responseXml(options: ResponseOptions) {
      const issuedAt = options.issuedAt ?? new Date();
      const notOnOrAfter = options.notOnOrAfter ?? new Date(issuedAt.getTime() + 5 * 60_000);
      const issuer = options.issuer ?? entityId;
      const status = options.status ?? 'urn:oasis:names:tc:SAML:2.0:status:Success';
      const inResponseTo = options.inResponseTo ? ` InResponseTo="${xmlText(options.inResponseTo)}"` : '';
      const attributes = Object.entries(options.person.attributes)
        .map(
          ([name, values]) =>
            `<saml:Attribute Name="${xmlText(name)}" NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:uri">${[
              values,
            ]
              .flat()
              .map((v) => `<saml:AttributeValue>${xmlText(v)}</saml:AttributeValue>`)
              .join('')}</saml:Attribute>`,
        )
        .join('');
      const assertion = status.endsWith(':Success')
        ? `<saml:Assertion xmlns:saml="${NS.assertion}" ID="${options.assertionId ?? newId()}" Version="2.0" IssueInstant="${issuedAt.toISOString()}">
<saml:Issuer>${xmlText(issuer)}</saml:Issuer>
<saml:Subject><saml:NameID Format="${PERSISTENT}">${xmlText(options.person.nameID)}</saml:NameID>
<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml:SubjectConfirmationData${inResponseTo} NotOnOrAfter="${notOnOrAfter.toISOString()}" Recipient="${xmlText(options.destination)}"/></saml:SubjectConfirmation></saml:Subject>
<saml:Conditions NotBefore="${new Date(issuedAt.getTime() - 30_000).toISOString()}" NotOnOrAfter="${notOnOrAfter.toISOString()}"><saml:AudienceRestriction><saml:Audience>${xmlText(options.audience)}</saml:Audience></saml:AudienceRestriction></saml:Conditions>
<saml:AuthnStatement AuthnInstant="${issuedAt.toISOString()}" SessionIndex="${options.sessionIndex ?? newId()}"><saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>
<saml:AttributeStatement>${attributes}</saml:AttributeStatement>
</saml:Assertion>`
        : '';
      let xml = `<samlp:Response xmlns:samlp="${NS.protocol}" xmlns:saml="${NS.assertion}" ID="${options.responseId ?? newId()}" Version="2.0" IssueInstant="${issuedAt.toISOString()}" Destination="${xmlText(options.destination)}"${inResponseTo}>
<saml:Issuer>${xmlText(issuer)}</saml:Issuer>
<samlp:Status><samlp:StatusCode Value="${status}"/></samlp:Status>
${assertion}
</samlp:Response>`;
      const signing = options.impostor ? impostorKey : key;
      const what = options.sign ?? 'assertion';
      if (assertion && (what === 'assertion' || what === 'both')) xml = sign(xml, signing, 'Assertion');
      if (what === 'response' || what === 'both') xml = sign(xml, signing, 'Response');
      return xml;
    },
    /**
     * The response with its (signed) assertion encrypted for the service provider's certificate,
     * as an identity provider does once the service provider's metadata offers an encryption key:
     * AES-256-GCM for the assertion, RSA-OAEP for the key (XML Encryption 1.1).
     */
    encrypt(responseXml: string, certificatePem: string) {
      const assertion = /<saml:Assertion[\s\S]*<\/saml:Assertion>/.exec(responseXml)?.[0];
      if (!assertion) return responseXml;
      const contentKey = randomBytes(32);
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', contentKey, iv);
      const data = Buffer.concat([iv, cipher.update(assertion, 'utf8'), cipher.final(), cipher.getAuthTag()]);
      const wrappedKey = publicEncrypt(
        {
          key: new X509Certificate(certificatePem).publicKey,
          padding: constants.RSA_PKCS1_OAEP_PADDING,
          oaepHash: 'sha1',
        },
        contentKey,
      );
      const xenc = 'http://www.w3.org/2001/04/xmlenc#';
      const encrypted = `<saml:EncryptedAssertion><xenc:EncryptedData xmlns:xenc="${xenc}" Type="${xenc}Element"><xenc:EncryptionMethod Algorithm="http://www.w3.org/2009/xmlenc11#aes256-gcm"/><ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><xenc:EncryptedKey><xenc:EncryptionMethod Algorithm="${xenc}rsa-oaep-mgf1p"><ds:DigestMethod Algorithm="http://www.w3.org/2000/09/xmldsig#sha1"/></xenc:EncryptionMethod><xenc:CipherData><xenc:CipherValue>${wrappedKey.toString('base64')}</xenc:CipherValue></xenc:CipherData></xenc:EncryptedKey></ds:KeyInfo><xenc:CipherData><xenc:CipherValue>${data.toString('base64')}</xenc:CipherValue></xenc:CipherData></xenc:EncryptedData></saml:EncryptedAssertion>`;
      return responseXml.replace(assertion, encrypted);
    },
    /**
     * The query string of a LogoutRequest the identity provider sends the browser to the service
     * provider with (single logout started here, HTTP-Redirect), signed as a real one is.
     */
    logoutRequestQuery(options: {
      destination: string;
      nameID: string;
      sessionIndex?: string;
      sign?: 'idp' | 'impostor' | 'none';
      id?: string;
      relayState?: string;
    }) {
      const xml = `<samlp:LogoutRequest xmlns:samlp="${NS.protocol}" xmlns:saml="${NS.assertion}" ID="${options.id ?? newId()}" Version="2.0" IssueInstant="${new Date().toISOString()}" Destination="${xmlText(options.destination)}"><saml:Issuer>${xmlText(entityId)}</saml:Issuer><saml:NameID Format="${PERSISTENT}">${xmlText(options.nameID)}</saml:NameID>${options.sessionIndex ? `<samlp:SessionIndex>${xmlText(options.sessionIndex)}</samlp:SessionIndex>` : ''}</samlp:LogoutRequest>`;
      const parts = [`SAMLRequest=${encodeURIComponent(deflateRawSync(xml).toString('base64'))}`];
      if (options.relayState) parts.push(`RelayState=${encodeURIComponent(options.relayState)}`);
      const sign = options.sign ?? 'idp';
      if (sign === 'none') return parts.join('&');
      parts.push(`SigAlg=${encodeURIComponent('http://www.w3.org/2001/04/xmldsig-more#rsa-sha256')}`);
      const signature = createSign('RSA-SHA256')
        .update(parts.join('&'))
        .sign((sign === 'impostor' ? impostorKey : key).privateKey, 'base64');
      return `${parts.join('&')}&Signature=${encodeURIComponent(signature)}`;
    },
    /** A response as the SAMLResponse form field carries it (base64). */
    respond(options: ResponseOptions) {
      return Buffer.from(idp.responseXml(options), 'utf8').toString('base64');
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  return idp;
}
