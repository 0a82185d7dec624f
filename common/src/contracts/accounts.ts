import { z } from 'zod';
import { type NotificationKind, notificationKinds } from '../labels/notifications.ts';
import { isoDateTime, requiredText } from './shared.ts';
import { password, userSchema } from './users.ts';

/** "Forgot password?": the answer is the same whether or not the address has an account. */
export const forgotPasswordBody = z.object({ email: z.email().max(320) });
export const forgotPasswordAnswer = z.object({ message: z.string().max(300) });
export const FORGOT_PASSWORD_MESSAGE =
  'If that address has an account, a link to choose a new password is on its way. It works once, for an hour.';

/** The secret from an e-mailed link, with the password it sets. */
export const useLinkBody = z.object({
  token: z.string().min(20).max(200),
  newPassword: password,
});
export type UseLink = z.infer<typeof useLinkBody>;

export const invitationAnswer = z.object({
  sentTo: z.string().max(320),
  expiresAt: isoDateTime,
});

export const updateMeBody = z.object({ name: requiredText(200) });
export const meSchema = userSchema;

export const preferenceSchema = z.object({
  kind: z.enum(notificationKinds),
  inApp: z.boolean(),
  email: z.boolean(),
  digest: z.boolean(),
});
export type Preference = z.infer<typeof preferenceSchema>;
export const preferenceList = z.object({ items: z.array(preferenceSchema).max(notificationKinds.length) });
export const setPreferencesBody = z.object({
  items: z
    .array(preferenceSchema)
    .min(1)
    .max(notificationKinds.length)
    .refine((items) => new Set(items.map((i) => i.kind)).size === items.length, 'name each kind once'),
});

/**
 * Every channel on: what a person gets until they choose otherwise. Another unit's ordinary
 * work with my partner comes in the app and the daily digest, not as an e-mail of its own.
 */
export const defaultPreference = (kind: NotificationKind): Preference => ({
  kind,
  inApp: true,
  email: kind !== 'partner_activity',
  digest: true,
});
