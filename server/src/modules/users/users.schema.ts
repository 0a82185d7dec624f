import { z } from 'zod';
import { roles } from '../../db/schema/users.ts';
import { pageOf, pageQuery, sortQuery } from '../../lib/pagination.ts';
import { optionalText, recordFields, requiredText, searchText } from '../../lib/records.ts';

export const userSchema = z.object({
  ...recordFields,
  email: z.string(),
  name: z.string(),
  jobTitle: z.string().nullable(),
  role: z.enum(roles),
  unitId: z.uuid().nullable(),
  unitName: z.string().nullable(),
  active: z.boolean(),
  deactivatedAt: z.iso.datetime().nullable(),
  hasPassword: z.boolean(),
});
export type UserDto = z.infer<typeof userSchema>;

export const password = z
  .string()
  .min(12, 'must be at least 12 characters')
  .max(200, 'must be at most 200 characters');

export const createUserBody = z.object({
  email: z
    .email()
    .max(320)
    .transform((e) => e.toLowerCase()),
  name: requiredText(200),
  jobTitle: optionalText(200),
  role: z.enum(roles),
  unitId: z
    .uuid()
    .nullish()
    .transform((v) => v ?? null),
  password: password
    .optional()
    .describe('Initial password; without one the person cannot sign in with a password yet'),
});
export type CreateUser = z.infer<typeof createUserBody>;

export const updateUserBody = z.object({
  name: requiredText(200).optional(),
  jobTitle: optionalText(200).optional(),
  role: z.enum(roles).optional(),
  unitId: z.uuid().nullable().optional(),
});
export type UpdateUser = z.infer<typeof updateUserBody>;

export const userSorts = ['name', 'email', 'createdAt'] as const;
export const listUsersQuery = pageQuery.extend({
  q: searchText.describe('Name or e-mail contains'),
  role: z.enum(roles).optional(),
  unitId: z.uuid().optional(),
  active: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  sort: sortQuery(userSorts, 'name'),
});
export type ListUsersQuery = z.infer<typeof listUsersQuery>;
export const userPage = pageOf(userSchema);

export const changePasswordBody = z.object({
  currentPassword: z.string().min(1, 'is required').max(1000),
  newPassword: password,
});
