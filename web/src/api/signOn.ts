import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  CreateSamlProvider,
  CreateSignOnProvider,
  SignInPolicy,
  SignOnProviderDto,
  signInOptionsSchema,
  signInPolicySchema,
  signOnProviderList,
  UpdateSignOnProvider,
} from '../../../common/src/contracts/sign-on.ts';
import { api } from './client.ts';

export type SignInOptions = z.infer<typeof signInOptionsSchema>;
export type SignOnProviders = z.infer<typeof signOnProviderList>;
export type SignInPolicyState = z.infer<typeof signInPolicySchema>;
export type { SignOnProviderDto };

/** The sign-in page's buttons; signed-out callers may ask. */
export const useSignInOptions = () =>
  useQuery({ queryKey: ['sign-on-options'], queryFn: () => api<SignInOptions>('GET', '/sign-on/options') });

/** Where a provider's button goes: Rapport's start, which sends the browser on to the provider. */
export const signOnStartUrl = (key: string, returnTo: string) =>
  `/api/v1/sign-on/${encodeURIComponent(key)}/start${returnTo && returnTo !== '/' ? `?returnTo=${encodeURIComponent(returnTo)}` : ''}`;

export const useSignOnProviders = () =>
  useQuery({
    queryKey: ['sign-on-providers'],
    queryFn: () => api<SignOnProviders>('GET', '/sign-on-providers'),
  });

export const useSignInPolicy = () =>
  useQuery({ queryKey: ['sign-in-policy'], queryFn: () => api<SignInPolicyState>('GET', '/sign-in-policy') });

function useSignOnWrite<I, O>(fn: (input: I) => Promise<O>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () =>
      Promise.all(
        ['sign-on-providers', 'sign-in-policy', 'sign-on-options'].map((key) =>
          client.invalidateQueries({ queryKey: [key] }),
        ),
      ),
  });
}

export const useSaveProvider = (provider?: SignOnProviderDto) =>
  useSignOnWrite((body: CreateSignOnProvider | UpdateSignOnProvider) =>
    provider
      ? api<SignOnProviderDto>('PATCH', `/sign-on-providers/${provider.id}`, body, {
          version: provider.version,
        })
      : api<SignOnProviderDto>('POST', '/sign-on-providers', body),
  );

/** Adds a SAML provider, or changes one (the same PATCH as OpenID Connect providers). */
export const useSaveSamlProvider = (provider?: SignOnProviderDto) =>
  useSignOnWrite((body: CreateSamlProvider | UpdateSignOnProvider) =>
    provider
      ? api<SignOnProviderDto>('PATCH', `/sign-on-providers/${provider.id}`, body, {
          version: provider.version,
        })
      : api<SignOnProviderDto>('POST', '/sign-on-providers/saml', body),
  );

export const useRemoveProvider = (provider: SignOnProviderDto) =>
  useSignOnWrite(() =>
    api<void>('DELETE', `/sign-on-providers/${provider.id}`, undefined, { version: provider.version }),
  );

export const useSavePolicy = (version: number) =>
  useSignOnWrite((body: SignInPolicy) => api<SignInPolicyState>('PUT', '/sign-in-policy', body, { version }));
