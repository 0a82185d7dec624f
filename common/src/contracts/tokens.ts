import { z } from 'zod';
import { isoDateTime, isoDateTimeWithOffset } from './shared.ts';

export const tokenSchema = z.object({
  id: z.uuid(),
  userId: z.uuid(),
  name: z.string().max(120),
  readOnly: z.boolean(),
  createdAt: isoDateTime,
  expiresAt: isoDateTime.nullable(),
  lastUsedAt: isoDateTime.nullable(),
  revokedAt: isoDateTime.nullable(),
});

export const createdTokenSchema = tokenSchema.extend({
  token: z.string().max(100).describe('The bearer token. Shown this once only: store it safely.'),
});

const MAX_LIFETIME_MS = 366 * 24 * 3_600_000;

export const createTokenBody = z.object({
  name: z.string().trim().min(1).max(120),
  readOnly: z.boolean().default(false),
  expiresAt: isoDateTimeWithOffset
    .refine((v) => Date.parse(v) > Date.now(), 'Choose a date in the future')
    .refine((v) => Date.parse(v) < Date.now() + MAX_LIFETIME_MS, 'Choose a date at most a year ahead')
    .optional()
    .describe('Defaults to 90 days from now'),
});
export type CreateToken = z.infer<typeof createTokenBody>;

export const listTokensQuery = z.object({
  userId: z.uuid().optional().describe("Administrators only: another user's tokens"),
});
export const tokenList = z.object({ items: z.array(tokenSchema) });
