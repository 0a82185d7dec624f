import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { Preference, preferenceList } from '../../../common/src/contracts/accounts.ts';
import type { createdTokenSchema, tokenList } from '../../../common/src/contracts/tokens.ts';
import { api } from './client.ts';
import type { User } from './types.ts';

type Tokens = z.infer<typeof tokenList>;
export type ApiToken = Tokens['items'][number];
export type CreatedToken = z.infer<typeof createdTokenSchema>;

/** Signed out: "Forgot password?" and the e-mailed links. */
export const useForgotPassword = () =>
  useMutation({ mutationFn: (email: string) => api<{ message: string }>('POST', '/auth/forgot', { email }) });

export const useChoosePassword = (purpose: 'reset' | 'invitation') =>
  useMutation({
    mutationFn: (body: { token: string; newPassword: string }) =>
      api<void>('POST', purpose === 'reset' ? '/auth/reset' : '/auth/invitation', body),
  });

/** My account. */
export const useMe = () => useQuery({ queryKey: ['me'], queryFn: () => api<User>('GET', '/me') });

export function useRenameMe() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (name: string) => api<User>('PATCH', '/me', { name }),
    onSuccess: (me) => {
      client.setQueryData(['me'], me);
      client.invalidateQueries({ queryKey: ['session'] });
    },
  });
}

export const useChangePassword = () =>
  useMutation({
    mutationFn: (body: { currentPassword: string; newPassword: string; revokeTokens: boolean }) =>
      api<void>('POST', '/auth/password', body),
  });

export const usePreferences = () =>
  useQuery({
    queryKey: ['notification-preferences'],
    queryFn: () => api<z.infer<typeof preferenceList>>('GET', '/me/notification-preferences'),
  });

export function useSetPreferences() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (items: Preference[]) =>
      api<z.infer<typeof preferenceList>>('PUT', '/me/notification-preferences', { items }),
    onSuccess: (answer) => client.setQueryData(['notification-preferences'], answer),
  });
}

export const useTokens = () =>
  useQuery({ queryKey: ['tokens'], queryFn: () => api<Tokens>('GET', '/tokens') });

export function useCreateToken() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { name: string; readOnly: boolean }) => api<CreatedToken>('POST', '/tokens', body),
    onSuccess: () => client.invalidateQueries({ queryKey: ['tokens'] }),
  });
}

export function useRevokeToken() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<void>('DELETE', `/tokens/${id}`),
    onSuccess: () => client.invalidateQueries({ queryKey: ['tokens'] }),
  });
}

/** Administrators: e-mail a user a link to choose their password. */
export function useInviteUser() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<{ sentTo: string; expiresAt: string }>('POST', `/users/${id}/invite`),
    onSuccess: () => client.invalidateQueries({ queryKey: ['users'] }),
  });
}
