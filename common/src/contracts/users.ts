import { z } from 'zod';
import { roles } from '../labels/users.ts';
import { isoDateTime, nullableUuid, optionalText, pageOf, recordFields, requiredText } from './shared.ts';

export const userSchema = z.object({
  ...recordFields,
  email: z.string().max(320),
  name: z.string().max(200),
  jobTitle: z.string().max(200).nullable(),
  role: z.enum(roles),
  unitId: z.uuid().nullable(),
  unitName: z.string().max(200).nullable(),
  active: z.boolean(),
  deactivatedAt: isoDateTime.nullable(),
  hasPassword: z.boolean(),
});
export type UserDto = z.infer<typeof userSchema>;

export const password = z.string().min(12).max(200);

export const createUserBody = z.object({
  email: z
    .email()
    .max(320)
    .transform((e) => e.toLowerCase()),
  name: requiredText(200),
  jobTitle: optionalText(200),
  role: z.enum(roles),
  unitId: nullableUuid,
  password: password
    .optional()
    .describe(
      'Initial password; without one the person is e-mailed an invitation to choose one (when e-mail is configured)',
    ),
});
export type CreateUser = z.infer<typeof createUserBody>;

export const updateUserBody = z.object({
  name: requiredText(200).optional(),
  jobTitle: optionalText(200).optional(),
  role: z.enum(roles).optional(),
  unitId: z.uuid().nullable().optional(),
});
export type UpdateUser = z.infer<typeof updateUserBody>;

// The list query (filters, sorts) is declared in common/src/lists/users.ts.
export const userPage = pageOf(userSchema);

export const changePasswordBody = z.object({
  currentPassword: z.string().min(1).max(1000),
  newPassword: password,
  revokeTokens: z
    .boolean()
    .default(true)
    .describe('Also revoke all my API tokens (default true); my other sessions end either way'),
});
export type ChangePassword = z.infer<typeof changePasswordBody>;
