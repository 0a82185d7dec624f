import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Secrets Rapport must read back (a provider's client secret) are kept encrypted with
 * AES-256-GCM under a key derived from RAPPORT_SECRET_KEY; the stored text is
 * `v1.<iv>.<tag>.<ciphertext>` in base64url. A changed key makes old secrets unreadable, not wrong.
 */
const keyOf = (secretKey: string) =>
  Buffer.from(hkdfSync('sha256', secretKey, 'rapport', 'sign-on client secrets', 32));

export function encryptSecret(secretKey: string, plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyOf(secretKey), iv);
  const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return ['v1', iv, cipher.getAuthTag(), data]
    .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
    .join('.');
}

/** The plain secret, or null when it was encrypted under another key (or is not ours). */
export function decryptSecret(secretKey: string, stored: string): string | null {
  const [version, iv, tag, data] = stored.split('.');
  if (version !== 'v1' || !iv || !tag || data === undefined) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', keyOf(secretKey), Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString(
      'utf8',
    );
  } catch {
    return null;
  }
}
