import { z } from 'zod';
import { roles } from './users.ts';

export const loginBody = z.object({
  email: z.email().max(320),
  password: z.string().min(1).max(1000),
});

export const sessionUserSchema = z.object({
  id: z.uuid(),
  email: z.string(),
  name: z.string(),
  role: z.enum(roles),
  unitId: z.uuid().nullable(),
});

export const sessionSchema = z.object({
  user: sessionUserSchema,
  abilities: z.record(z.string(), z.boolean()),
  csrfToken: z.string().nullable(),
  expiresAt: z.iso.datetime().nullable(),
});
