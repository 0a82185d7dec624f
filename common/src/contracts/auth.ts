import { z } from 'zod';
import { roles } from '../labels/users.ts';
import { isoDateTime } from './shared.ts';

export const loginBody = z.object({
  email: z.email().max(320),
  password: z.string().min(1).max(1000),
});

export const sessionUserSchema = z.object({
  id: z.uuid(),
  email: z.string().max(320),
  name: z.string().max(200),
  role: z.enum(roles),
  unitId: z.uuid().nullable(),
});

export const sessionSchema = z.object({
  user: sessionUserSchema,
  abilities: z.record(z.string().max(100), z.boolean()),
  csrfToken: z.string().max(100).nullable(),
  expiresAt: isoDateTime.nullable(),
});
