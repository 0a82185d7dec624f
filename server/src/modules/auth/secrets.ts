import { createHash, randomBytes } from 'node:crypto';

/** A fresh random secret, URL-safe, with an optional recognisable prefix. */
export const newSecret = (prefix = '') => `${prefix}${randomBytes(32).toString('base64url')}`;

/** Secrets are stored only as their SHA-256; they have enough entropy not to need a slow hash. */
export const hashSecret = (secret: string) => createHash('sha256').update(secret).digest('hex');
